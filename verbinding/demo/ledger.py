"""The demo rent ledger: a charge each month, payments by payment profile, bulk insertion."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any

from django.db import connection


@dataclass
class TenancyFacts:
    tenancy_id: int
    rent_cents: int
    method: str
    start: dt.date
    profile: str
    usual_day: int


def tenancy_rows(
    f: TenancyFacts, *, rng: random.Random, months: list[dt.date], today: dt.date
) -> list[tuple[object, ...]]:
    """The ledger rows of one tenancy: a charge each month, payments by its profile."""
    months = [m for m in months if m >= f.start.replace(day=1)]
    if not months:
        return []
    rows: list[tuple[object, ...]] = []
    n = len(months)
    # Which months go wrong, by profile.
    skipped: set[int] = set()
    catch_up: dict[int, int] = {}
    if f.profile in ("episode", "recurring") and n >= 8:
        start = rng.randint(1, n - 6)
        length = rng.randint(1, 3)
        skipped |= set(range(start, start + length))
        catch_up[min(start + length + 1, n - 1)] = length
    if f.profile == "recurring":
        skipped |= set(range(n - rng.randint(1, 2), n))
    if f.profile == "growing":
        missed = rng.choices([1, 2, 3, 4, 5], weights=[35, 30, 20, 10, 5])[0]
        skipped |= set(range(n - missed, n))
    for k, month in enumerate(months):
        due = month
        rows.append(_row(f.tenancy_id, due, "charge", "PRO", f.rent_cents, "", "", "Huur"))
        if due > today:
            continue
        if k in skipped:
            continue
        amount = f.rent_cents + catch_up.get(k, 0) * f.rent_cents
        day = _pay_day(due, f.usual_day)
        if f.profile == "late":
            day = due + dt.timedelta(days=rng.randint(5, 20)) if rng.random() < 0.35 else day
        if f.profile == "partial" and rng.random() < 0.25:
            part = int(f.rent_cents * rng.choice([0.5, 0.6, 0.75]))
            rows.append(_row(f.tenancy_id, day, "payment", "BAN", -part, "OVB", "", "Deelbetaling"))
            later = day + dt.timedelta(days=rng.randint(10, 40))
            if later <= today:
                rows.append(
                    _row(
                        f.tenancy_id,
                        later,
                        "payment",
                        "BAN",
                        -(amount - part),
                        "OVB",
                        "",
                        "Restant",
                    )
                )
            continue
        if day > today:
            continue
        method = f.method
        rows.append(_row(f.tenancy_id, day, "payment", "BAN", -amount, method, "", "Huur"))
        if method == "INC" and f.profile == "storno" and rng.random() < 0.2:
            back = day + dt.timedelta(days=rng.randint(2, 5))
            if back <= today:
                reason = rng.choice(["AM04", "AM04", "MD06", "MS02"])
                rows.append(
                    _row(f.tenancy_id, back, "reversal", "STO", amount, "INC", reason, "Storno")
                )
                again = back + dt.timedelta(days=rng.randint(5, 25))
                if again <= today and rng.random() < 0.85:
                    rows.append(
                        _row(f.tenancy_id, again, "payment", "BAN", -amount, "OVB", "", "Huur")
                    )
    return rows


def _pay_day(month: dt.date, usual_day: int) -> dt.date:
    """The tenant's usual day: days 20-31 fall in the month before the rent is due."""
    if usual_day >= 20:
        previous = month - dt.timedelta(days=1)
        return previous.replace(day=min(usual_day, previous.day))
    return month.replace(day=usual_day)


def _row(
    tenancy_id: int,
    day: dt.date,
    kind: str,
    detail: str,
    cents: int,
    method: str,
    reason: str,
    description: str,
) -> tuple[object, ...]:
    return (tenancy_id, day, kind, detail, cents, method, description, reason, "seed")


LEDGER_COLUMNS = (
    "tenancy_id",
    "booked_on",
    "kind",
    "detail",
    "amount_cents",
    "method",
    "description",
    "return_reason",
    "source",
)


def insert_ledger_rows(rows: list[tuple[object, ...]]) -> None:
    """Bulk insert ledger rows: COPY on PostgreSQL, executemany on SQLite."""
    if not rows:
        return
    columns = ", ".join(LEDGER_COLUMNS)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            raw = cursor.cursor  # the psycopg cursor under Django's wrapper
            with raw.copy(f"COPY ledger_ledgerentry ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        return
    placeholders = ", ".join(["%s"] * len(LEDGER_COLUMNS))
    params: list[Any] = [(r[0], str(r[1]), *r[2:]) for r in rows]
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO ledger_ledgerentry ({columns}) VALUES ({placeholders})",  # noqa: S608
            params,
        )
