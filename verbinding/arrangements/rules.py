"""The rules for payment arrangements, as plain functions (no database).

- ``schedule``: equal monthly instalments, the last one smaller; due on the same day each month.
- ``check``: is a proposal inside the association's margins (domain.md §3)? Returns every rule it
  breaks, so the advisor sees *which* rule and can give a reason to the team lead.
- ``affordability``: the kitchen-table worksheet (income, fixed costs, beslagvrije voet).
- ``allocate``: which instalments the payments cover (the allocation rule, docs/arrangements.md).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

# Rule codes, also stored on the arrangement (``breaches``) and shown in the docs.
TERM = "term"
INSTALMENT = "instalment"
FREQUENCY = "frequency"
TENANCY_LENGTH = "tenancy_length"
ARREARS_TOO_HIGH = "arrears_too_high"

RULE_LABELS = {
    TERM: _("Maximum term"),
    INSTALMENT: _("Minimum instalment"),
    FREQUENCY: _("Arrangements per year"),
    TENANCY_LENGTH: _("Length of the tenancy"),
    ARREARS_TOO_HIGH: _("Maximum arrears for an arrangement"),
}


@dataclass(frozen=True)
class Margins:
    """The numbers of one policy version (see ``models.ArrangementPolicy``)."""

    small_band_months: Decimal = Decimal("1.0")  # arrears up to this many months of rent ...
    max_term_small: int = 6  # ... may be paid off in at most this many months
    max_term_large: int = 12  # more arrears: at most this many months
    min_instalment_cents: int = 5000  # on top of the rent
    max_per_year: int = 1  # arrangements in the 12 months before
    min_tenancy_months: int = 0  # eligibility: tenant for at least this long
    max_arrears_months: Decimal | None = None  # eligibility: arrears at most this many months
    advisor_max_term: int | None = None  # the advisor may agree up to this term without asking


@dataclass(frozen=True)
class Proposal:
    amount_cents: int  # what the arrangement pays off
    instalment_cents: int  # what the tenant proposes to pay each month, on top of the rent
    rent_cents: int
    tenancy_months: int = 120
    arrangements_past_year: int = 0


@dataclass(frozen=True)
class Breach:
    code: str
    message: str


@dataclass(frozen=True)
class Verdict:
    term: int
    norm_term: int  # the band's maximum term
    allowed_term: int  # what the advisor may agree alone (norm or the advisor's margin)
    breaches: tuple[Breach, ...] = field(default_factory=tuple)

    @property
    def inside(self) -> bool:
        return not self.breaches

    @property
    def codes(self) -> list[str]:
        return [b.code for b in self.breaches]


def term_months(amount_cents: int, instalment_cents: int) -> int:
    """How many monthly instalments it takes (the last one may be smaller)."""
    if amount_cents <= 0:
        return 0
    if instalment_cents <= 0:
        raise ValueError("The instalment must be more than zero.")
    return -(-amount_cents // instalment_cents)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, or the month's last day if it is shorter (31 Jan → 28 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


MAX_TERM = 120  # no arrangement runs longer than ten years, whatever the margins


def schedule(
    amount_cents: int, instalment_cents: int, first_due: dt.date
) -> list[tuple[dt.date, int]]:
    """Due dates and amounts; the amounts add up to ``amount_cents`` exactly."""
    if term_months(amount_cents, instalment_cents) > MAX_TERM:
        raise ValueError(f"More than {MAX_TERM} instalments.")
    rows = []
    left = amount_cents
    n = 0
    while left > 0:
        part = min(instalment_cents, left)
        rows.append((add_months(first_due, n), part))
        left -= part
        n += 1
    return rows


def months_of_rent(amount_cents: int, rent_cents: int) -> Decimal:
    if rent_cents <= 0:
        return Decimal(0)
    return Decimal(amount_cents) / Decimal(rent_cents)


def norm_term(margins: Margins, amount_cents: int, rent_cents: int) -> int:
    """The band's maximum: ≤ 1 month of rent → 6 months, more → 12 (the defaults)."""
    if months_of_rent(amount_cents, rent_cents) <= margins.small_band_months:
        return margins.max_term_small
    return margins.max_term_large


def check(margins: Margins, proposal: Proposal) -> Verdict:
    """Every rule the proposal breaks (an empty list means: inside the margins)."""
    term = term_months(proposal.amount_cents, proposal.instalment_cents)
    norm = norm_term(margins, proposal.amount_cents, proposal.rent_cents)
    allowed = max(norm, margins.advisor_max_term or 0)
    breaches: list[Breach] = []
    if term > allowed:
        breaches.append(
            Breach(
                TERM,
                str(
                    _("%(term)s months is longer than the %(allowed)s months you may agree.")
                    % {"term": term, "allowed": allowed}
                ),
            )
        )
    minimum = min(margins.min_instalment_cents, proposal.amount_cents)
    if proposal.instalment_cents < minimum:
        breaches.append(
            Breach(
                INSTALMENT,
                str(
                    _("The instalment is less than the minimum of %(min)s a month.")
                    % {"min": _euro(minimum)}
                ),
            )
        )
    if proposal.arrangements_past_year >= margins.max_per_year:
        breaches.append(
            Breach(
                FREQUENCY,
                str(
                    _(
                        "There were already %(n)s arrangement(s) in the past 12 months (maximum %(max)s)."
                    )
                    % {"n": proposal.arrangements_past_year, "max": margins.max_per_year}
                ),
            )
        )
    if proposal.tenancy_months < margins.min_tenancy_months:
        breaches.append(
            Breach(
                TENANCY_LENGTH,
                str(
                    _("The tenancy is %(n)s months old; the policy asks for at least %(min)s.")
                    % {"n": proposal.tenancy_months, "min": margins.min_tenancy_months}
                ),
            )
        )
    if margins.max_arrears_months is not None and (
        months_of_rent(proposal.amount_cents, proposal.rent_cents) > margins.max_arrears_months
    ):
        breaches.append(
            Breach(
                ARREARS_TOO_HIGH,
                str(
                    _("The arrears are more than %(max)s months of rent.")
                    % {"max": margins.max_arrears_months}
                ),
            )
        )
    return Verdict(term=term, norm_term=norm, allowed_term=allowed, breaches=tuple(breaches))


