"""The arrears and early-signal rules as plain functions over one tenancy's ledger facts.

No database here: ``compute.py`` loads the facts set-based, these functions decide. Every rule is
documented in docs/worklist.md. Amounts are cents, signed from the tenant's point of view
(charges and reversals positive, payments negative).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from typing import Any, NamedTuple, Protocol

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


class Entry(NamedTuple):
    """One ledger row as the rules see it. A named tuple, not a frozen dataclass: the recompute
    builds close to a million of them and a frozen dataclass takes five times as long to make."""

    booked_on: dt.date
    kind: str  # charge / payment / reversal / correction
    amount_cents: int
    method: str = ""
    return_reason: str = ""
    due_on: dt.date | None = None  # a charge's due date when it differs from the booking date
    detail: str = ""  # VERA BOEKINGDETAILSOORT ("PRO": monthly rent)

    @property
    def due(self) -> dt.date:
        """The day this entry falls due (a charge booked on the 1st with a due day of 5: the 5th)."""
        return self.due_on or self.booked_on


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
    # Set by ``compute`` when the ledger's aggregates prove that nothing is overdue, today nor
    # ``trend_months`` ago: the balance is covered by the charges still within their grace period
    # (FIFO: those are the newest charges). The history is then not loaded (see ``derive``).
    within_grace: bool = False
    # Set by ``compute`` from the database's aggregates (``pattern.patterns``); otherwise derived
    # from ``payments``.
    pattern: PaymentPattern | None = None


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


def is_term(entry: Entry) -> bool:
    """A monthly rent term (VERA PRO, or a charge without detail), as opposed to other costs."""
    return entry.kind == "charge" and entry.detail in ("", "PRO") and entry.amount_cents > 0


def due_on(booked_on: dt.date, due_day: int) -> dt.date:
    """The due date of a charge booked on ``booked_on`` for a tenancy whose rent is due on day
    ``due_day`` of the month (1: the booking date itself). Clipped to the month's last day; never
    before the booking."""
    if due_day <= booked_on.day:
        return booked_on
    for day in (due_day, 30, 29, 28):
        try:
            return booked_on.replace(day=min(due_day, day))
        except ValueError:
            continue
    return booked_on  # pragma: no cover


def in_default(entry: Entry, today: dt.date, grace_days: int) -> bool:
    """THE rule for what counts as arrears: a charge counts once it is due and ``grace_days`` have
    passed (due on the 1st, 5 grace days: it counts from the 6th). Rent that falls due today, or
    within the grace period, is not arrears (and not in default, art. 6:81 BW)."""
    return (today - entry.due).days >= grace_days


def unpaid_charges(history: Sequence[Entry], balance_cents: int) -> list[tuple[Entry, int]]:
    """FIFO: payments settle the oldest charges first, so what is unpaid is the newest
    ``balance_cents`` of the charges. Returns ``(charge, unpaid part)``, oldest first."""
    if balance_cents <= 0:
        return []
    remaining = balance_cents
    unpaid: list[tuple[Entry, int]] = []
    for entry in reversed([e for e in history if is_charge(e)]):
        part = min(entry.amount_cents, remaining)
        unpaid.append((entry, part))
        remaining -= part
        if remaining <= 0:
            break
    unpaid.reverse()
    return unpaid


@dataclass(frozen=True)
class Arrears:
    """What is overdue on ``today``: the one definition every screen, letter and figure uses."""

    arrears_cents: int  # unpaid charges past their due date + grace days
    not_yet_due_cents: int  # unpaid charges still within their grace period
    arose_on: dt.date | None  # ontstaansdatum: due date of the oldest overdue unpaid charge
    terms: Decimal  # unpaid monthly rent terms (a partly paid term counts for its unpaid share)
    unpaid: tuple[tuple[Entry, int], ...]  # the overdue unpaid charges (charge, unpaid part)

    @property
    def in_arrears(self) -> bool:
        return self.arrears_cents > 0

    def days_late(self, today: dt.date) -> int:
        """Days since the oldest overdue charge fell due (0 when nothing is overdue)."""
        return (today - self.arose_on).days if self.arose_on else 0


NO_ARREARS = Arrears(0, 0, None, Decimal("0.00"), ())


def overdue(
    history: Sequence[Entry],
    balance_cents: int,
    today: dt.date,
    grace_days: int,
    rent_cents: int = 0,
) -> Arrears:
    """The arrears on ``today`` from a tenancy's history (every entry up to ``today``, oldest
    first) and its balance: the FIFO-unpaid charges, of which only those in default count.

    A balance the history does not explain (an opening balance from before it) counts as overdue,
    in months of ``rent_cents``."""
    if balance_cents <= 0:
        return NO_ARREARS
    overdue_parts: list[tuple[Entry, int]] = []
    pending = 0
    for entry, part in unpaid_charges(history, balance_cents):
        if in_default(entry, today, grace_days):
            overdue_parts.append((entry, part))
        else:
            pending += part
    # What the history does not explain (an opening balance before it) counts as overdue.
    explained = sum(part for _, part in overdue_parts) + pending
    unexplained = max(balance_cents - explained, 0)
    total = sum(part for _, part in overdue_parts) + unexplained
    if total <= 0:
        return Arrears(0, pending, None, Decimal("0.00"), ())
    terms = sum(
        (Decimal(part) / Decimal(e.amount_cents) for e, part in overdue_parts if is_term(e)),
        Decimal(0),
    )
    if unexplained and rent_cents > 0:
        terms += Decimal(unexplained) / Decimal(rent_cents)
    terms = terms.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    arose = overdue_parts[0][0].due if overdue_parts else None
    return Arrears(total, pending, arose, terms, tuple(overdue_parts))


def arose_on(history: Sequence[Entry], arrears_cents: int) -> dt.date | None:
    """The due date of the oldest charge that is not (fully) paid, FIFO, ignoring grace (for
    callers that already hold an overdue amount)."""
    unpaid = unpaid_charges(history, arrears_cents)
    return unpaid[0][0].due if unpaid else None


def band_reached_on(arrears: Arrears, threshold_terms: Decimal) -> dt.date | None:
    """The due date of the unpaid term that took the arrears to ``threshold_terms`` months."""
    total = Decimal(0)
    for entry, part in arrears.unpaid:
        if is_term(entry):
            total += Decimal(part) / Decimal(entry.amount_cents)
        if total >= threshold_terms:
            return entry.due
    return None


def trend_tolerance(rent_cents: int, tolerance_percent: int) -> int:
    """The change in arrears that still counts as stable: a share of the monthly rent."""
    return rent_cents * tolerance_percent // 100


def trend(arrears_now: int, arrears_then: int, rent_cents: int, tolerance_percent: int = 10) -> str:
    """Growing / shrinking / stable: arrears now against ``trend_months`` ago, with a tolerance
    of a share of the monthly rent so that a few euros either way count as stable."""
    tolerance = trend_tolerance(rent_cents, tolerance_percent)
    difference = arrears_now - arrears_then
    if difference > tolerance:
        return GROWING
    if difference < -tolerance:
        return SHRINKING
    return STABLE


USUAL_MONTHS = 6  # the whole months the usual payment day and method are taken over
USUAL_MIN_MONTHS = 3  # months with a payment needed for a usual day


@cache
def usual_window(before: dt.date, months: int = USUAL_MONTHS) -> tuple[dt.date, dt.date]:
    """The ``months`` whole months before the month of ``before``: ``[start, end)``."""
    end = before.replace(day=1)
    return add_months(end, -months), end


def usual_payment(
    payments: Sequence[Entry], before: dt.date, months: int = USUAL_MONTHS
) -> tuple[int | None, str]:
    """The tenant's own pattern over the ``months`` whole months before ``before``.

    Usual day: the median day of the month of the first payment in each month (at least three
    months with a payment, otherwise unknown; of an even number the lower middle one). Usual
    method: the most frequent method (the most recent one wins a tie).
    """
    start, end = usual_window(before, months)
    # Plain loops and dicts: this runs for every tenancy in a full recompute.
    first_per_month: dict[int, int] = {}
    counts: dict[str, int] = {}
    for p in payments:
        booked = p.booked_on
        if start <= booked < end:
            key = booked.year * 12 + booked.month
            if key not in first_per_month:
                first_per_month[key] = booked.day
            if p.method:
                counts[p.method] = counts.get(p.method, 0) + 1
    day: int | None = None
    if len(first_per_month) >= USUAL_MIN_MONTHS:
        days = sorted(first_per_month.values())
        day = days[(len(days) - 1) // 2]
    method = ""
    if counts:
        best = max(counts.values())
        for p in reversed(payments):
            if start <= p.booked_on < end and counts.get(p.method) == best:
                method = p.method
                break
    return day, method


class PaymentPattern(NamedTuple):
    """What the rules use of a tenancy's recent payments (``pattern.patterns`` computes it in SQL
    for the recompute; ``payment_pattern`` from the payment rows)."""

    usual_day: int | None
    usual_method: str
    last_payment_on: dt.date | None
    first_this_month: dt.date | None  # the first payment booked this month (up to today)


NO_PATTERN = PaymentPattern(None, "", None, None)


def payment_pattern(payments: Sequence[Entry], today: dt.date) -> PaymentPattern:
    """The pattern from a tenancy's payments (oldest first, booked up to ``today``)."""
    usual_day, usual_method = usual_payment(payments, today)
    month_start = today.replace(day=1)
    first = next((p.booked_on for p in payments if p.booked_on >= month_start), None)
    last = payments[-1].booked_on if payments else None
    return PaymentPattern(usual_day, usual_method, last, first)


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
    if facts.within_grace:
        state = NO_ARREARS
    else:
        state = overdue(facts.history, facts.balance_cents, today, policy.grace_days, rent)
    arrears = state.arrears_cents
    months = state.terms
    arose = state.arose_on
    overdue_days = (today - arose).days if arose else 0
    then = add_months(today, -policy.trend_months)
    if facts.within_grace:
        arrears_then = 0  # or at most the trend tolerance: stable either way
    elif facts.history:
        upto_then = [e for e in facts.history if e.booked_on <= then]
        arrears_then = overdue(
            upto_then, sum(e.amount_cents for e in upto_then), then, policy.grace_days, rent
        ).arrears_cents
    else:
        arrears_then = max(facts.balance_then_cents, 0)
    trend_now = trend(arrears, arrears_then, rent, policy.trend_tolerance_percent)
    pattern = facts.pattern or payment_pattern(facts.payments, today)
    usual_day = pattern.usual_day
    signals: list[SignalFact] = []
    amount = {"arrears_cents": arrears, "months": str(months)}

    bands = (
        ("arrears_3m", policy.months_court),
        ("arrears_2m", policy.months_home_visit),
        ("arrears_1m", policy.months_first),
    )
    for kind, threshold in bands:
        if rent > 0 and arrears > 0 and months >= threshold:
            reached = band_reached_on(state, Decimal(threshold)) or arose or today
            signals.append(SignalFact(kind, reached, amount))
            break
    else:
        if arrears > 0 and arose:
            signals.append(
                SignalFact(
                    "missed",
                    arose,
                    {**amount, "due_on": arose.isoformat(), "days": overdue_days},
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
        first = pattern.first_this_month
        if first is not None:
            if first.day - usual_day >= policy.later_than_usual_days:
                signals.append(
                    SignalFact("later", first, {"usual_day": usual_day, "paid_on": first.day})
                )
        elif arrears > 0 and today.day - usual_day >= policy.later_than_usual_days:
            started = month_start + dt.timedelta(days=usual_day - 1 + policy.later_than_usual_days)
            signals.append(SignalFact("later", started, {"usual_day": usual_day}))

    if arrears > 0 and arose:
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
        usual_method=pattern.usual_method,
        last_payment_on=pattern.last_payment_on,
        signals=tuple(signals),
    )
