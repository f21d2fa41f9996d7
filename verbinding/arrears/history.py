"""Arrears on any date, for any set of tenancies: the one loader every app calls.

The worklist's stored state (``compute``), letters, escalation, early signals, arrangements and
the household page all build their ledger entries here, with each charge's due date (the
tenancy's agreed due day, ``RentDueDay``), and decide with ``rules.overdue``: one FIFO rule, one
definition of what is overdue.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Collection, Iterator, Sequence
from typing import Any

from django.db import connection
from django.db.models import CharField, F, QuerySet, Sum
from django.db.models.functions import Cast

from verbinding.arrears import rules
from verbinding.arrears.models import ArrearsPolicy, RentDueDay
from verbinding.db.prepared import DATE, INT, Prepared
from verbinding.households.models import Tenancy
from verbinding.ledger.models import EntryKind, LedgerEntry

CHUNK = 500  # SQLite refuses very long IN lists ("Expression tree is too large")

DueDays = dict[int, list[tuple[dt.date, int]]]


# compiled once per connection (verbinding.db.prepared): read on every household page
POLICY_ON = Prepared(
    lambda day: ArrearsPolicy.objects.filter(valid_from__lte=day).order_by("-valid_from", "-id")[
        :1
    ],
    day=DATE,
)


def policy_on(day: dt.date) -> ArrearsPolicy:
    """The arrears policy version in force on ``day`` (defaults, unsaved, when none was set)."""
    found = POLICY_ON.objects(day=day)
    return found[0] if found else ArrearsPolicy(valid_from=dt.date(2000, 1, 1))


def due_days(tenancy_ids: Collection[int]) -> DueDays:
    """The agreed due-day versions per tenancy, oldest first (tenancies without any: absent)."""
    result: DueDays = defaultdict(list)
    ids = list(tenancy_ids)
    for start in range(0, len(ids), CHUNK):
        rows = (
            RentDueDay.objects.filter(tenancy_id__in=ids[start : start + CHUNK])
            .order_by("tenancy_id", "valid_from")
            .values_list("tenancy_id", "valid_from", "day")
        )
        for tid, valid_from, day in rows:
            result[tid].append((valid_from, day))
    return dict(result)


def due_day_on(versions: Sequence[tuple[dt.date, int]], day: dt.date) -> int:
    """The due day in force on ``day`` (1 before the first agreed version)."""
    index = bisect_right([v for v, _ in versions], day)
    return versions[index - 1][1] if index else 1


def entry(
    booked_on: dt.date,
    kind: str,
    amount_cents: int,
    *,
    detail: str = "",
    method: str = "",
    return_reason: str = "",
    versions: Sequence[tuple[dt.date, int]] = (),
) -> rules.Entry:
    """A ledger row as the rules see it, with a charge's due date from the agreed due day."""
    due = None
    if kind == EntryKind.CHARGE and versions:
        due = rules.due_on(booked_on, due_day_on(versions, booked_on))
        if due == booked_on:
            due = None
    return rules.Entry(booked_on, kind, int(amount_cents), method, return_reason, due, detail)


_DAYS: dict[str, dt.date] = {}


def day_text() -> Cast | F:
    """``booked_on`` for ``raw_rows``, read back with ``as_date``. On SQLite as text: its driver
    would otherwise call Django's date parser for every row of a declared date column. (On
    PostgreSQL the driver's own date is fast, and text would depend on the server's DateStyle.)"""
    if connection.vendor == "sqlite":
        return Cast("booked_on", output_field=CharField())
    return F("booked_on")


def as_date(value: dt.date | str) -> dt.date:
    """A date read by ``raw_rows`` (as text: ``day_text``), parsed once per distinct day."""
    if isinstance(value, str):
        day = _DAYS.get(value)
        if day is None:
            day = _DAYS[value] = dt.date.fromisoformat(value)
        return day
    return value


def raw_rows(query: QuerySet[Any, Any]) -> Iterator[tuple[Any, ...]]:
    """The rows of a ``values_list`` query straight from the database cursor, without Django's
    converter call per value (at a million ledger rows that was seconds). Date columns may come
    back as text: select them with ``day_text`` and read them with ``as_date``."""
    sql, params = query.query.sql_with_params()
    return sql_rows(sql, params)


