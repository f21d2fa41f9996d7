"""Arrears facts for letters, escalation and early signals.

Computed from the ledger in two queries per chunk of tenancies, for any date (the arrears app
stores only today's state). The ontstaansdatum comes from the arrears app's own FIFO rule
(``verbinding.arrears.rules.arose_on``), so letters, escalation and early signals agree with the
worklist, storno's included.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass

from django.db.models import Sum

from verbinding.arrears.rules import Entry, arose_on
from verbinding.ledger.models import LedgerEntry


@dataclass(frozen=True)
class ArrearsFacts:
    arrears_cents: int
    arose_on: dt.date | None

    def days_late(self, today: dt.date) -> int:
        return (today - self.arose_on).days if self.arose_on else 0


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
    entries: dict[int, list[Entry]] = defaultdict(list)
    rows = (
        qs.filter(tenancy_id__in=list(owing), amount_cents__gt=0)
        .order_by("tenancy_id", "booked_on", "id")
        .values_list("tenancy_id", "booked_on", "kind", "amount_cents")
    )
    for tenancy_id, booked_on, kind, amount in rows.iterator(chunk_size=5000):
        entries[tenancy_id].append(Entry(booked_on=booked_on, kind=kind, amount_cents=int(amount)))
    return {
        tid: ArrearsFacts(arrears_cents=cents, arose_on=arose_on(entries[tid], cents))
        for tid, cents in owing.items()
    }


def arrears_for(tenancy_id: int, *, today: dt.date) -> ArrearsFacts:
    return arrears_bulk([tenancy_id], today=today).get(tenancy_id, ArrearsFacts(0, None))
