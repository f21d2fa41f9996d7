"""Issue 15, warm referral: consent recorded, only the agreed data shared, the partner answers
through a one-time link (no account), revoking consent stops the link, and an unanswered
referral comes onto the worklist after five working days."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from verbinding import clock
from verbinding.audit.models import AuditEvent
from verbinding.referrals import rules, services
from verbinding.referrals.models import Partner, Referral
from verbinding.worklist import selectors as worklist

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner(cast):
    municipality = cast.north.district.municipality
    return Partner.objects.create(
        name="Wijkteam Noord",
        kind="wijkteam",
        municipality=municipality,
        email="intake@wijkteam.example",
    )


def refer(cast, partner, shared=("contact", "question")):
    return services.referral_create(
        household=cast.north_household,
        partner=partner,
        question="Mevrouw zoekt hulp bij haar administratie.",
        shared=shared,
        purpose="Hulp bij de administratie",
        consent_until=clock.today() + dt.timedelta(days=90),
        actor=cast.advisor,
        base_url="http://testserver",
    )


def token_of(link: str) -> str:
    return link.rstrip("/").rsplit("/", 1)[-1]


def test_the_partner_sees_only_what_the_tenant_agreed_to_and_answers(client, cast, partner):
    referral, link = refer(cast, partner, shared=("question",))
    assert len(mail.outbox) == 1 and link in mail.outbox[0].body
    assert referral.token_hash != token_of(link)  # only the hash is stored
    page = client.get(link)
    assert page.status_code == 200
    assert "administratie" in page.text
    assert cast.north_household.name not in page.text  # contact details were not agreed
    assert AuditEvent.objects.filter(summary="referral opened by partner").count() == 1
    response = client.post(link, {"status": "intake", "intake_on": "2026-07-01", "note": ""})
    assert 'data-testid="answered"' in response.text
    referral.refresh_from_db()
    assert referral.status == "intake" and referral.intake_on == dt.date(2026, 7, 1)
    client.force_login(cast.advisor)
    page = client.get(reverse("referrals:household", args=[cast.north_household.id]))
    assert "Intake gepland" in page.text


def test_a_declined_referral_needs_a_reason(cast, partner):
    _referral, link = refer(cast, partner)
    with pytest.raises(services.ReferralError):
        services.referral_answer(token=token_of(link), status="declined", note=" ")


def test_revoking_consent_stops_the_partners_link(client, cast, partner):
    referral, link = refer(cast, partner)
    client.force_login(cast.advisor)
    client.post(reverse("referrals:revoke", args=[referral.id]))
    client.logout()
    assert client.get(link).status_code == 410
    with pytest.raises(services.ReferralError):
        services.referral_answer(token=token_of(link), status="accepted")
    # and an advisor of another area cannot revoke (or see) it
    client.force_login(cast.other_advisor)
    assert client.post(reverse("referrals:revoke", args=[referral.id])).status_code == 404


def test_an_unknown_or_expired_link_is_gone(client, cast, partner):
    _referral, link = refer(cast, partner)
    assert client.get("/referrals/r/not-a-token/").status_code == 410
    later = clock.now() + dt.timedelta(days=rules.LINK_VALID_DAYS + 1)
    with time_machine.travel(later):
        assert client.get(link).status_code == 410


def test_no_answer_after_five_working_days_comes_onto_the_worklist(cast, partner):
    amsterdam = ZoneInfo("Europe/Amsterdam")
    with time_machine.travel(dt.datetime(2026, 6, 5, 10, tzinfo=amsterdam)):  # a Friday
        refer(cast, partner)

    def items(day):
        rows = worklist.worklist_for(user=cast.advisor, today=day, recent_days=30).rows
        return [i for r in rows for i in r.items if i.source == "referrals"]

    assert items(dt.date(2026, 6, 12)) == []  # five working days later: still in time
    overdue = items(dt.date(2026, 6, 13))
    assert len(overdue) == 1 and "Wijkteam Noord" in str(overdue[0].reason)
    Referral.objects.update(status="accepted")
    assert items(dt.date(2026, 6, 15)) == []


def test_working_days_skip_the_weekend():
    assert rules.add_working_days(dt.date(2026, 6, 5), 1) == dt.date(2026, 6, 8)
    assert rules.add_working_days(dt.date(2026, 6, 5), 5) == dt.date(2026, 6, 12)


def test_the_advisor_refers_through_the_form_and_sees_the_link_once(client, cast, partner):
    client.force_login(cast.advisor)
    url = reverse("referrals:household", args=[cast.north_household.id])
    form = client.get(url)
    assert form.status_code == 200
    response = client.post(
        url,
        {
            "partner": partner.id,
            "question": "Graag een intake.",
            "shared": ["question"],
            "purpose": "Schulden op een rij",
            "consent_until": (clock.today() + dt.timedelta(days=30)).isoformat(),
            "consent": "on",
        },
        follow=True,
    )
    assert 'data-testid="referral-link"' in response.text
    assert 'data-testid="referral-link"' not in client.get(url).text  # shown only once


def test_the_partners_answer_lands_on_the_case_and_in_lopende_zaken(client, cast, partner):
    """Issue 15: 'their answer lands on the case timeline and the household's lopende zaken'."""
    from verbinding.cases.services import case_open

    case = case_open(
        household=cast.north_household, detail="HUA", handler=cast.advisor, actor=cast.advisor
    )
    client.force_login(cast.advisor)
    form = client.get(
        reverse("referrals:household", args=[cast.north_household.id]) + f"?case={case.id}"
    )
    assert f'<option value="{case.id}" selected>' in form.text
    referral, link = services.referral_create(
        household=cast.north_household,
        partner=partner,
        question="Graag een intake.",
        shared=("question",),
        purpose="Schulden op een rij",
        consent_until=clock.today() + dt.timedelta(days=90),
        actor=cast.advisor,
        case=case,
    )
    household_page = reverse("households:detail", args=[cast.north_household.id])
    top = client.get(household_page).text
    assert 'data-testid="glance-referral"' in top and "Wijkteam Noord" in top
    services.referral_answer(
        token=token_of(link), status="intake", intake_on=dt.date(2026, 7, 2), note="Bel ons gerust"
    )
    case_page = client.get(reverse("cases:detail", args=[case.id])).text
    assert 'data-testid="case-referral"' in case_page
    assert "Intake gepland" in case_page and "2 jul 2026" in case_page.lower()
    assert "Bel ons gerust" in case_page
    top = client.get(household_page).text
    glance = top[top.index('data-testid="glance-referral"') :]
    assert "intake op" in glance and "2 jul 2026" in glance.lower(), glance[:600]
    # withdrawn consent: no longer 'in play' in lopende zaken, still on the case with the date
    services.consent_revoke(referral=referral, actor=cast.advisor)
    assert 'data-testid="glance-referral"' not in client.get(household_page).text
    assert "Toestemming ingetrokken" in client.get(reverse("cases:detail", args=[case.id])).text


def test_a_case_of_another_household_is_refused(cast, partner):
    from verbinding.cases.services import case_open

    other = case_open(
        household=cast.south_household, detail="HUA", handler=cast.advisor, actor=cast.advisor
    )
    with pytest.raises(services.ReferralError):
        services.referral_create(
            household=cast.north_household,
            partner=partner,
            question="q",
            shared=("question",),
            purpose="p",
            consent_until=clock.today() + dt.timedelta(days=9),
            actor=cast.advisor,
            case=other,
        )
