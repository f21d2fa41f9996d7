"""Vroegsignalering with dates: due, not due, blocked by an objection; exported once.

The rule (domain.md §2, Besluit gemeentelijke schuldhulpverlening art. 2): after (a) an attempt at
personal contact, (b) pointing to debt help, (c) a written reminder that (d) offered to pass on the
contact details and no objection, the landlord sends contact details and arrears to a municipality
that agreed to receive signals, from the agreed number of days late (30 by default, VNG).
"""

from __future__ import annotations

import datetime as dt
import io
import json

from django.core.management import call_command
from django.urls import reverse

from verbinding.contacts.services import contact_record
from verbinding.earlysignals import rules, selectors, services
from verbinding.earlysignals.models import Signal
from verbinding.letters.services import letter_send
from verbinding.testing import factories as f

ARREARS_FROM = dt.date(2026, 1, 1)  # January's rent unpaid


def ready_household(cast, *, contact_outcome: str = "spoke"):  # type: ignore[no-untyped-def]
    """January's rent (€650) unpaid; all four steps done in January."""
    household = cast.north_household
    tenancy = household.tenancies.get()
    f.LedgerEntryFactory(tenancy=tenancy, booked_on=ARREARS_FROM, amount_cents=65000)
    contact_record(
        household=household,
        channel="TEL",
        outcome=contact_outcome,
        actor=cast.advisor,
        occurred_at=dt.datetime(2026, 1, 15, 10, 0, tzinfo=dt.UTC),
    )
    services.evidence_record(
        household=household, kind="debt_help", on=dt.date(2026, 1, 12), actor=cast.advisor
    )
    letter_send(
        household=household,
        tenancy=tenancy,
        kind="reminder",
        actor=cast.advisor,
        sent_on=dt.date(2026, 1, 10),
    )
    return household


def status_on(household, day: dt.date) -> str:  # type: ignore[no-untyped-def]
    [row] = selectors.readiness(household_ids=[household.id], today=day, only_in_arrears=False)
    return row.status


def test_a_signal_is_due_from_thirty_days_late(cast):
    """30 days after the arrears arose (1 January) the signal is due: 31 January."""
    household = ready_household(cast)
    assert status_on(household, dt.date(2026, 1, 30)) == rules.TOO_EARLY
    assert status_on(household, dt.date(2026, 1, 31)) == rules.DUE


def test_not_due_while_a_step_of_the_checklist_is_missing(cast):
    """Without (b) debt help the landlord may not signal yet (art. 2 sub b)."""
    household = cast.north_household
    tenancy = household.tenancies.get()
    f.LedgerEntryFactory(tenancy=tenancy, booked_on=ARREARS_FROM, amount_cents=65000)
    letter_send(
        household=household,
        tenancy=tenancy,
        kind="reminder",
        actor=cast.advisor,
        sent_on=dt.date(2026, 1, 10),
    )
    [row] = selectors.readiness(household_ids=[household.id], today=dt.date(2026, 2, 15))
    assert row.status == rules.NOT_READY
    assert row.readiness.missing == [rules.CONTACT, rules.DEBT_HELP]


def test_an_objection_blocks_the_signal_being_unreachable_does_not(cast):
    """domain.md §2: an objection blocks the signal; being unreachable does not."""
    household = ready_household(cast, contact_outcome="no_answer")
    assert status_on(household, dt.date(2026, 2, 15)) == rules.DUE  # unreachable: still due
    services.evidence_record(
        household=household, kind="objection", on=dt.date(2026, 1, 20), actor=cast.advisor
    )
    assert status_on(household, dt.date(2026, 2, 15)) == rules.OBJECTED
    services.evidence_record(
        household=household, kind="withdrawn", on=dt.date(2026, 2, 1), actor=cast.advisor
    )
    assert status_on(household, dt.date(2026, 2, 15)) == rules.DUE


def test_only_municipalities_that_agreed_receive_signals(cast):
    """domain.md §2: a landlord may only report once the municipality agreed."""
    household = ready_household(cast)
    municipality = cast.north.district.municipality
    municipality.receives_signals = False
    municipality.save()
    assert status_on(household, dt.date(2026, 2, 15)) == rules.NO_AGREEMENT


