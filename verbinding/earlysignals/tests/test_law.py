"""Issue 11, vroegsignalering that keeps its promises (Wgs art. 3, Besluit gemeentelijke
schuldhulpverlening art. 2; domain.md §2). Fixed dates; docs/law.md lists each rule."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from verbinding.earlysignals import rules, selectors, services
from verbinding.earlysignals.models import Signal
from verbinding.earlysignals.tests.test_vroegsignalering import ready_household, status_on
from verbinding.letters.models import Letter
from verbinding.testing import factories as f

D = dt.date
pytestmark = pytest.mark.today(D(2026, 6, 17))


def test_no_signal_before_the_waiting_period_the_reminder_announces(cast):
    """Domain.md §2: the reminder's promise ("laat het ons binnen 14 dagen weten") is kept. The
    reminder of 10 January gives until 24 January; the signal is due only after that, and the
    reminder's text and the rule read the same setting (SignalPolicy.waiting_days)."""
    household = ready_household(cast)
    services.policy_new_version(
        valid_from=D(2026, 1, 1),
        days_late=5,
        while_arrangement=True,
        waiting_days=14,
        actor=cast.manager,
    )
    reminder = Letter.objects.get(kind="reminder")
    assert "binnen 14 dagen" in reminder.body
    assert status_on(household, D(2026, 1, 24)) == rules.WAITING
    assert status_on(household, D(2026, 1, 25)) == rules.DUE


def test_the_reminder_text_follows_the_waiting_days_setting(cast):
    """The same setting: with 21 days the reminder says 21 days, and the rule waits 21 days."""
    services.policy_new_version(
        valid_from=D(2026, 1, 1),
        days_late=5,
        while_arrangement=True,
        waiting_days=21,
        actor=cast.manager,
    )
    household = ready_household(cast)
    assert "binnen 21 dagen" in Letter.objects.get(kind="reminder").body
    assert status_on(household, D(2026, 1, 31)) == rules.WAITING  # 10 January + 21 days
    assert status_on(household, D(2026, 2, 1)) == rules.DUE


def test_an_objection_stays_in_force_for_the_episode_also_when_the_oldest_month_is_paid(cast):
    """Domain.md §2: an objection stays in force for the arrears episode until withdrawn. Paying
    January moves the date the arrears arose to February; the objection still blocks."""
    household = ready_household(cast)
    tenancy = household.tenancies.get()
    services.evidence_record(
        household=household, kind="objection", on=D(2026, 1, 20), actor=cast.advisor
    )
    f.LedgerEntryFactory(tenancy=tenancy, booked_on=D(2026, 2, 1), amount_cents=65000)
    f.LedgerEntryFactory(
        tenancy=tenancy, booked_on=D(2026, 2, 20), kind="payment", detail="BAN", amount_cents=-65000
    )
    [row] = selectors.readiness(household_ids=[household.id], today=D(2026, 3, 20))
    assert row.readiness.arose_on == D(2026, 2, 1)
    assert row.readiness.episode_start == D(2026, 1, 6)
    assert row.status == rules.OBJECTED
    services.evidence_record(
        household=household, kind="withdrawn", on=D(2026, 3, 1), actor=cast.advisor
    )
    assert status_on(household, D(2026, 3, 20)) == rules.DUE


def test_one_signal_per_episode_not_one_per_date_of_arising(cast):
    """Issue 11: one signal per arrears episode; paying the oldest month (a new date of arising)
    does not make a second signal due. A new episode after the arrears were cleared may."""
    household = ready_household(cast)
    tenancy = household.tenancies.get()
    assert (
        services.signals_export(
            adapter="generic", file_format="json", actor=None, today=D(2026, 2, 10)
        )[1]
        == 1
    )
    f.LedgerEntryFactory(tenancy=tenancy, booked_on=D(2026, 2, 1), amount_cents=65000)
    f.LedgerEntryFactory(
        tenancy=tenancy, booked_on=D(2026, 2, 20), kind="payment", detail="BAN", amount_cents=-65000
    )
    assert status_on(household, D(2026, 3, 20)) == rules.ALREADY_SENT
    assert (
        services.signals_export(
            adapter="generic", file_format="json", actor=None, today=D(2026, 3, 20)
        )[1]
        == 0
    )
    assert Signal.objects.get().episode_started_on == D(2026, 1, 6)


def test_the_export_carries_exactly_the_announced_data_set(cast):
    """Data minimisation (AVG art. 5(1)(c); Besluit art. 2 names contact details and the amount):
    the legal minimum by default; a municipality's agreed set is announced in the reminder and
    exported; a set changed after the reminder does not widen what that reminder announced."""
    municipality = cast.north_household.tenancies.get().unit.neighbourhood.district.municipality
    services.data_set_save(
        municipality=municipality,
        fields=["name", "address", "arrears", "arose_on"],
        actor=cast.manager,
        note="Convenant 2026",
    )
    household = ready_household(cast)
    reminder = Letter.objects.get(kind="reminder")
    assert reminder.signal_fields == ["name", "address", "arrears", "arose_on"]
    assert (
        "uw naam, adres, het bedrag van de achterstand en de datum waarop de achterstand begon"
        in reminder.body
    )
    services.data_set_save(
        municipality=municipality,
        fields=["name", "address", "phone", "email", "arrears", "reference"],
        actor=cast.manager,
    )
    content, _count = services.signals_export(
        adapter="generic", file_format="json", actor=None, today=D(2026, 2, 15)
    )
    [row] = json.loads(content)["signals"]
    assert row["arose_on"] == "2026-01-01" and row["street"] and row["name"]
    assert row["phone"] == row["email"] == row["contract"] == ""  # not announced
    signal = Signal.objects.get(household=household)
    assert signal.phone == "" and signal.fields == ["name", "address", "arrears", "arose_on"]


def test_the_default_data_set_is_the_legal_minimum(cast):
    """Besluit gemeentelijke schuldhulpverlening art. 2: contact details and the amount."""
    tenancy = cast.north_household.tenancies.get()
    assert selectors.data_set_for(tenancy=tenancy) == (
        "name",
        "address",
        "phone",
        "email",
        "arrears",
    )
    with pytest.raises(services.SignalError):
        services.data_set_save(
            municipality=tenancy.unit.neighbourhood.district.municipality,
            fields=["phone"],
            actor=cast.manager,
        )


@pytest.mark.today(D(2026, 1, 20))
def test_the_checklist_says_until_when_the_tenant_may_object_and_what_is_passed_on(cast, client):
    """The household's checklist shows the waiting period the reminder announced (10 January + 14
    days) and the data a signal would carry (the legal minimum)."""
    household = ready_household(cast)
    client.force_login(cast.advisor)
    page = client.get(f"/earlysignals/household/{household.id}/").content.decode()
    assert "tot en met 24" in page and "om bezwaar te maken" in page
    assert "uw naam, adres, telefoonnummer, e-mailadres en het bedrag van de achterstand" in page
