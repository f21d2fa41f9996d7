"""Arrangements at the kitchen table, decided and tracked against imported payments, with dates.

Each scenario is checked against the rule it cites (domain.md §3 and docs/arrangements.md).
"""

from __future__ import annotations

import datetime as dt

import pytest

from verbinding.arrangements import services
from verbinding.arrangements.models import ArrangementPolicy, PaymentArrangement
from verbinding.arrangements.tests.conftest import book
from verbinding.arrangements.worklist import ArrangementSource
from verbinding.audit.models import AuditEvent
from verbinding.ledger.hooks import ledger_changed

pytestmark = pytest.mark.usefixtures("reference")

FEB_10 = dt.date(2026, 2, 10)


def tenancy_of(household):  # type: ignore[no-untyped-def]
    return household.tenancies.get()


def in_arrears(household, months: int):  # type: ignore[no-untyped-def]
    """Rent of €650 charged from January, nothing paid: ``months`` months of arrears."""
    tenancy = tenancy_of(household)
    for m in range(1, months + 1):
        book(tenancy, dt.date(2026, m, 1), 65000, kind="charge")
    return tenancy


def propose(cast, amount: int, instalment: int, reason: str = "", months: int = 1):  # type: ignore[no-untyped-def]
    household = cast.north_household
    tenancy = in_arrears(household, months)
    return services.arrangement_propose(
        household=household,
        tenancy=tenancy,
        amount_cents=amount,
        instalment_cents=instalment,
        first_due_on=dt.date(2026, 3, 1),
        actor=cast.advisor,
        exception_reason=reason,
        on=FEB_10,
    )


def test_inside_the_margins_the_advisor_decides_and_it_runs_at_once(cast):
    """domain.md §3: one month of rent in arrears (€650) may be paid off in at most 6 months;
    €130 a month is 5 instalments and more than the €50 minimum, so the advisor decides alone."""
    arrangement = propose(cast, 65000, 13000)
    assert arrangement.inside_margins
    assert arrangement.status == "ACT"
    assert arrangement.decided_on == FEB_10
    assert arrangement.policy == ArrangementPolicy.objects.get(version=1)
    assert [h.status for h in arrangement.history.all()] == ["AAN", "ACT"]
    assert arrangement.instalments.count() == 5
    assert AuditEvent.objects.filter(object_type="arrangements.paymentarrangement").exists()


def test_outside_the_margins_needs_a_reason_and_the_team_lead_approves(cast):
    """domain.md §3: two months of arrears (€1,300) may take at most 12 months; €60 a month takes
    22, so it is outside the margins and the team lead decides. Approval makes it active."""
    with pytest.raises(services.ArrangementError):
        propose(cast, 130000, 6000)
    arrangement = PaymentArrangement.objects.none()
    arrangement = services.arrangement_propose(
        household=cast.north_household,
        tenancy=tenancy_of(cast.north_household),
        amount_cents=130000,
        instalment_cents=6000,
        first_due_on=dt.date(2026, 3, 1),
        actor=cast.advisor,
        exception_reason="Lost her job; €60 is what is left after the fixed costs.",
        on=FEB_10,
    )
    assert arrangement.status == "AAN"
    assert arrangement.approval == "pending"
    assert arrangement.approver == cast.team_lead
    assert [b["code"] for b in arrangement.breaches] == ["term"]
    items = list(ArrangementSource().items(household_ids=[cast.north_household.id], today=FEB_10))
    assert [(i.kind, i.assignee_id) for i in items] == [("arrangement_approval", cast.team_lead.id)]

    with pytest.raises(services.ArrangementError):
        services.arrangement_decide(arrangement=arrangement, approve=True, actor=cast.advisor)
    services.arrangement_decide(
        arrangement=arrangement, approve=True, actor=cast.team_lead, note="Ok, review in June."
    )
    arrangement.refresh_from_db()
    assert (arrangement.status, arrangement.approval) == ("ACT", "approved")
    assert [h.status for h in arrangement.history.all()] == ["AAN", "ACT"]


def test_a_declined_exception_keeps_the_tenants_proposal_visible(cast):
    """VERA BETALINGSREGELINGSTATUS VER = 'not granted'; the proposal (amount, instalment) stays."""
    arrangement = propose(cast, 130000, 6000, reason="Tenant cannot pay more", months=2)
    services.arrangement_decide(
        arrangement=arrangement,
        approve=False,
        actor=cast.team_lead,
        note="Try €110 with a budget coach.",
    )
    arrangement.refresh_from_db()
    assert (arrangement.status, arrangement.approval) == ("VER", "declined")
    assert (arrangement.amount_cents, arrangement.instalment_cents) == (130000, 6000)
    assert arrangement.approval_note == "Try €110 with a budget coach."
    # A declined arrangement does not count towards 'once a year'.
    assert services.arrangements_past_year(tenancy=arrangement.tenancy, on=FEB_10) == 0