@dataclass(frozen=True)
class Fit:
    """What would fit inside the margins for this amount: an instalment of at least
    ``min_instalment_cents``, or (the same thing seen from the other side) a term of at most
    ``max_term`` months. ``None`` when the numbers alone cannot bring it inside (e.g. a second
    arrangement within a year)."""

    min_instalment_cents: int
    max_term: int


def what_fits(margins: Margins, verdict: Verdict, amount_cents: int) -> Fit | None:
    if verdict.inside or set(verdict.codes) - {TERM, INSTALMENT} or amount_cents <= 0:
        return None
    by_term = -(-amount_cents // verdict.allowed_term)
    minimum = min(max(by_term, margins.min_instalment_cents), amount_cents)
    return Fit(min_instalment_cents=minimum, max_term=term_months(amount_cents, minimum))


def _euro(cents: int) -> str:
    from verbinding.web.templatetags.verbinding import format_euro

    return format_euro(cents)


@dataclass(frozen=True)
class Affordability:
    income_cents: int
    rent_cents: int
    fixed_costs_cents: int
    protected_cents: int  # the beslagvrije voet that applies
    instalment_cents: int

    @property
    def free_cents(self) -> int:
        """What is left each month after rent and fixed costs."""
        return self.income_cents - self.rent_cents - self.fixed_costs_cents

    @property
    def above_protected_cents(self) -> int:
        """Income above the beslagvrije voet: the most a creditor could claim each month."""
        return max(self.income_cents - self.protected_cents, 0)

    @property
    def fits_free_room(self) -> bool:
        return self.instalment_cents <= self.free_cents

    @property
    def leaves_protected_income(self) -> bool:
        """After the instalment, the household keeps at least the beslagvrije voet."""
        return self.income_cents - self.instalment_cents >= self.protected_cents


def tenancy_months(start: dt.date, today: dt.date) -> int:
    months = (today.year - start.year) * 12 + today.month - start.month
    if today.day < start.day:
        months -= 1
    return max(months, 0)


SHOWN_STATES = {
    "paid": _("Paid"),
    "partly_paid": _("Partly paid"),
    "missed": _("Missed"),
    "coming": _("Still to come"),
}


def shown_state(
    *, status: str, due_on: dt.date, paid_cents: int, amount_cents: int, today: dt.date
) -> str:
    """What an instalment is on ``today``, for people: once its due date has passed it is paid,
    partly paid or missed, never 'not yet due'. (Tracking decides the stored status at the deadline,
    due date + grace days, and only when the ledger changes; until then the due date that passed
    shows what came in so far.)"""
    if status != "open":
        return status
    if paid_cents >= amount_cents:
        return "paid"
    if due_on >= today:
        return "coming"
    return "partly_paid" if paid_cents > 0 else "missed"


@dataclass(frozen=True)
class Covered:
    paid_cents: int  # covered as of today (late payments included)
    status: str  # open / paid / partly_paid / missed (decided at the deadline)


def allocate(
    *,
    instalments: Sequence[tuple[dt.date, int]],
    available: Sequence[tuple[dt.date, int]],
    today: dt.date,
    grace_days: int,
) -> list[Covered]:
    """Decide each instalment from the money left for the arrangement.

    ``available`` is a list of ``(date, cents)`` movements since the arrangement started: payments
    positive, new charges (the current rent, a reversed direct debit) negative. The rule: payments
    first cover the rent and other charges booked since the start; what remains goes to the
    instalments, oldest first. An instalment's status is decided at its deadline (due date plus
    ``grace_days``) from what had come in by then; ``paid_cents`` also counts later payments.
    """
    moves = sorted(available)

    def pool_on(day: dt.date) -> int:
        return max(sum(c for d, c in moves if d <= day), 0)

    pool_today = pool_on(today)
    result = []
    before = 0
    for due, amount in instalments:
        deadline = due + dt.timedelta(days=grace_days)
        paid_now = min(max(pool_today - before, 0), amount)
        if deadline >= today:
            status = "paid" if paid_now >= amount else "open"
        else:
            by_deadline = min(max(pool_on(deadline) - before, 0), amount)
            if by_deadline >= amount:
                status = "paid"
            elif by_deadline > 0:
                status = "partly_paid"
            else:
                status = "missed"
        result.append(Covered(paid_cents=paid_now, status=status))
        before += amount
    return result
