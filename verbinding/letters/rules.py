"""Letter rules as plain functions: collection costs and the 14-day term.

- Collection costs (buitengerechtelijke incassokosten) per art. 6:96 lid 5-6 BW and the Besluit
  vergoeding voor buitengerechtelijke incassokosten (art. 2): 15% of the first €2,500, 10% of the
  next €2,500, 5% of the next €5,000, 1% of the next €190,000, 0.5% of the rest; at least €40, at
  most €6,775. (A landlord that cannot reclaim VAT may add VAT; not done here.)
- The 14-dagenbrief: the 14 days run from the day *after receipt* (Hoge Raad 25-11-2016), so the
  term's last day is the receipt date + 14 days, and it has expired from the day after that.
"""

from __future__ import annotations

import datetime as dt

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


def term_last_day(received_on: dt.date) -> dt.date:
    """Received on 2 March: the term runs 3-16 March, so 16 March is the last day."""
    return received_on + dt.timedelta(days=TERM_DAYS)


def term_expired(received_on: dt.date | None, today: dt.date) -> bool:
    return received_on is not None and today > term_last_day(received_on)
