"""The API other apps call: arrears_for_tenancy and the ledger listener."""

from __future__ import annotations

import datetime as dt

import pytest

from verbinding.arrears.models import ArrearsSignal, TenancyArrears
from verbinding.arrears.selectors import arrears_for_tenancy
from verbinding.ledger.hooks import ledger_changed
from verbinding.testing import factories as f

TODAY = dt.date(2026, 11, 20)
pytestmark = pytest.mark.today(TODAY)


def _months_of_rent(tenancy, months, paid_until_month):
    """Monthly rent charged on the 1st from Jul 2026; paid on the 3rd until ``paid_until_month``."""
    for month in months:
        day = dt.date(2026, month, 1)
        f.LedgerEntryFactory(tenancy=tenancy, booked_on=day, amount_cents=tenancy.rent_cents)
        if month <= paid_until_month:
            f.LedgerEntryFactory(
                tenancy=tenancy,
                booked_on=day.replace(day=3),
                kind="payment",
                detail="BAN",
                method="OVB",
                amount_cents=-tenancy.rent_cents,
            )


def test_arrears_for_tenancy_computes_live_when_nothing_is_stored(cast):
    tenancy = cast.north_household.tenancies.get()
    _months_of_rent(tenancy, range(7, 12), paid_until_month=9)
    state = arrears_for_tenancy(tenancy, today=TODAY)
    assert state.arrears_cents == 2 * 65000
    assert state.balance_cents == 2 * 65000
    assert state.arose_on == dt.date(2026, 10, 1)
    assert state.days_overdue == (TODAY - dt.date(2026, 10, 1)).days
    assert str(state.months_of_rent) == "2.00"
    assert state.usual_method == "OVB"
    assert state.computed_on is None
    assert not TenancyArrears.objects.exists()


def test_the_ledger_hook_stores_state_and_signals(cast):
    tenancy = cast.north_household.tenancies.get()
    _months_of_rent(tenancy, range(7, 12), paid_until_month=9)
    ledger_changed(tenancy_ids=[tenancy.id], today=TODAY)
    state = arrears_for_tenancy(tenancy, today=TODAY)
    assert state.computed_on == TODAY
    assert state.arrears_cents == 130000
    kinds = set(ArrearsSignal.objects.filter(tenancy=tenancy).values_list("kind", flat=True))
    assert "arrears_2m" in kinds
