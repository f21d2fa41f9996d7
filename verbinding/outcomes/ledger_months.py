"""Month-end balances from the rent ledger: computed in the database in one pass (window SUM) into
the derived table :class:`~verbinding.outcomes.models.MonthEnd`, and read from there.

Each tenancy's running balance at the end of every month in which it has a booking (every running
tenancy has a rent charge each month). Positive = the tenant owes money (arrears).
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, F, QuerySet, Sum

from verbinding import clock
from verbinding.households.models import Tenancy
from verbinding.ledger.models import LedgerEntry
from verbinding.outcomes.models import MonthEnd, Refresh


def month_index(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


def month_start(index: int) -> dt.date:
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, 1)


def _month_sql(column: str) -> str:
    if connection.vendor == "postgresql":
        return f"(EXTRACT(YEAR FROM {column})::int * 12 + EXTRACT(MONTH FROM {column})::int - 1)"
    return (
        f"(CAST(strftime('%%Y', {column}) AS INTEGER) * 12"
        f" + CAST(strftime('%%m', {column}) AS INTEGER) - 1)"
    )


def _running_cte(until: dt.date, tenancies: QuerySet[Any] | None) -> tuple[str, list[Any]]:
    ledger = LedgerEntry._meta.db_table
    tenancy = Tenancy._meta.db_table
    params: list[Any] = [until]
    where = "le.booked_on <= %s"
    if tenancies is not None:
        sub, sub_params = tenancies.query.sql_with_params()
        where += f" AND le.tenancy_id IN ({sub})"
        params += list(sub_params)
    # Only table names and our own SQL fragments are formatted in; every value is a parameter.
    sql = f"""
    monthly AS (
        SELECT le.tenancy_id AS t, {_month_sql("le.booked_on")} AS m, SUM(le.amount_cents) AS net
        FROM {ledger} le WHERE {where}
        GROUP BY le.tenancy_id, {_month_sql("le.booked_on")}
    ),
    running AS (
        SELECT mo.t AS t, mo.m AS m, ten.rent_cents AS rent,
               SUM(mo.net) OVER (PARTITION BY mo.t ORDER BY mo.m ROWS UNBOUNDED PRECEDING) AS bal
        FROM monthly mo JOIN {tenancy} ten ON ten.id = mo.t
    )"""  # noqa: S608
    return sql, params


@transaction.atomic
def refresh(*, today: dt.date | None = None) -> Refresh:
    """Recompute every tenancy's month-end balances up to the last complete month (one SQL pass)."""
    started = time.perf_counter()
    today = today or clock.today()
    through = month_start(month_index(today)) - dt.timedelta(days=1)
    cte, params = _running_cte(through, None)
    table = MonthEnd._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table}")  # noqa: S608 - our own table name
        cursor.execute(
            f"""INSERT INTO {table} (tenancy_id, month, balance_cents, rent_cents,
                prev_balance_cents, balance_12_cents, worst_12_cents, months_x100, cleared)
            WITH {cte}
            SELECT t, m, bal, rent,
                LAG(bal) OVER w,
                CASE WHEN LEAD(m, 12) OVER w = m + 12 THEN LEAD(bal, 12) OVER w END,
                MAX(bal) OVER (PARTITION BY t ORDER BY m ROWS BETWEEN 1 FOLLOWING AND 12 FOLLOWING),
                CASE WHEN rent > 0 AND bal > 0 THEN CAST(bal * 100 / rent AS INTEGER) ELSE 0 END,
                COALESCE(bal <= 0 AND LAG(bal) OVER w >= rent, FALSE)
            FROM running
            WINDOW w AS (PARTITION BY t ORDER BY m)""",  # noqa: S608
            params,
        )
        rows = cursor.rowcount
        # Fresh statistics, so the planner uses the flag indexes (SQLite has none until ANALYZE).
        cursor.execute(f"ANALYZE {table}")
    return Refresh.objects.create(
        through=through, rows=max(rows, 0), seconds=round(time.perf_counter() - started, 2)
    )


