"""The guardrails before the bailiff or the court: a handover refused, then allowed; an override."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from verbinding.arrangements.services import arrangement_offer_record
from verbinding.audit.models import AuditEvent
from verbinding.contacts.services import contact_record
from verbinding.earlysignals.models import ExportBatch, Signal
from verbinding.escalation import rules, services
from verbinding.escalation.models import Escalation
from verbinding.letters.services import letter_record_receipt, letter_send
from verbinding.testing import factories as f

TODAY = dt.date(2026, 3, 20)
pytestmark = pytest.mark.today(TODAY)


def signal_sent(tenancy, day: dt.date):  # type: ignore[no-untyped-def]
    """The early signal as the export records it (the municipality receives signals)."""
    batch = ExportBatch.objects.create(adapter="generic", file_format="csv", count=1)
    return Signal.objects.create(
        household=tenancy.household,
        tenancy=tenancy,
        municipality=tenancy.unit.neighbourhood.district.municipality,
        arose_on=day,
        signal_date=day,
        arrears_cents=1,
        name="x",
        street="x",
        postcode="x",
        city="x",
        batch=batch,
    )


def hand_over(cast, actor, override: str = ""):  # type: ignore[no-untyped-def]
    household = cast.north_household
    return services.escalation_record(
        household=household,
        tenancy=household.tenancies.get(),
        kind="DEU",
        start_reason="ACH",
        reason="Three months of arrears, no response",
        actor=actor,
        handed_over_on=TODAY,
        override_reason=override,
    )


def test_the_handover_is_refused_until_the_file_is_complete_then_allowed(
    cast, django_capture_on_commit_callbacks, _frozen_clock
):
    """Issue 5 / docs/arrangements.md: a home-visit attempt, an offered arrangement and a
    14-dagenbrief with receipt date and expired term (art. 6:96 lid 6 BW) come first."""
    household = cast.north_household
    tenancy = household.tenancies.get()
    f.LedgerEntryFactory(tenancy=tenancy, booked_on=dt.date(2026, 1, 1), amount_cents=195000)
    with pytest.raises(services.GuardrailsNotMet) as refused:
        hand_over(cast, cast.advisor)
    assert refused.value.missing == [
        rules.HOME_VISIT,
        rules.ARRANGEMENT_OFFERED,
        rules.FOURTEEN_DAY_LETTER,
        rules.EARLY_SIGNAL,
    ]
    signal_sent(tenancy, dt.date(2026, 2, 20))

    # A home visit nobody answered still counts as an attempt.
    contact_record(household=household, channel="BEZ", outcome="not_home", actor=cast.advisor)
    arrangement_offer_record(
        household=household, offered_on=dt.date(2026, 2, 1), channel="BEZ", actor=cast.advisor
    )
    letter = letter_send(
        household=household,
        tenancy=tenancy,
        kind="fourteen_day",
        actor=cast.advisor,
        sent_on=dt.date(2026, 3, 1),
    )
    with pytest.raises(services.GuardrailsNotMet) as refused:
        hand_over(cast, cast.advisor)
    assert refused.value.missing == [rules.FOURTEEN_DAY_LETTER]  # no receipt date yet

    letter_record_receipt(
        letter=letter,
        received_on=dt.date(2026, 3, 6),
        evidence="track en trace",
        actor=cast.advisor,
    )
    with pytest.raises(services.GuardrailsNotMet):
        hand_over(cast, cast.advisor)  # 20 March: the term runs until 20 March inclusive

    _frozen_clock.move_to(dt.datetime(2026, 3, 21, 10, tzinfo=ZoneInfo("Europe/Amsterdam")))
    step = services.escalation_record(
        household=household,
        tenancy=tenancy,
        kind="DEU",
        start_reason="ACH",
        reason="No response",
        actor=cast.advisor,
        handed_over_on=dt.date(2026, 3, 21),
    )
    assert not step.overridden and step.arrears_cents == 195000
    assert all(c["met"] for c in step.checks)


def test_a_team_lead_overrides_with_a_reason_and_it_is_reported(cast, client):
    """Only a team lead may go ahead without a complete file; the override is audited and listed."""
    tenancy = cast.north_household.tenancies.get()
    f.LedgerEntryFactory(tenancy=tenancy, booked_on=dt.date(2026, 1, 1), amount_cents=195000)
    with pytest.raises(services.GuardrailsNotMet):
        hand_over(cast, cast.team_lead)  # no reason given
    with pytest.raises(services.GuardrailsNotMet):
        hand_over(cast, cast.advisor, override="urgent")  # advisors cannot override
    step = hand_over(cast, cast.team_lead, override="Tenant left the country; mail returned")
    assert step.overridden and step.override_by == cast.team_lead
    assert AuditEvent.objects.filter(
        object_type="escalation.escalation", summary__startswith="guardrails overridden"
    ).exists()

    client.force_login(cast.privacy_officer)
    page = client.get(reverse("escalation:overrides")).content.decode()
    assert "Tenant left the country" in page and "Huishouden Jansen" not in page
    client.force_login(cast.team_lead)
    assert "Huishouden Jansen" in client.get(reverse("escalation:overrides")).content.decode()
    client.force_login(cast.advisor)
    assert client.get(reverse("escalation:overrides")).status_code == 403


def test_the_page_says_what_is_missing_and_why(cast, client):
    client.force_login(cast.advisor)
    page = client.get(
        reverse("escalation:household", args=[cast.north_household.id])
    ).content.decode()
    # Nothing owed, no visit, no offer, no letter; the court threshold; no early signal.
    assert page.count('data-met="no"') == 6
    assert "Er is vandaag niets achterstallig" in page
    assert "6:96 lid 6 BW" in page and "Besluit gemeentelijke schuldhulpverlening" in page
    response = client.post(
        reverse("escalation:household", args=[cast.north_household.id]),
        {"kind": "DEU", "start_reason": "ACH", "handed_over_on": "2026-03-20", "reason": "x"},
    )
    assert response.status_code == 200 and not Escalation.objects.exists()


def test_a_handover_dated_in_the_future_is_refused_in_the_service_and_the_form(cast, client):
    """Issue 13: dating the handover 20 days ahead bypassed the 14-day-letter guardrail and did
    not show as an override (art. 6:96 lid 6 BW: the term must have expired *before* handover)."""
    with pytest.raises(services.EscalationError, match=r"future|toekomst"):
        services.escalation_record(
            household=cast.north_household,
            tenancy=cast.north_household.tenancies.get(),
            kind="DEU",
            start_reason="ACH",
            reason="x",
            actor=cast.team_lead,
            handed_over_on=TODAY + dt.timedelta(days=20),
            override_reason="urgent",
        )
    client.force_login(cast.team_lead)
    response = client.post(
        reverse("escalation:household", args=[cast.north_household.id]),
        {
            "kind": "DEU",
            "start_reason": "ACH",
            "handed_over_on": (TODAY + dt.timedelta(days=20)).isoformat(),
            "reason": "x",
            "override_reason": "urgent",
        },
    )
    assert response.status_code == 200 and not Escalation.objects.exists()
    assert "De datum kan niet in de toekomst liggen" in response.text


def test_the_manager_sees_override_counts_without_reasons_and_small_counts_suppressed(cast, client):
    """Issue 13: an override reason is personal free text ("tenant in a psychiatric clinic");
    a manager steers on figures (AVG art. 5(1)(c)); a count of 1 in a neighbourhood points at
    a household, so counts below 5 are not shown."""
    tenancy = cast.north_household.tenancies.get()
    f.LedgerEntryFactory(tenancy=tenancy, booked_on=dt.date(2026, 1, 1), amount_cents=195000)
    hand_over(cast, cast.team_lead, override="Huurder opgenomen in kliniek")
    other = f.household_in(cast.south, name="Huishouden Zuid")
    for i in range(5):
        Escalation.objects.create(
            household=other,
            tenancy=other.tenancies.get(),
            kind="DEU",
            start_reason="ACH",
            handed_over_on=TODAY - dt.timedelta(days=i),
            reason="x",
            overridden=True,
            override_by=cast.team_lead,
            override_reason=f"Reden {i}",
            created_by=cast.team_lead,
        )
    client.force_login(cast.manager)
    page = client.get(reverse("escalation:overrides")).content.decode()
    assert "kliniek" not in page and "Reden" not in page
    assert "Huishouden" not in page
    assert "minder dan 5" in page  # the one override in the north
    assert ">5<" in page  # the five in the south
