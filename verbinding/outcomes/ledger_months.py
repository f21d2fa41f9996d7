"""Month-end balances from the rent ledger, aggregated in the database (one pass, window SUM).

Each tenancy's running balance at the end of every month in which it has a booking (every running
tenancy has a rent charge each month). Positive = the tenant owes money (arrears).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import QuerySet

from verbinding.households.models import Tenancy
from verbinding.ledger.models import LedgerEntry


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
    (both months included)."""
    last_day = month_start(month_index(last) + 1) - dt.timedelta(days=1)
    cte, params = _running_cte(last_day, tenancies)
    sql = f"""WITH {cte}
    SELECT m, SUM(CASE WHEN bal > 0 THEN 1 ELSE 0 END),
              SUM(CASE WHEN bal > 0 THEN bal ELSE 0 END),
              SUM(CASE WHEN bal > 0 THEN rent ELSE 0 END)
    FROM running WHERE m >= %s GROUP BY m ORDER BY m"""  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, month_index(first)])
        found = {
            int(m): (int(n or 0), int(a or 0), int(r or 0)) for m, n, a, r in cursor.fetchall()
        }
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
    """Arrears of at least one month's rent, cleared (balance ≤ 0) at the end of a month between
    ``first`` and ``last``, and whether the balance was still ≤ 0 at the end of the same month a
    year later, without a month of arrears in between."""
    cte, params = _running_cte(today, tenancies)
    sql = f"""WITH {cte},
    marked AS (
        SELECT t, m, bal, rent,
            LAG(bal) OVER (PARTITION BY t ORDER BY m) AS prev_bal,
            LEAD(bal, 12) OVER (PARTITION BY t ORDER BY m) AS bal_12,
            LEAD(m, 12) OVER (PARTITION BY t ORDER BY m) AS m_12,
            MAX(bal) OVER (PARTITION BY t ORDER BY m ROWS BETWEEN 1 FOLLOWING AND 12 FOLLOWING)
                AS worst_12
        FROM running
    )
    SELECT t, m, bal_12, m_12, worst_12, rent FROM marked
    WHERE bal <= 0 AND prev_bal >= rent AND m >= %s AND m <= %s
    ORDER BY t, m"""  # noqa: S608
    # The month must be complete, and a year later must have passed for 'still clear'.
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, month_index(first), month_index(last)])
        rows = cursor.fetchall()
    out = []
    for t, m, bal_12, m_12, worst, rent in rows:
        if m_12 is None or int(m_12) != int(m) + 12:
            still: bool | None = None
        else:
            still = bal_12 <= 0 and (worst is None or worst < rent)
        out.append(ClearedEpisode(int(t), month_start(int(m)), still))
    return out


def reached_threshold(
    *, first: dt.date, last: dt.date, months: float, tenancies: QuerySet[Any] | None = None
) -> set[int]:
    """Tenancies whose month-end arrears reached ``months`` times the monthly rent in a month between
    ``first`` and ``last``."""
    last_day = month_start(month_index(last) + 1) - dt.timedelta(days=1)
    cte, params = _running_cte(last_day, tenancies)
    sql = f"""WITH {cte}
    SELECT DISTINCT t FROM running WHERE m >= %s AND bal >= rent * %s"""  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, month_index(first), months])
        return {int(r[0]) for r in cursor.fetchall()}