def sql_rows(sql: str, params: Sequence[Any]) -> Iterator[tuple[Any, ...]]:
    """The rows of a query built from the ORM's SQL (as ``raw_rows``), in chunks of 5,000."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(5000):
            yield from rows


# One tenancy's entries (the household page): compiled once per connection
TENANCY_ENTRIES = Prepared(
    lambda tenancy, upto: (
        LedgerEntry.objects.filter(tenancy_id=tenancy, booked_on__lte=upto)
        .order_by("booked_on", "id")
        .values_list(day_text(), "kind", "amount_cents", "detail")
    ),
    tenancy=INT,
    upto=DATE,
)


def tenancy_entries(
    tenancy_id: int, *, upto: dt.date, versions: Sequence[tuple[dt.date, int]] = ()
) -> list[rules.Entry]:
    """``entries`` of one tenancy (its due-day ``versions`` already read), in one compiled
    query."""
    return [
        entry(as_date(booked_on), kind, amount, detail=detail, versions=versions)
        for booked_on, kind, amount, detail in TENANCY_ENTRIES.rows(tenancy=tenancy_id, upto=upto)
    ]


def entries(
    tenancy_ids: Collection[int], *, upto: dt.date, versions_of: DueDays | None = None
) -> dict[int, list[rules.Entry]]:
    """Every ledger entry up to ``upto`` per tenancy, oldest first, with due dates.

    ``versions_of``: the tenancies' due-day versions (``due_days``) if the caller already read
    them (saves a query)."""
    ids = list(tenancy_ids)
    result: dict[int, list[rules.Entry]] = defaultdict(list)
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        versions = versions_of if versions_of is not None else due_days(chunk)
        rows = (
            LedgerEntry.objects.filter(tenancy_id__in=chunk, booked_on__lte=upto)
            .order_by("tenancy_id", "booked_on", "id")
            .values_list("tenancy_id", day_text(), "kind", "amount_cents", "detail")
        )
        for tid, booked_on, kind, amount, detail in raw_rows(rows):
            result[tid].append(
                entry(
                    as_date(booked_on),
                    kind,
                    amount,
                    detail=detail,
                    versions=versions.get(tid, ()),
                )
            )
    return dict(result)


def arrears_bulk(
    tenancy_ids: Collection[int] | None, *, today: dt.date
) -> dict[int, rules.Arrears]:
    """The arrears on ``today`` per tenancy (only those in arrears), by ``rules.overdue``."""
    grace = policy_on(today).grace_days
    qs = LedgerEntry.objects.filter(booked_on__lte=today)
    if tenancy_ids is None:
        ids: list[int] | None = None
    else:
        ids = list(tenancy_ids)
    owing: dict[int, int] = {}
    chunks: list[list[int] | None] = (
        [None] if ids is None else [ids[i : i + CHUNK] for i in range(0, len(ids), CHUNK)]
    )
    for chunk in chunks:
        part = qs if chunk is None else qs.filter(tenancy_id__in=chunk)
        owing.update(
            (row["tenancy_id"], int(row["s"]))
            for row in part.values("tenancy_id").annotate(s=Sum("amount_cents")).filter(s__gt=0)
        )
    if not owing:
        return {}
    rents = dict(
        Tenancy.objects.filter(id__in=list(owing)).values_list("id", "rent_cents")
        if len(owing) <= CHUNK
        else Tenancy.objects.values_list("id", "rent_cents")
    )
    history = entries(list(owing), upto=today)
    result = {}
    for tid, balance in owing.items():
        state = rules.overdue(history.get(tid, []), balance, today, grace, rents.get(tid, 0))
        if state.in_arrears:
            result[tid] = state
    return result


def arrears_for(tenancy_id: int, *, today: dt.date) -> rules.Arrears:
    """The arrears of one tenancy on ``today`` (``rules.NO_ARREARS`` when nothing is overdue)."""
    return arrears_bulk([tenancy_id], today=today).get(tenancy_id, rules.NO_ARREARS)
