"""Arrears facts for letters, escalation and early signals.

Computed from the ledger in two queries whatever the number of tenancies, with the FIFO rule the
arrears app uses too: payments settle the oldest charges first, so the arrears arose on the date of
the oldest unpaid charge (ontstaansdatum).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from django.db.models import Sum

from verbinding.ledger.models import LedgerEntry


@dataclass(frozen=True)
class ArrearsFacts:
    arrears_cents: int
    arose_on: dt.date | None

    def days_late(self, today: dt.date) -> int:
        return (today - self.arose_on).days if self.arose_on else 0


def arose_on(entries: Sequence[tuple[dt.date, int]], arrears_cents: int) -> dt.date | None:
    """The due date of the oldest unpaid charge (entries oldest first, charges positive)."""
    if arrears_cents <= 0:
        return None
    remaining = arrears_cents
    for booked_on, amount in reversed(entries):
        if amount <= 0:
            continue
        remaining -= amount
        if remaining <= 0:
            return booked_on
    return entries[0][0] if entries else None


CHUNK = 500


def arrears_bulk(tenancy_ids: Collection[int] | None, *, today: dt.date) -> dict[int, ArrearsFacts]:
    """Arrears per tenancy (only those in arrears), up to ``today``."""
    if tenancy_ids is not None and len(tenancy_ids) > CHUNK:
        # SQLite refuses very long IN lists ("Expression tree is too large"): go in chunks.
        ids = list(tenancy_ids)
        merged: dict[int, ArrearsFacts] = {}
        for start in range(0, len(ids), CHUNK):
            merged.update(arrears_bulk(ids[start : start + CHUNK], today=today))
        return merged
    qs = LedgerEntry.objects.filter(booked_on__lte=today)
    if tenancy_ids is not None:
        qs = qs.filter(tenancy_id__in=list(tenancy_ids))
    owing = {
        row["tenancy_id"]: int(row["s"])
        for row in qs.values("tenancy_id").annotate(s=Sum("amount_cents")).filter(s__gt=0)
    }
    if not owing:
        return {}
    entries: dict[int, list[tuple[dt.date, int]]] = defaultdict(list)
    rows = (
        qs.filter(tenancy_id__in=list(owing), amount_cents__gt=0)
        .order_by("tenancy_id", "booked_on", "id")
        .values_list("tenancy_id", "booked_on", "amount_cents")
    )
    for tenancy_id, booked_on, amount in rows.iterator(chunk_size=5000):
        entries[tenancy_id].append((booked_on, int(amount)))
    return {
        tid: ArrearsFacts(arrears_cents=cents, arose_on=arose_on(entries[tid], cents))
        for tid, cents in owing.items()
    }


def arrears_for(tenancy_id: int, *, today: dt.date) -> ArrearsFacts:
    return arrears_bulk([tenancy_id], today=today).get(tenancy_id, ArrearsFacts(0, None))
