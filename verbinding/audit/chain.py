"""The hash chain that makes the audit log tamper-evident.

Every row carries ``hash = sha256(prev_hash + canonical(row))`` where ``prev_hash`` is the hash of
the row written before it (in id order). Editing, deleting or inserting a row behind the app's back
breaks the chain at that row, and ``verbinding audit verify`` names it.

Writers are serialised so two concurrent transactions cannot both chain onto the same row (a fork):
on PostgreSQL by a transaction-scoped advisory lock taken before the last hash is read, held until
commit; on SQLite by ``transaction_mode = IMMEDIATE`` (every transaction holds the database's write
lock from its BEGIN, see settings.py).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import connection

GENESIS = "0" * 64
# pg_advisory_xact_lock key: "VRBAUDIT" as a 64-bit integer (any constant unique to this use).
LOCK_KEY = int.from_bytes(b"VRBAUDIT", "big") & 0x7FFF_FFFF_FFFF_FFFF

HASHED_FIELDS = (
    "at",
    "actor_id",
    "actor_label",
    "action",
    "object_type",
    "object_id",
    "household_id",
    "summary",
    "reason",
    "fields",
    "before",
    "after",
)


def _canonical_value(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return value


def canonical(row: Mapping[str, Any]) -> str:
    """The row as the chain hashes it: sorted keys, no whitespace, UTC timestamps to the µs."""
    data = {name: _canonical_value(row.get(name)) for name in HASHED_FIELDS}
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def row_hash(prev_hash: str, row: Mapping[str, Any]) -> str:
    return hashlib.sha256((prev_hash + canonical(row)).encode()).hexdigest()


LAST_HASH_SQL = "SELECT hash FROM audit_auditevent ORDER BY id DESC LIMIT 1"


def lock_and_last_hash() -> str:
    """Take the chain lock (until the transaction ends), then read the last row's hash.

    PostgreSQL: one round trip holding two statements; the second takes its snapshot after the
    lock is granted (READ COMMITTED), so it sees the row the previous holder committed. SQLite:
    the IMMEDIATE transaction already holds the write lock."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"SELECT pg_advisory_xact_lock({LOCK_KEY}); {LAST_HASH_SQL}")
            cursor.nextset()
        else:
            cursor.execute(LAST_HASH_SQL)
        found = cursor.fetchone()
    return found[0] if found and found[0] else GENESIS


@dataclass(frozen=True)
class Break:
    id: int
    problem: str


def _rows(batch: int = 2000) -> Iterator[dict[str, Any]]:
    from verbinding.audit.models import AuditEvent

    after = 0
    names = ["id", "prev_hash", "hash", *HASHED_FIELDS]
    while True:
        chunk = list(AuditEvent.objects.filter(id__gt=after).order_by("id").values(*names)[:batch])
        if not chunk:
            return
        yield from chunk
        after = chunk[-1]["id"]


def accepted_anchors() -> set[str]:
    """Hashes the first remaining row may chain onto: the genesis, and the last hash of every
    range of old rows that the retention job deleted (it records that hash as its object id)."""
    from verbinding.audit.models import AuditEvent

    anchors = {GENESIS}
    anchors.update(
        AuditEvent.objects.filter(object_type="audit.auditevent", action="delete").values_list(
            "object_id", flat=True
        )
    )
    return anchors


def verify() -> tuple[int, Break | None]:
    """Recompute the chain. Returns (rows checked, first break or None)."""
    previous: str | None = None
    checked = 0
    anchors: set[str] | None = None
    for row in _rows():
        checked += 1
        if previous is None:
            anchors = anchors or accepted_anchors()
            if row["prev_hash"] not in anchors:
                return checked, Break(row["id"], "does not chain onto the start of the log")
        elif row["prev_hash"] != previous:
            return checked, Break(row["id"], "a row before it was removed or changed")
        if row["hash"] != row_hash(row["prev_hash"], row):
            return checked, Break(row["id"], "its content was changed after it was written")
        previous = row["hash"]
    return checked, None