def test_evidence_from_an_earlier_arrears_episode_does_not_count(cast):
    household = cast.north_household
    tenancy = household.tenancies.get()
    services.evidence_record(
        household=household, kind="debt_help", on=dt.date(2025, 6, 1), actor=cast.advisor
    )
    f.LedgerEntryFactory(tenancy=tenancy, booked_on=ARREARS_FROM, amount_cents=65000)
    [row] = selectors.readiness(household_ids=[household.id], today=dt.date(2026, 2, 15))
    assert rules.DEBT_HELP in row.readiness.missing


def test_the_export_sends_each_signal_once_and_records_the_outcome(cast):
    household = ready_household(cast)
    out = io.StringIO()
    call_command(
        "vroegsignalering",
        "export",
        "--format",
        "json",
        "--today",
        "2026-02-15",
        stdout=out,
        stderr=io.StringIO(),
    )
    signal = Signal.objects.get()
    assert (signal.household, signal.arrears_cents, signal.arose_on) == (
        household,
        65000,
        ARREARS_FROM,
    )
    assert signal.signal_date == dt.date(2026, 2, 15)
    assert status_on(household, dt.date(2026, 3, 1)) == rules.ALREADY_SENT
    content, count = services.signals_export(
        adapter="generic", file_format="csv", actor=None, today=dt.date(2026, 3, 1)
    )
    assert count == 0 and content.decode().startswith("signal_id;municipality_code")
    services.signal_outcome_record(
        signal=signal, outcome="quick_fix", on=dt.date(2026, 3, 10), actor=cast.team_lead
    )
    signal.refresh_from_db()
    assert signal.outcome == "quick_fix"


def test_the_generic_json_and_a_dry_run(cast, capsysbinary):
    ready_household(cast)
    content, count = services.signals_export(
        adapter="generic", file_format="json", actor=None, today=dt.date(2026, 2, 15), dry_run=True
    )
    data = json.loads(content)
    assert count == 1 and not Signal.objects.exists()
    [row] = data["signals"]
    assert row["arrears_eur"] == "650.00" and row["signal_partner"] == "Huur"
    assert row["phone"] == "06-12345678"
    # The reminder announced the legal minimum: no date of arising, no contract references.
    assert row["arose_on"] == row["contract"] == row["household_ref"] == ""


def test_the_page_lists_due_signals_and_the_team_lead_exports_them(cast, client):
    ready_household(cast)
    client.force_login(cast.advisor)
    page = client.get(reverse("earlysignals:list"))
    assert page.status_code == 200
    client.force_login(cast.team_lead)
    assert "Huishouden Jansen" in client.get(reverse("earlysignals:list")).content.decode()
    export = client.post(reverse("earlysignals:export"), {"file_format": "csv"})
    assert export["Content-Type"].startswith("text/csv") and b"Huishouden" not in export.content
    assert Signal.objects.count() == 1
    checklist = client.get(
        reverse("earlysignals:household", args=[cast.north_household.id])
    ).content.decode()
    assert "Klaar om te signaleren?" in checklist


def test_early_signals_date_the_arrears_as_the_worklist_does_also_after_a_storno(cast):
    """The ontstaansdatum is one rule (arrears.rules.arose_on, FIFO): a reversed direct debit
    re-opens the charge it paid, it is not itself a new charge. Both apps must give the same date."""
    from verbinding.arrears.history import arrears_for
    from verbinding.arrears.selectors import arrears_for_tenancy
    from verbinding.testing.factories import LedgerEntryFactory

    tenancy = cast.north_household.tenancies.get()
    for month in (1, 2, 3):
        LedgerEntryFactory(tenancy=tenancy, booked_on=dt.date(2026, month, 1), amount_cents=65000)
    LedgerEntryFactory(
        tenancy=tenancy, booked_on=dt.date(2026, 1, 2), kind="payment", amount_cents=-65000
    )
    LedgerEntryFactory(
        tenancy=tenancy, booked_on=dt.date(2026, 2, 2), kind="payment", amount_cents=-65000
    )
    LedgerEntryFactory(
        tenancy=tenancy, booked_on=dt.date(2026, 2, 6), kind="reversal", amount_cents=65000
    )
    facts = arrears_for(tenancy.id, today=dt.date(2026, 3, 10))
    assert facts.arrears_cents == 130000
    assert facts.arose_on == dt.date(2026, 2, 1)
    assert arrears_for_tenancy(tenancy).arose_on == facts.arose_on
