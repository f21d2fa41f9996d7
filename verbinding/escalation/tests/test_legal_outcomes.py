"""After the handover or the court start: judgments, evictions carried out or called off, cases
withdrawn — appended in a sensible order, audited, shown on the household's escalation page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from verbinding import clock
from verbinding.audit.models import AuditEvent
from verbinding.escalation import rules, services
from verbinding.escalation.models import Escalation, LegalOutcome, LegalOutcomeKind
from verbinding.testing import factories as f


def today() -> dt.date:
    return clock.today()


@pytest.fixture
def court(cast):  # type: ignore[no-untyped-def]
    return Escalation.objects.create(
        household=cast.north_household,
        tenancy=cast.north_household.tenancies.get(),
        kind="COURT",
        start_reason="ACH",
        handed_over_on=today() - dt.timedelta(days=90),
        reason="Drie maanden achterstand",
        created_by=cast.team_lead,
    )


def record(step, kind, days_ago, actor, note=""):  # type: ignore[no-untyped-def]
    return services.legal_outcome_record(
        escalation=step,
        kind=kind,
        occurred_on=today() - dt.timedelta(days=days_ago),
        actor=actor,
        note=note,
    )


def test_the_outcome_kinds_and_the_rules_use_the_same_codes():
    known = {k for nxt in rules.NEXT_OUTCOMES.values() for k in nxt} | {
        k for k in rules.NEXT_OUTCOMES if k
    }
    assert known == set(LegalOutcomeKind.values)


def test_a_judgment_then_an_eviction_called_off_is_appended_and_audited(cast, court):
    judgment = record(court, "dissolution", 40, cast.advisor, "Ontbinding en ontruiming")
    off = record(court, "eviction_called_off", 20, cast.advisor, "Schuld betaald via schuldhulp")
    assert [o.kind for o in court.outcomes.all()] == ["dissolution", "eviction_called_off"]
    assert off.household_id == cast.north_household.id and off.tenancy_id == court.tenancy_id
    assert judgment.vera_end_reason == "" and off.vera_end_reason == ""
    events = AuditEvent.objects.filter(object_type="escalation.legaloutcome")
    assert events.count() == 2
    assert set(events.values_list("household_id", flat=True)) == {cast.north_household.id}
    # The judgment still stands: the eviction can be carried out later after all.
    executed = record(court, "eviction_executed", 5, cast.team_lead)
    assert executed.vera_end_reason == "OTR"


def test_outcomes_must_follow_in_a_sensible_order_and_not_go_back_in_time(cast, court):
    with pytest.raises(services.EscalationError):
        record(court, "eviction_executed", 10, cast.advisor)  # no judgment yet
    with pytest.raises(services.EscalationError):
        record(court, "dissolution", 100, cast.advisor)  # before the court start
    with pytest.raises(services.EscalationError):
        record(court, "dissolution", -1, cast.advisor)  # tomorrow
    paid = record(court, "payment_judgment", 30, cast.advisor)
    assert paid.vera_end_reason == "BVO"
    with pytest.raises(services.EscalationError):
        record(court, "eviction_executed", 10, cast.advisor)  # a payment judgment ends it
    with pytest.raises(PermissionError):
        record(court, "withdrawn", 10, cast.manager)
    assert LegalOutcome.objects.count() == 1


def test_a_collection_agency_has_no_court_case_so_only_withdrawal_follows(cast):
    agency = Escalation.objects.create(
        household=cast.north_household,
        tenancy=cast.north_household.tenancies.get(),
        kind="INC",
        start_reason="ACH",
        handed_over_on=today() - dt.timedelta(days=60),
        reason="r",
        created_by=cast.team_lead,
    )
    with pytest.raises(services.EscalationError):
        record(agency, "dissolution", 10, cast.advisor)
    assert record(agency, "withdrawn", 10, cast.advisor, "Betaald").vera_end_reason == "TER"


def test_the_page_shows_the_history_and_records_an_outcome_in_dutch(
    cast, court, client, django_assert_max_num_queries
):
    record(court, "dissolution", 40, cast.advisor, "Vonnis kantonrechter")
    client.force_login(cast.advisor)
    url = reverse("escalation:household", args=[cast.north_household.id])
    # A bounded number, whatever the history: the guardrails read the episode, visits, offers,
    # arrangements, letters, stays and signals once each (issue 11).
    with django_assert_max_num_queries(24):
        page = client.get(url).content.decode()
    assert "Vonnis: huurovereenkomst ontbonden" in page and "Vonnis kantonrechter" in page
    assert 'data-outcome="dissolution"' in page
    response = client.post(
        url,
        {
            "outcome-escalation": court.id,
            "outcome-kind": "eviction_called_off",
            "outcome-occurred_on": (today() - dt.timedelta(days=3)).isoformat(),
            "outcome-note": "Betalingsregeling na vonnis",
        },
    )
    assert response.status_code == 302
    assert court.outcomes.last().kind == "eviction_called_off"
    page = client.get(url).content.decode()
    assert "Betalingsregeling na vonnis" in page and "Ontruiming afgeblazen" in page
    # A wrong order is refused with a message, nothing recorded.
    response = client.post(
        url,
        {
            "outcome-escalation": court.id,
            "outcome-kind": "withdrawn",
            "outcome-occurred_on": today().isoformat(),
        },
        follow=True,
    )
    assert court.outcomes.count() == 2 and "kan niet volgen op" in response.content.decode()


def test_a_step_of_another_household_cannot_be_chosen(cast, court, client):
    other = f.household_in(cast.north)
    client.force_login(cast.advisor)
    response = client.post(
        reverse("escalation:household", args=[other.id]),
        {
            "outcome-escalation": court.id,
            "outcome-kind": "dissolution",
            "outcome-occurred_on": today().isoformat(),
        },
    )
    assert response.status_code == 200  # the form refuses a step that is not this household's
    assert not LegalOutcome.objects.exists()


def test_a_household_out_of_reach_is_not_found_and_managers_are_refused(cast, court, client):
    url = reverse("escalation:household", args=[cast.north_household.id])
    client.force_login(cast.other_advisor)  # works in the south
    assert client.get(url).status_code == 404
    response = client.post(
        url,
        {
            "outcome-escalation": court.id,
            "outcome-kind": "dissolution",
            "outcome-occurred_on": today().isoformat(),
        },
    )
    assert response.status_code == 404 and not LegalOutcome.objects.exists()
    client.force_login(cast.manager)
    assert client.get(url).status_code == 403
    client.force_login(cast.team_lead)
    assert client.get(url).status_code == 200


def test_the_history_stays_visible_after_the_tenancy_has_ended(cast, court, client):
    record(court, "dissolution", 40, cast.advisor)
    record(court, "eviction_executed", 20, cast.advisor)
    cast.north_household.tenancies.update(status="ONT", end_date=today() - dt.timedelta(days=20))
    client.force_login(cast.advisor)
    page = client.get(reverse("escalation:household", args=[cast.north_household.id]))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-outcome="eviction_executed"' in html and "Geen lopend huurcontract" in html


def test_an_outcome_dated_in_the_future_is_refused_in_the_form_and_the_service(cast, court, client):
    with pytest.raises(services.EscalationError):
        record(court, "dissolution", -3, cast.advisor)
    client.force_login(cast.advisor)
    response = client.post(
        reverse("escalation:household", args=[cast.north_household.id]),
        {
            "outcome-escalation": court.id,
            "outcome-kind": "dissolution",
            "outcome-occurred_on": (today() + dt.timedelta(days=3)).isoformat(),
        },
    )
    assert response.status_code == 200 and not LegalOutcome.objects.exists()
    assert "De datum kan niet in de toekomst liggen" in response.text
