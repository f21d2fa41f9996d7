"""The arrears and early-signal rules as plain functions over one tenancy's ledger facts.

No database here: ``compute.py`` loads the facts set-based, these functions decide. Every rule is
documented in docs/worklist.md. Amounts are cents, signed from the tenant's point of view
(charges and reversals positive, payments negative).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from typing import Any, Protocol

GROWING, SHRINKING, STABLE = "growing", "shrinking", "stable"


class Policy(Protocol):
    grace_days: int
    later_than_usual_days: int
    storno_days: int
    months_first: Decimal
    months_home_visit: Decimal
    months_court: Decimal
    trend_months: int
    trend_tolerance_percent: int
    relapse_months: int


@dataclass(frozen=True)
class Entry:
    booked_on: dt.date
    kind: str  # charge / payment / reversal / correction
    amount_cents: int
    method: str = ""
    return_reason: str = ""


@dataclass
class Facts:
    """What the rules need to know about one tenancy on ``today``.

    ``history`` (every entry up to today, oldest first) is loaded only for tenancies in arrears;
    ``payments`` holds the payments of the last months (oldest first) for every tenancy.
    """

    tenancy_id: int
    household_id: int
    rent_cents: int
    balance_cents: int
    balance_then_cents: int  # the balance ``trend_months`` ago
    last_entry_id: int = 0
    active: bool = True  # an ended tenancy keeps its figures but raises no signals
    payments: list[Entry] = field(default_factory=list)
    reversals: list[Entry] = field(default_factory=list)
    history: list[Entry] = field(default_factory=list)


@dataclass(frozen=True)
class SignalFact:
    kind: str
    started_on: dt.date
    params: dict[str, Any]


@dataclass(frozen=True)
class Derived:
    balance_cents: int
    arrears_cents: int
    months_of_rent: Decimal
    arose_on: dt.date | None
    trend: str
    usual_payment_day: int | None
    usual_method: str
    last_payment_on: dt.date | None
    signals: tuple[SignalFact, ...]


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (or earlier), clipped to the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover


def months_of_rent(arrears_cents: int, rent_cents: int) -> Decimal:
    """Arrears in months of rent, two decimals (``1412_00 / 706_00`` → ``2.00``)."""
    if rent_cents <= 0 or arrears_cents <= 0:
        return Decimal("0.00")
    return (Decimal(arrears_cents) / Decimal(rent_cents)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )


def is_charge(entry: Entry) -> bool:
    """What the tenant owes: rent, costs, positive corrections (a storno re-opens a charge)."""
    return entry.amount_cents > 0 and entry.kind != "reversal"


def unpaid_charges(history: Sequence[Entry], arrears_cents: int) -> list[tuple[dt.date, int]]:
    """FIFO: payments settle the oldest charges first, so what is unpaid is the newest
    ``arrears_cents`` of the charges. Returns ``(due date, unpaid part)``, oldest first."""
    if arrears_cents <= 0:
        return []
    remaining = arrears_cents
    unpaid: list[tuple[dt.date, int]] = []
    for entry in reversed([e for e in history if is_charge(e)]):
        part = min(entry.amount_cents, remaining)
        unpaid.append((entry.booked_on, part))
        remaining -= part
        if remaining <= 0:
            break
    unpaid.reverse()
    return unpaid


def arose_on(history: Sequence[Entry], arrears_cents: int) -> dt.date | None:
    """The ontstaansdatum: the due date of the oldest charge that is not (fully) paid."""
    unpaid = unpaid_charges(history, arrears_cents)
    return unpaid[0][0] if unpaid else None


def band_reached_on(
    history: Sequence[Entry], arrears_cents: int, threshold_cents: int
) -> dt.date | None:
    """The due date of the unpaid charge that took the arrears to ``threshold_cents``."""
    total = 0
    for day, part in unpaid_charges(history, arrears_cents):
        total += part
        if total >= threshold_cents:
            return day
    return None


def trend(arrears_now: int, arrears_then: int, rent_cents: int, tolerance_percent: int = 10) -> str:
    """Growing / shrinking / stable: arrears now against ``trend_months`` ago, with a tolerance
    of a share of the monthly rent so that a few euros either way count as stable."""
    tolerance = rent_cents * tolerance_percent // 100
    difference = arrears_now - arrears_then
    if difference > tolerance:
        return GROWING
    if difference < -tolerance:
        return SHRINKING
    return STABLE


@cache
def _window(before: dt.date, months: int) -> tuple[dt.date, dt.date]:
    end = before.replace(day=1)
    return add_months(end, -months), end


def usual_payment(
    payments: Sequence[Entry], before: dt.date, months: int = 6
) -> tuple[int | None, str]:
    """The tenant's own pattern over the ``months`` whole months before ``before``.

    Usual day: the median day of the month of the first payment in each month (at least three
    months with a payment, otherwise unknown). Usual method: the most frequent method (the most
    recent one wins a tie).
    """
    start, end = _window(before, months)
    window = [p for p in payments if start <= p.booked_on < end]
    first_per_month: dict[tuple[int, int], int] = {}
    for p in window:
        key = (p.booked_on.year, p.booked_on.month)
        first_per_month.setdefault(key, p.booked_on.day)
    day: int | None = None
    if len(first_per_month) >= 3:
        days = sorted(first_per_month.values())
        day = days[(len(days) - 1) // 2]
    counts = Counter(p.method for p in window if p.method)
    method = ""
    if counts:
        best = max(counts.values())
        for p in reversed(window):
            if counts.get(p.method) == best:
                method = p.method
                break
    return day, method


def month_end_balances(history: Sequence[Entry], today: dt.date) -> list[tuple[dt.date, int]]:
    """The balance at the end of each whole month before ``today`` (oldest first)."""
    if not history:
        return []
    result: list[tuple[dt.date, int]] = []
    running = 0
    month_start = history[0].booked_on.replace(day=1)
    this_month = today.replace(day=1)
    i = 0
    while month_start < this_month:
        next_start = add_months(month_start, 1)
        while i < len(history) and history[i].booked_on < next_start:
            running += history[i].amount_cents
            i += 1
        result.append((next_start - dt.timedelta(days=1), running))
        month_start = next_start
    return result


def _relapse(facts: Facts, today: dt.date, policy: Policy, arose: dt.date) -> SignalFact | None:
    """Arrears again after an earlier arrears (at least the first step, at a month end, within
    ``relapse_months``) had been cleared (a month end with nothing owed)."""
    since = add_months(today, -policy.relapse_months)
    ends = [(d, b) for d, b in month_end_balances(facts.history, today) if d >= since]
    cleared_index = None
    for index in range(len(ends) - 1, -1, -1):
        if ends[index][1] <= 0 and ends[index][0] < arose:
            cleared_index = index
            break
    if cleared_index is None:
        return None
    peak = max((b for _, b in ends[:cleared_index]), default=0)
    if peak <= 0 or peak < policy.months_first * facts.rent_cents:
        return None
    cleared_on = ends[cleared_index][0]
    return SignalFact("relapse", arose, {"cleared_on": cleared_on.isoformat(), "peak_cents": peak})


def derive(facts: Facts, today: dt.date, policy: Policy) -> Derived:
    """Everything derived for one tenancy: the state and its current signals."""
    rent = facts.rent_cents
    arrears = max(facts.balance_cents, 0)
    months = months_of_rent(arrears, rent)
    arose = arose_on(facts.history, arrears)
    overdue = (today - arose).days if arose else 0
    trend_now = trend(
        arrears, max(facts.balance_then_cents, 0), rent, policy.trend_tolerance_percent
    )
    usual_day, usual_method = usual_payment(facts.payments, today)
    last_payment = facts.payments[-1].booked_on if facts.payments else None
    signals: list[SignalFact] = []
    amount = {"arrears_cents": arrears, "months": str(months)}

    bands = (
        ("arrears_3m", policy.months_court),
        ("arrears_2m", policy.months_home_visit),
        ("arrears_1m", policy.months_first),
    )
    for kind, threshold in bands:
        threshold_cents = int(threshold * rent)
        if rent > 0 and arrears >= threshold_cents and overdue >= policy.grace_days:
            reached = band_reached_on(facts.history, arrears, threshold_cents) or arose or today
            signals.append(SignalFact(kind, reached, amount))
            break
    else:
        if arrears > 0 and arose and overdue >= policy.grace_days:
            signals.append(
                SignalFact(
                    "missed",
                    arose,
                    {**amount, "due_on": arose.isoformat(), "days": overdue},
                )
            )

    for r in facts.reversals:
        if (today - r.booked_on).days <= policy.storno_days:
            signals.append(
                SignalFact(
                    "storno",
                    r.booked_on,
                    {"amount_cents": r.amount_cents, "return_reason": r.return_reason},
                )
            )
            break

    if arrears > 0:
        charges = [e for e in facts.history if is_charge(e)]
        if charges:
            last_charge = charges[-1]
            paid = -sum(
                e.amount_cents
                for e in facts.history
                if e.booked_on >= last_charge.booked_on and e.kind == "payment"
            )
            if 0 < paid < last_charge.amount_cents:
                signals.append(
                    SignalFact(
                        "partial",
                        last_charge.booked_on,
                        {"paid_cents": paid, "due_cents": last_charge.amount_cents},
                    )
                )

    if usual_day is not None:
        month_start = today.replace(day=1)
        this_month = [p for p in facts.payments if p.booked_on >= month_start]
        if this_month:
            first = this_month[0].booked_on
            if first.day - usual_day >= policy.later_than_usual_days:
                signals.append(
                    SignalFact("later", first, {"usual_day": usual_day, "paid_on": first.day})
                )
        elif arrears > 0 and today.day - usual_day >= policy.later_than_usual_days:
            started = month_start + dt.timedelta(days=usual_day - 1 + policy.later_than_usual_days)
            signals.append(SignalFact("later", started, {"usual_day": usual_day}))

    if arrears > 0 and arose and overdue >= policy.grace_days:
        relapse = _relapse(facts, today, policy, arose)
        if relapse is not None:
            signals.append(relapse)

    if not facts.active:
        signals = []
    return Derived(
        balance_cents=facts.balance_cents,
        arrears_cents=arrears,
        months_of_rent=months,
        arose_on=arose,
        trend=trend_now,
        usual_payment_day=usual_day,
        usual_method=usual_method,
        last_payment_on=last_payment,
        signals=tuple(signals),
    )
