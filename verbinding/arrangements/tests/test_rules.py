"""The arrangement rules as plain functions (domain.md §3)."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from verbinding.arrangements import rules

DEFAULTS = rules.Margins()


def proposal(amount: int, instalment: int, rent: int = 65000, **kw: int) -> rules.Proposal:
    return rules.Proposal(amount_cents=amount, instalment_cents=instalment, rent_cents=rent, **kw)


def test_small_arrears_may_be_paid_off_in_six_months():
    """domain.md §3 (Wonen Midden-Delfland): arrears ≤ 1 month of rent → at most 6 months."""
    assert rules.check(DEFAULTS, proposal(65000, 10834)).inside  # 6 instalments
    verdict = rules.check(DEFAULTS, proposal(65000, 9286))  # 7 instalments
    assert verdict.codes == [rules.TERM]
    assert verdict.norm_term == 6


def test_larger_arrears_may_take_twelve_months():
    """domain.md §3: more than 1 month of rent → at most 12 months."""
    assert rules.check(DEFAULTS, proposal(130000, 10834)).inside  # 12 instalments
    assert rules.check(DEFAULTS, proposal(130000, 10000)).codes == [rules.TERM]  # 13


def test_the_instalment_is_at_least_fifty_euros_unless_the_debt_is_smaller():
    """domain.md §3: instalment ≥ €50 on top of the rent."""
    assert rules.INSTALMENT in rules.check(DEFAULTS, proposal(20000, 4000)).codes
    assert rules.check(DEFAULTS, proposal(3000, 3000)).inside


def test_only_one_arrangement_a_year_and_the_advisors_own_margin():
    """domain.md §3 (NWS, Patrimonium): once a year; the advisor's margin is configurable."""
    assert rules.check(DEFAULTS, proposal(65000, 20000, arrangements_past_year=1)).codes == [
        rules.FREQUENCY
    ]
    generous = rules.Margins(advisor_max_term=18)
    assert rules.check(generous, proposal(130000, 7300)).inside  # 18 months
    assert not rules.check(generous, proposal(130000, 6800)).inside  # 20 months


def test_eligibility_conditions():
    """domain.md §3 (Wooninvest): resident ≥ 12 months; a maximum arrears."""
    strict = rules.Margins(min_tenancy_months=12, max_arrears_months=Decimal("3"))
    verdict = rules.check(strict, proposal(260000, 30000, tenancy_months=6))
    assert set(verdict.codes) == {rules.TENANCY_LENGTH, rules.ARREARS_TOO_HIGH}


@given(
    amount=st.integers(min_value=1, max_value=5_000_000),
    instalment=st.integers(min_value=1, max_value=500_000),
    day=st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2035, 12, 31)),
)
def test_a_schedule_adds_up_and_is_monthly(amount, instalment, day):
    if rules.term_months(amount, instalment) > rules.MAX_TERM:
        with pytest.raises(ValueError):
            rules.schedule(amount, instalment, day)
        return
    rows = rules.schedule(amount, instalment, day)
    assert sum(a for _d, a in rows) == amount
    assert len(rows) == rules.term_months(amount, instalment)
    assert all(0 < a <= instalment for _d, a in rows)
    assert all(b > a for (a, _x), (b, _y) in itertools.pairwise(rows))


def test_months_end_at_the_last_day_of_a_short_month():
    assert rules.add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)


@given(
    payments=st.lists(
        st.tuples(st.dates(dt.date(2026, 1, 1), dt.date(2026, 12, 31)), st.integers(-80000, 80000)),
        max_size=20,
    )
)
def test_allocation_never_pays_more_than_came_in(payments):
    instalments = [(dt.date(2026, m, 1), 10000) for m in range(2, 8)]
    covered = rules.allocate(
        instalments=instalments, available=payments, today=dt.date(2026, 12, 31), grace_days=5
    )
    came_in = max(sum(c for _d, c in payments), 0)
    assert sum(c.paid_cents for c in covered) <= came_in
    assert all(c.status in ("paid", "partly_paid", "missed", "open") for c in covered)


def test_allocation_rent_first_then_instalments():
    """docs/arrangements.md: payments first cover the rent booked since the start."""
    moves = [(dt.date(2026, 3, 1), -65000), (dt.date(2026, 3, 2), 78000)]
    [first] = rules.allocate(
        instalments=[(dt.date(2026, 3, 1), 13000)],
        available=moves,
        today=dt.date(2026, 3, 10),
        grace_days=5,
    )
    assert first == rules.Covered(paid_cents=13000, status="paid")


def test_affordability_worksheet():
    sheet = rules.Affordability(
        income_cents=150000,
        rent_cents=65000,
        fixed_costs_cents=45000,
        protected_cents=96790,
        instalment_cents=10000,
    )
    assert sheet.free_cents == 40000 and sheet.fits_free_room
    assert sheet.leaves_protected_income  # 1,400 left ≥ 967.90
