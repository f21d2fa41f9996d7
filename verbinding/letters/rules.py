"""Letter rules as plain functions: what a 14-dagenbrief may claim, its costs and its term.

- Only rent in **default** (verzuim) is claimed: a term counts once its due date plus the grace
  days have passed (``arrears.rules.in_default``; ECLI:NL:PHR:2016:938: costs only "na het intreden
  van het verzuim"). Rent within its grace period is left out and costs nothing.
- Collection costs (buitengerechtelijke incassokosten) per art. 6:96 lid 5-6 BW and the Besluit
  vergoeding voor buitengerechtelijke incassokosten (art. 2): 15% of the first €2,500, 10% of the
  next €2,500, 5% of the next €5,000, 1% of the next €190,000, 0.5% of the rest; at least €40, at
  most €6,775, computed over the **principal rent** still unpaid (no reminder or other costs in
  the base; after a part payment only the unpaid part: HR 25-11-2016, ECLI:NL:HR:2016:2704).
  VAT may be added (art. 2 lid 3 of the Besluit) where the association cannot reclaim it: a
  setting, off by default, and then stated in the letter.
- The 14-dagenbrief: the 14 days run from the day *after receipt* (Hoge Raad 25-11-2016); a last
  day on a Saturday, Sunday or public holiday moves to the next working day (Algemene
  termijnenwet art. 1; no source confirms this for art. 6:96 lid 6, so it is the stricter reading:
  the tenant gets the longer term).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from verbinding.arrears import rules as arrears_rules

BRACKETS = [  # (up to this principal in cents, rate in basis points)
    (250_000, 1500),
    (500_000, 1000),
    (1_000_000, 500),
    (20_000_000, 100),
    (None, 50),
]
MINIMUM_CENTS = 4000
MAXIMUM_CENTS = 677_500
TERM_DAYS = 14


def collection_costs(principal_cents: int) -> int:
    """The statutory maximum collection costs for a principal, in whole cents (rounded half up)."""
    if principal_cents <= 0:
        return 0
    total_bp = 0  # cents times basis points
    lower = 0
    for upper, rate in BRACKETS:
        top = principal_cents if upper is None else min(principal_cents, upper)
        if top > lower:
            total_bp += (top - lower) * rate
        if upper is None or principal_cents <= upper:
            break
        lower = upper
    costs = (total_bp + 5000) // 10000
    return min(max(costs, MINIMUM_CENTS), MAXIMUM_CENTS)


@cache
def _holidays(year: int) -> frozenset[dt.date]:
    """Dutch public holidays (the ``holidays`` library) plus 5 May every year: the Algemene
    termijnenwet art. 3 names 5 May each year, the library only in lustrum years. Good Friday, which
    the library includes, is kept (the stricter reading)."""
    import holidays  # imported here: only the term needs it

    days = set(holidays.country_holidays("NL", years=year))
    days.add(dt.date(year, 5, 5))
    return frozenset(days)


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in _holidays(day.year)


def term_last_day(received_on: dt.date) -> dt.date:
    """Received on 2 March: the term runs 3-16 March, so 16 March is the last day. A last day on a
    Saturday, Sunday or public holiday moves to the next working day (Algemene termijnenwet)."""
    last = received_on + dt.timedelta(days=TERM_DAYS)
    while not is_working_day(last):
        last += dt.timedelta(days=1)
    return last


def vat_cents(costs_cents: int, percent: int) -> int:
    """VAT on the collection costs, whole cents rounded half up (0 when ``percent`` is 0)."""
    return (costs_cents * percent + 50) // 100 if percent > 0 else 0


@dataclass(frozen=True)
class Claim:
    """What a 14-dagenbrief may claim on a day: the rent terms in default (due date, unpaid part),
    other overdue amounts (no costs over them), and rent not yet in default (left out)."""

    months: tuple[tuple[dt.date, int], ...]
    other_cents: int
    not_in_default: tuple[tuple[dt.date, int], ...]
    costs_cents: int

    @property
    def principal_cents(self) -> int:
        return sum(cents for _d, cents in self.months)


def claim(
    history: Sequence[arrears_rules.Entry], balance_cents: int, today: dt.date, grace_days: int
) -> Claim:
    """The claim of a 14-dagenbrief from the ledger (FIFO: payments settle the oldest charges
    first, so after a part payment only the unpaid part of a month counts)."""
    months: dict[dt.date, int] = {}
    pending: dict[dt.date, int] = {}
    other = 0
    explained = 0
    for entry, part in arrears_rules.unpaid_charges(history, balance_cents):
        explained += part
        if not arrears_rules.in_default(entry, today, grace_days):
            if arrears_rules.is_term(entry):
                pending[entry.due] = pending.get(entry.due, 0) + part
            continue
        if arrears_rules.is_term(entry):
            months[entry.due] = months.get(entry.due, 0) + part
        else:
            other += part
    other += max(balance_cents - explained, 0)  # an opening balance the ledger does not explain
    principal = sum(months.values())
    return Claim(
        tuple(sorted(months.items())),
        other,
        tuple(sorted(pending.items())),
        collection_costs(principal),
    )


def term_expired(received_on: dt.date | None, today: dt.date) -> bool:
    return received_on is not None and today > term_last_day(received_on)
