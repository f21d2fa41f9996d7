"""The payment pattern of a batch of tenancies as one row each, computed by the database.

What ``rules.payment_pattern`` decides from a tenancy's payment rows (the usual payment day and
method over the last whole months, the last payment, the first payment this month), here as one
SQL query with aggregates and window functions (SQLite ≥ 3.25 and PostgreSQL alike): the nightly
run reads one row per tenancy instead of every payment of the last seven months (~860,000 rows
at 100,000 tenancies). ``tests/test_pattern.py`` holds it to the Python rule.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection
from django.db.models import Case, IntegerField, QuerySet, Value, When

from verbinding.arrears import rules
from verbinding.arrears.history import as_date, sql_rows
from verbinding.ledger.models import EntryKind


def _day_of_month(column: str) -> str:
    if connection.vendor == "postgresql":
        return f"CAST(EXTRACT(DAY FROM {column}) AS integer)"
    # a date is ISO text on SQLite: the day is characters 9-10 (strftime parses the whole date:
    # ~7 % of this query's time there)
    return f"CAST(substr({column}, 9, 2) AS integer)"


def _month_bucket(today: dt.date, months: int) -> Case:
    """0 … ``months - 1``: the whole months of the window, oldest first; ``months``: this month."""
    start = rules.usual_window(today, months)[0]
    whens = [
        When(booked_on__lt=rules.add_months(start, k + 1), then=Value(k)) for k in range(months)
    ]
    return Case(*whens, default=Value(months), output_field=IntegerField())


def patterns(ledger: QuerySet[Any, Any], today: dt.date) -> dict[int, rules.PaymentPattern]:
    """The payment pattern on ``today`` per tenancy of ``ledger`` (a ``LedgerEntry`` queryset
    already restricted to the batch and to ``booked_on <= today``). Tenancies without a payment
    since the window's start are absent (their pattern is ``rules.NO_PATTERN``)."""
    months = rules.USUAL_MONTHS
    start = rules.usual_window(today, months)[0]
    base = (
        ledger.filter(kind=EntryKind.PAYMENT, booked_on__gte=start)
        .order_by()
        .annotate(bucket=_month_bucket(today, months))
        .values_list("tenancy_id", "booked_on", "id", "method", "bucket")
    )
    base_sql, params = base.query.sql_with_params()
    day = _day_of_month("first_on")
    # p: the payments since the window's start with their month (``months``: this month);
    # w: those of the window, numbered in booking order (the tie-break for the usual method);
    # firsts/days/usual: the first payment of each month, the lower median of their days;
    # methods: the most frequent method, the most recently used one first on a tie.
    sql = f"""
        WITH p (tenancy_id, booked_on, id, method, bucket) AS MATERIALIZED ({base_sql}),
        w AS (
            SELECT tenancy_id, method,
                   ROW_NUMBER() OVER (PARTITION BY tenancy_id ORDER BY booked_on, id) AS seq
            FROM p WHERE bucket < {months}
        ),
        firsts AS (
            SELECT tenancy_id, MIN(booked_on) AS first_on
            FROM p WHERE bucket < {months} GROUP BY tenancy_id, bucket
        ),
        days AS (
            SELECT tenancy_id, {day} AS day,
                   ROW_NUMBER() OVER (PARTITION BY tenancy_id ORDER BY {day}) AS rn,
                   COUNT(*) OVER (PARTITION BY tenancy_id) AS n
            FROM firsts
        ),
        usual AS (
            SELECT tenancy_id, day FROM days
            WHERE n >= {rules.USUAL_MIN_MONTHS} AND rn = (n - 1) / 2 + 1
        ),
        methods AS (
            SELECT tenancy_id, method,
                   ROW_NUMBER() OVER (
                       PARTITION BY tenancy_id ORDER BY COUNT(*) DESC, MAX(seq) DESC
                   ) AS r
            FROM w WHERE method <> '' GROUP BY tenancy_id, method
        ),
        summary AS (
            SELECT tenancy_id, MAX(booked_on) AS last_on,
                   MIN(CASE WHEN bucket = {months} THEN booked_on END) AS first_now
            FROM p GROUP BY tenancy_id
        )
        SELECT 0, tenancy_id, NULL, NULL, last_on, first_now FROM summary
        UNION ALL SELECT 1, tenancy_id, day, NULL, NULL, NULL FROM usual
        UNION ALL SELECT 2, tenancy_id, NULL, method, NULL, NULL FROM methods WHERE r = 1
    """  # noqa: S608 - built from the ORM's own SQL and integer constants; values are parameters
    # Up to three rows per tenancy, put together here: SQLite joined the CTEs row by row (13 s of
    # CPU per batch of 5,000 tenancies), a UNION ALL reads each once.
    result: dict[int, rules.PaymentPattern] = {}
    days: dict[int, int] = {}
    methods: dict[int, str] = {}
    for part, tid, usual_day, method, last_on, first_now in sql_rows(sql, params):
        if part == 0:
            result[tid] = rules.PaymentPattern(
                None, "", as_date(last_on), None if first_now is None else as_date(first_now)
            )
        elif part == 1:
            days[tid] = int(usual_day)
        else:
            methods[tid] = method
    for tid, found in result.items():
        result[tid] = found._replace(usual_day=days.get(tid), usual_method=methods.get(tid, ""))
    return result