def last_refresh() -> Refresh | None:
    return Refresh.objects.first()


def _month_ends(tenancies: QuerySet[Any] | None) -> QuerySet[MonthEnd]:
    qs = MonthEnd.objects.all()
    return qs if tenancies is None else qs.filter(tenancy_id__in=tenancies)


@dataclass(frozen=True)
class MonthPoint:
    month: dt.date  # the first day of the month; the balance is at its end
    tenancies: int  # tenancies with a positive balance at month end
    arrears_cents: int
    rent_cents: int  # the monthly rent of those tenancies (for 'months of rent')

    @property
    def months_of_rent(self) -> float | None:
        return round(self.arrears_cents / self.rent_cents, 2) if self.rent_cents else None


def arrears_by_month(
    *, first: dt.date, last: dt.date, tenancies: QuerySet[Any] | None = None
) -> list[MonthPoint]:
    """Tenancies in arrears and total arrears at the end of each month from ``first`` to ``last``
    (both included), from the month-end table (one GROUP BY)."""
    rows = (
        _month_ends(tenancies)
        # the months as a list: one index seek per month to its positive balances (a range on
        # the month read every month end of the year through the index)
        .filter(
            month__in=list(range(month_index(first), month_index(last) + 1)), balance_cents__gt=0
        )
        .values("month")
        .annotate(n=Count("id"), a=Sum("balance_cents"), r=Sum("rent_cents"))
        .order_by("month")
    )
    found = {r["month"]: (r["n"], r["a"] or 0, r["r"] or 0) for r in rows}
    return [
        MonthPoint(month_start(i), *found.get(i, (0, 0, 0)))
        for i in range(month_index(first), month_index(last) + 1)
    ]


@dataclass(frozen=True)
class ClearedEpisode:
    tenancy_id: int
    cleared_month: dt.date
    still_clear: bool | None  # None: no balance known a year later (the tenancy ended)


def cleared_episodes(
    *, first: dt.date, last: dt.date, tenancies: QuerySet[Any] | None = None, today: dt.date
) -> list[ClearedEpisode]:
    """Arrears of at least one month's rent, cleared (balance <= 0) at the end of a month between
    ``first`` and ``last``, and whether the balance was still <= 0 at the end of the same month a
    year later, without a month of arrears in between."""
    # ``cleared__in=[True]`` and no ORDER BY: a plain ``cleared=True`` is ``WHERE "cleared"`` on
    # SQLite, which no index serves, and an ORDER BY on (tenancy, month) made it walk the unique
    # index instead: both scanned all month ends (1.9M rows at 100k). Sorted here instead.
    rows = sorted(
        _month_ends(tenancies)
        .filter(
            cleared__in=[True],
            month__gte=month_index(first),
            month__lte=min(month_index(last), month_index(today) - 13),
        )
        .order_by()
        .values_list("tenancy_id", "month", "balance_12_cents", "worst_12_cents", "rent_cents")
    )
    out = []
    for t, m, bal_12, worst, rent in rows:
        still = None if bal_12 is None else bal_12 <= 0 and (worst is None or worst < rent)
        out.append(ClearedEpisode(int(t), month_start(int(m)), still))
    return out


def reached_threshold(
    *, first: dt.date, last: dt.date, months: float, tenancies: QuerySet[Any] | None = None
) -> set[int]:
    """Tenancies whose month-end arrears reached ``months`` times the monthly rent in a month
    between ``first`` and ``last``."""
    # No DISTINCT in SQL (the set removes duplicates): with it SQLite walked the unique index of
    # all month ends to avoid a sort instead of reading the few rows over the threshold.
    return set(
        _month_ends(tenancies)
        .filter(months_x100__gte=round(months * 100))
        .alias(m0=F("month") + 0)
        .filter(m0__gte=month_index(first), m0__lte=month_index(last))
        .order_by()
        .values_list("tenancy_id", flat=True)
    )