def test_instalments_kept_and_missed_against_imported_payments(cast):
    """docs/arrangements.md (allocation): payments first cover the rent booked since the start,
    the rest goes to the instalments; an instalment is decided 5 days after its due date.
    March: €780 = rent + instalment → paid. April: only the rent → missed → the worklist suggests a
    call (domain.md §3: a missed instalment suggests, the advisor decides; no automatic end)."""
    arrangement = propose(cast, 65000, 13000)
    tenancy = arrangement.tenancy
    book(tenancy, dt.date(2026, 3, 1), 65000, kind="charge")
    book(tenancy, dt.date(2026, 3, 2), 78000)
    ledger_changed(tenancy_ids=[tenancy.id], today=dt.date(2026, 3, 10))
    first, second, *_ = arrangement.instalments.all()
    assert (first.status, first.paid_cents) == ("paid", 13000)
    assert second.status == "open"

    book(tenancy, dt.date(2026, 4, 1), 65000, kind="charge")
    book(tenancy, dt.date(2026, 4, 3), 65000)
    ledger_changed(tenancy_ids=[tenancy.id], today=dt.date(2026, 4, 10))
    second.refresh_from_db()
    assert (second.status, second.paid_cents) == ("missed", 0)
    arrangement.refresh_from_db()
    assert arrangement.status == "ACT"  # not ended automatically
    [item] = ArrangementSource().items(
        household_ids=[cast.north_household.id], today=dt.date(2026, 4, 10)
    )
    assert item.kind == "instalment_missed"
    assert "Bel" in item.suggestion or "Call" in item.suggestion

    # May: rent plus €60 → partly paid; a second problem suggests a home visit.
    book(tenancy, dt.date(2026, 5, 1), 65000, kind="charge")
    book(tenancy, dt.date(2026, 5, 2), 71000)
    ledger_changed(tenancy_ids=[tenancy.id], today=dt.date(2026, 5, 10))
    statuses = [i.status for i in arrangement.instalments.all()]
    # The €60 catches up part of April first (oldest first), so April stays missed by its
    # deadline and May is decided from what came in by 6 May: nothing left for May.
    assert statuses[:3] == ["paid", "missed", "missed"]
    [item] = ArrangementSource().items(
        household_ids=[cast.north_household.id], today=dt.date(2026, 5, 10)
    )
    assert item.kind == "instalment_missed_again"


def test_a_fully_paid_arrangement_ends_as_paid_off(cast):
    """VERA: status BEE (completed) with end reason AFB (afbetaald)."""
    arrangement = propose(cast, 26000, 13000)
    tenancy = arrangement.tenancy
    for month in (3, 4):
        book(tenancy, dt.date(2026, month, 1), 65000, kind="charge")
        book(tenancy, dt.date(2026, month, 2), 78000)
    ledger_changed(tenancy_ids=None, today=dt.date(2026, 4, 10))
    arrangement.refresh_from_db()
    assert (arrangement.status, arrangement.end_reason) == ("BEE", "AFB")
    assert arrangement.history.last().by is None  # the system ended it


def test_the_advisor_ends_an_arrangement_that_does_not_work(cast):
    """VERA BETALINGSREGELINGEINDEREDEN VOL = 'regeling voldoet niet'; an end needs a reason."""
    arrangement = propose(cast, 65000, 13000)
    with pytest.raises(services.ArrangementError):
        services.arrangement_change_status(
            arrangement=arrangement, status="ANN", actor=cast.advisor
        )
    services.arrangement_change_status(
        arrangement=arrangement,
        status="ANN",
        end_reason="VOL",
        actor=cast.advisor,
        note="Two missed",
    )
    arrangement.refresh_from_db()
    assert (arrangement.status, arrangement.end_reason) == ("ANN", "VOL")
    with pytest.raises(services.ArrangementError):
        services.arrangement_change_status(
            arrangement=arrangement, status="ACT", actor=cast.advisor
        )


def test_a_second_arrangement_within_a_year_is_outside_the_margins(cast):
    """domain.md §3 (NWS, Patrimonium): once a year."""
    propose(cast, 65000, 13000)
    _policy, verdict = services.evaluate(
        tenancy=tenancy_of(cast.north_household),
        amount_cents=30000,
        instalment_cents=10000,
        on=dt.date(2026, 9, 1),
    )
    assert verdict.codes == ["frequency"]


def test_a_new_policy_version_applies_to_new_arrangements_only(cast):
    """Policies are dated versions; an arrangement keeps the version it was decided under."""
    first = propose(cast, 65000, 13000)
    with pytest.raises(services.ArrangementError):
        services.policy_new_version(actor=cast.advisor, valid_from=dt.date(2026, 3, 1))
    v2 = services.policy_new_version(
        actor=cast.manager, valid_from=dt.date(2026, 3, 1), advisor_max_term=18, max_per_year=2
    )
    assert v2.version == 2
    assert services.policy_current(on=dt.date(2026, 2, 28)).version == 1
    assert services.policy_current(on=dt.date(2026, 3, 1)) == v2
    first.refresh_from_db()
    assert first.policy.version == 1
