"""The arrears rules on hand-computed ledgers (no database)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from verbinding.arrears import rules
from verbinding.arrears.models import ArrearsPolicy

D = dt.date
RENT = 70600  # € 706,00
POLICY = ArrearsPolicy(valid_from=D(2000, 1, 1))


def charge(day, amount=RENT):
    return rules.Entry(day, "charge", amount)


def pay(day, amount=RENT, method="OVB"):
    return rules.Entry(day, "payment", -amount, method)


def storno(day, amount=RENT, reason="AM04"):
    return rules.Entry(day, "reversal", amount, "", reason)


def facts(history, *, today, then_months=3):
    """Facts as compute.load_facts would build them from a full history."""
    upto = [e for e in history if e.booked_on <= today]
    then = rules.add_months(today, -then_months)
    return rules.Facts(
        tenancy_id=1,
        household_id=1,
        rent_cents=RENT,
        balance_cents=sum(e.amount_cents for e in upto),
        balance_then_cents=sum(e.amount_cents for e in upto if e.booked_on <= then),
        payments=[e for e in upto if e.kind == "payment"],
        reversals=sorted(
            (e for e in upto if e.kind == "reversal"), key=lambda e: e.booked_on, reverse=True
        ),
        history=upto if sum(e.amount_cents for e in upto) > 0 else [],
    )


def kinds(derived):
    return {s.kind for s in derived.signals}


def test_fifo_the_arrears_arose_on_the_due_date_of_the_oldest_unpaid_charge():
    # Jan, Feb, Mar charged; one payment of 1.5 rent: Jan is paid, Feb half, Mar not at all.
    history = [charge(D(2026, 1, 1)), charge(D(2026, 2, 1)), charge(D(2026, 3, 1))]
    history.append(pay(D(2026, 2, 10), amount=RENT * 3 // 2))
    arrears = sum(e.amount_cents for e in history)
    assert arrears == RENT * 3 // 2
    assert rules.arose_on(history, arrears) == D(2026, 2, 1)
    assert [(e.due, part) for e, part in rules.unpaid_charges(history, arrears)] == [
        (D(2026, 2, 1), RENT // 2),
        (D(2026, 3, 1), RENT),
    ]


def test_a_reversed_direct_debit_reopens_the_charge_it_paid():
    history = [charge(D(2026, 10, 1)), pay(D(2026, 10, 1), method="INC"), storno(D(2026, 10, 6))]
    assert rules.arose_on(history, RENT) == D(2026, 10, 1)


def test_months_of_rent_with_two_decimals():
    assert rules.months_of_rent(141200, 70600) == Decimal("2.00")
    assert rules.months_of_rent(100000, 70600) == Decimal("1.42")
    assert rules.months_of_rent(0, 70600) == Decimal("0.00")
    assert rules.months_of_rent(-5000, 70600) == Decimal("0.00")


def test_trend_compares_with_three_months_ago_with_a_tolerance_of_ten_percent_rent():
    assert rules.trend(141200, 70600, RENT) == "growing"
    assert rules.trend(70600, 141200, RENT) == "shrinking"
    assert rules.trend(75000, 70600, RENT) == "stable"  # € 44 more: within € 70,60
    assert rules.trend(0, 0, RENT) == "stable"


def test_the_usual_payment_day_is_the_median_first_payment_day_of_the_last_six_months():
    payments = [
        pay(D(2026, 5, 3)),
        pay(D(2026, 6, 2)),
        pay(D(2026, 6, 20)),  # a second payment that month does not count
        pay(D(2026, 7, 4)),
        pay(D(2026, 8, 3), method="INC"),
        pay(D(2026, 9, 28)),
        pay(D(2026, 10, 3)),
        pay(D(2026, 11, 25)),  # this month: not part of the pattern
    ]
    day, method = rules.usual_payment(payments, D(2026, 11, 26))
    # first days per month: 3, 2, 4, 3, 28, 3 -> sorted 2,3,3,3,4,28 -> low median 3
    assert day == 3
    assert method == "OVB"


def test_no_usual_day_with_fewer_than_three_months_of_payments():
    day, method = rules.usual_payment([pay(D(2026, 10, 3)), pay(D(2026, 9, 3))], D(2026, 11, 5))
    assert day is None
    assert method == "OVB"


def regular(months, *, until_paid, pay_day=3, year=2026):
    """Rent charged on the 1st of each month; paid on ``pay_day`` up to month ``until_paid``."""
    history = []
    for m in months:
        history.append(charge(D(year, m, 1)))
        if m <= until_paid:
            history.append(pay(D(year, m, pay_day)))
    return history


def test_two_months_unpaid_is_the_home_visit_signal_from_the_second_unpaid_due_date():
    history = regular(range(1, 12), until_paid=9)
    derived = rules.derive(facts(history, today=D(2026, 11, 20)), D(2026, 11, 20), POLICY)
    assert derived.arrears_cents == 2 * RENT
    assert derived.arose_on == D(2026, 10, 1)
    assert derived.trend == "growing"
    assert derived.usual_payment_day == 3
    signal = next(s for s in derived.signals if s.kind == "arrears_2m")
    assert signal.started_on == D(2026, 11, 1)
    assert "arrears_1m" not in kinds(derived)  # only the highest step


def test_three_months_is_the_court_threshold():
    history = regular(range(1, 12), until_paid=8)
    derived = rules.derive(facts(history, today=D(2026, 11, 20)), D(2026, 11, 20), POLICY)
    assert "arrears_3m" in kinds(derived)
    assert str(derived.months_of_rent) == "3.00"


def test_a_first_missed_payment_shows_only_after_the_grace_days():
    history = regular(range(1, 12), until_paid=10)
    early = rules.derive(facts(history, today=D(2026, 11, 4)), D(2026, 11, 4), POLICY)
    assert kinds(early) == set()  # 3 days: could still come
    late = rules.derive(facts(history, today=D(2026, 11, 12)), D(2026, 11, 12), POLICY)
    assert "missed" in kinds(late) or "arrears_1m" in kinds(late)
    assert "later" in kinds(late)  # usually pays on the 3rd


def test_a_partial_payment_of_this_months_rent():
    history = regular(range(1, 11), until_paid=10)
    history += [charge(D(2026, 11, 1)), pay(D(2026, 11, 3), amount=40000)]
    derived = rules.derive(facts(history, today=D(2026, 11, 12)), D(2026, 11, 12), POLICY)
    partial = next(s for s in derived.signals if s.kind == "partial")
    assert partial.params == {"paid_cents": 40000, "due_cents": RENT}
    assert "missed" in kinds(derived)


def test_a_reversed_direct_debit_is_a_signal_for_storno_days():
    history = regular(range(1, 11), until_paid=10)
    history += [charge(D(2026, 11, 1)), pay(D(2026, 11, 1), method="INC"), storno(D(2026, 11, 5))]
    derived = rules.derive(facts(history, today=D(2026, 11, 12)), D(2026, 11, 12), POLICY)
    sto = next(s for s in derived.signals if s.kind == "storno")
    assert sto.started_on == D(2026, 11, 5)
    assert sto.params["return_reason"] == "AM04"
    # paid again by transfer later: the storno stays a signal for 35 days, then ends
    history.append(pay(D(2026, 11, 14)))
    later = rules.derive(facts(history, today=D(2026, 12, 20)), D(2026, 12, 20), POLICY)
    assert "storno" not in kinds(later)


def test_paying_later_than_ones_own_usual_day():
    history = regular(range(1, 11), until_paid=10, pay_day=2)
    history += [charge(D(2026, 11, 1)), pay(D(2026, 11, 16))]
    derived = rules.derive(facts(history, today=D(2026, 11, 20)), D(2026, 11, 20), POLICY)
    later = next(s for s in derived.signals if s.kind == "later")
    assert later.params == {"usual_day": 2, "paid_on": 16}
    assert derived.arrears_cents == 0


def test_arrears_growing_again_after_having_been_cleared():
    # Two months unpaid in spring, cleared at the end of May, unpaid again since October.
    history = []
    for m in range(1, 12):
        history.append(charge(D(2026, m, 1)))
        if m in (3, 4):
            continue
        if m == 5:
            history.append(pay(D(2026, 5, 25), amount=3 * RENT))
        elif m < 10:
            history.append(pay(D(2026, m, 3)))
    derived = rules.derive(facts(history, today=D(2026, 11, 20)), D(2026, 11, 20), POLICY)
    relapse = next(s for s in derived.signals if s.kind == "relapse")
    assert relapse.started_on == D(2026, 10, 1)
    assert relapse.params["cleared_on"] == "2026-09-30"
    assert relapse.params["peak_cents"] == 2 * RENT


def test_no_relapse_for_someone_who_is_simply_late_every_month():
    history = regular(range(1, 12), until_paid=10, pay_day=3)
    derived = rules.derive(facts(history, today=D(2026, 11, 12)), D(2026, 11, 12), POLICY)
    assert "relapse" not in kinds(derived)


def test_thresholds_come_from_the_policy():
    strict = ArrearsPolicy(
        valid_from=D(2000, 1, 1),
        months_first=Decimal("0.5"),
        months_home_visit=Decimal("1"),
        months_court=Decimal("2"),
    )
    history = regular(range(1, 12), until_paid=10)
    derived = rules.derive(facts(history, today=D(2026, 11, 20)), D(2026, 11, 20), strict)
    assert "arrears_2m" in kinds(derived)  # one month is the home-visit step in this policy


amounts = st.integers(min_value=1, max_value=500_000)


@given(st.lists(st.tuples(st.integers(0, 700), amounts, st.booleans()), min_size=1, max_size=40))
def test_fifo_unpaid_parts_always_add_up_to_the_arrears(rows):
    start = D(2025, 1, 1)
    history = sorted(
        (
            rules.Entry(
                start + dt.timedelta(days=d),
                "charge" if is_charge else "payment",
                a if is_charge else -a,
            )
            for d, a, is_charge in rows
        ),
        key=lambda e: e.booked_on,
    )
    arrears = max(sum(e.amount_cents for e in history), 0)
    unpaid = rules.unpaid_charges(history, arrears)
    total_charges = sum(e.amount_cents for e in history if e.amount_cents > 0)
    assert sum(part for _, part in unpaid) == min(arrears, total_charges)
    if unpaid:
        assert rules.arose_on(history, arrears) == unpaid[0][0].due
        assert [e.due for e, _ in unpaid] == sorted(e.due for e, _ in unpaid)
    # What is overdue is part of what is unpaid, and nothing is both overdue and pending.
    today = start + dt.timedelta(days=710)
    state = rules.overdue(history, arrears, today, 5)
    if arrears <= total_charges:
        assert state.arrears_cents + state.not_yet_due_cents == arrears
    assert all((today - e.due).days >= 5 for e, _ in state.unpaid)


@given(st.integers(0, 2_000_000), st.integers(0, 2_000_000), st.integers(1, 200_000))
def test_the_trend_is_antisymmetric(now, then, rent):
    forward, backward = rules.trend(now, then, rent), rules.trend(then, now, rent)
    assert {forward, backward} in ({"stable"}, {"growing", "shrinking"})


@given(st.dates(D(2020, 1, 1), D(2030, 12, 31)), st.integers(-30, 30))
def test_add_months_keeps_the_day_or_clips_to_month_end(day, months):
    moved = rules.add_months(day, months)
    assert (moved.year * 12 + moved.month) - (day.year * 12 + day.month) == months
    assert moved.day == day.day or moved.day < day.day


# --- What counts as arrears: due, and the grace days passed (one rule for every screen) ---------


def test_rent_charged_on_the_first_is_not_arrears_until_the_grace_days_have_passed():
    """Issue 10: on the 1st and 2nd, this month's rent is charged but not yet overdue; with the
    default 5 grace days it counts from the 6th (art. 6:81 BW: no default before it is due)."""
    history = regular(range(1, 12), until_paid=11)
    history.append(charge(D(2026, 12, 1)))
    for day, expected in [(1, 0), (2, 0), (5, 0), (6, RENT)]:
        today = D(2026, 12, day)
        derived = rules.derive(facts(history, today=today), today, POLICY)
        assert derived.arrears_cents == expected, day
        assert (derived.arose_on is not None) == bool(expected)
    on_the_2nd = rules.overdue(history, RENT, D(2026, 12, 2), 5)
    assert on_the_2nd.not_yet_due_cents == RENT and not on_the_2nd.in_arrears


def test_an_agreed_due_day_moves_the_due_date_of_each_charge():
    """A tenant whose benefit arrives on the 5th may pay on the 5th: the charge booked on the 1st
    is due on the 5th and counts as arrears from the 10th (5 grace days)."""
    assert rules.due_on(D(2026, 12, 1), 5) == D(2026, 12, 5)
    assert rules.due_on(D(2027, 2, 1), 28) == D(2027, 2, 28)
    assert rules.due_on(D(2026, 12, 7), 5) == D(2026, 12, 7)  # never before the booking
    moved = rules.Entry(D(2026, 12, 1), "charge", RENT, due_on=D(2026, 12, 5))
    assert rules.overdue([moved], RENT, D(2026, 12, 9), 5).arrears_cents == 0
    state = rules.overdue([moved], RENT, D(2026, 12, 10), 5)
    assert state.arrears_cents == RENT and state.arose_on == D(2026, 12, 5)


def test_months_in_arrears_counts_unpaid_monthly_terms_not_current_rents():
    """Issue 10: June €700 and July €735 unpaid is 2 months, not 1.95 'current rents'."""
    history = [
        rules.Entry(D(2026, 6, 1), "charge", 70000, detail="PRO"),
        rules.Entry(D(2026, 7, 1), "charge", 73500, detail="PRO"),
        rules.Entry(D(2026, 7, 3), "charge", 1500, detail="AAN"),  # costs are not a term
    ]
    f = rules.Facts(1, 1, 73500, 145000, 0, history=history)
    derived = rules.derive(f, D(2026, 7, 20), POLICY)
    assert derived.arrears_cents == 145000
    assert derived.months_of_rent == Decimal("2.00")
    assert "arrears_2m" in kinds(derived)
    # a part payment of June leaves June's unpaid share
    history.append(rules.Entry(D(2026, 7, 21), "payment", -35000))
    f = rules.Facts(1, 1, 73500, 110000, 0, history=history)
    assert rules.derive(f, D(2026, 7, 22), POLICY).months_of_rent == Decimal("1.50")
