"""The ERP rent ledger import: millions of lines, streamed, checked in bulk, inserted raw.

Per line: parse and validate in Python, look the tenancy up in a dict. Per batch: one query for
booking numbers that are already in the ledger (same contents → unchanged, other contents → an
error), then one ``executemany`` (SQLite) or ``COPY`` (PostgreSQL) for the new rows. Once a problem
is found, nothing more is written but every line is still checked, so the administrator sees all
problems at once; the caller's transaction is then rolled back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from django.db import connection
from django.utils.translation import gettext as _

from verbinding.households.models import Tenancy
from verbinding.imports.outcome import Outcome, Problems, Rejected
from verbinding.imports.parsers.base import FileFacts, ImportProblem, RowProblems
from verbinding.imports.parsers.csv_erp import (
    AMOUNT,
    BOOKING,
    CONTRACT,
    DATE,
    DATE_ISO,
    DESCRIPTION,
    DETAIL,
    KIND,
    LINE,
    METHOD,
    REASON,
    LedgerRow,
    LedgerRowParser,
    detect_layout,
    read_rows,
)
from verbinding.ledger.models import LedgerEntry

BATCH = 20000
COLUMNS = (
    "tenancy_id",
    "booked_on",
    "kind",
    "detail",
    "amount_cents",
    "method",
    "description",
    "return_reason",
    "source",
    "external_ref",
)
ERP_PREFIX = "erp:"


class LedgerWriter:
    """Bulk existence check and raw insert into the ledger table, for the current connection."""

    def __init__(self) -> None:
        self.table = LedgerEntry._meta.db_table
        self.postgres = connection.vendor == "postgresql"
        # A first import into a ledger without ERP bookings has nothing to look up: skip the
        # per-batch queries (duplicates inside the file are caught by the caller).
        with connection.cursor() as cur:
            cur.execute(
                f"SELECT 1 FROM {self.table} WHERE external_ref >= %s AND external_ref < %s "  # noqa: S608
                "LIMIT 1",
                [ERP_PREFIX, ERP_PREFIX[:-1] + chr(ord(ERP_PREFIX[-1]) + 1)],
            )
            self.any_before = cur.fetchone() is not None

    def existing(self, refs: list[str]) -> dict[str, tuple[int, str, int]]:
        found: dict[str, tuple[int, str, int]] = {}
        if not self.any_before:
            return found
        sql = f"SELECT external_ref, tenancy_id, CAST(booked_on AS TEXT), amount_cents FROM {self.table} WHERE "  # noqa: S608 - table name from the model
        with connection.cursor() as cur:
            if self.postgres:
                # Rows this transaction inserted have no statistics yet; without this the planner
                # may scan the whole table for every batch.
                cur.execute("SET LOCAL enable_seqscan = off")
                cur.execute(sql + "external_ref = ANY(%s)", [refs])
                rows = cur.fetchall()
                cur.execute("SET LOCAL enable_seqscan = on")
            else:
                rows = []
                for start in range(0, len(refs), 5000):  # SQLite >= 3.32 allows 32766
                    chunk = refs[start : start + 5000]
                    marks = ",".join(["%s"] * len(chunk))
                    cur.execute(sql + f"external_ref IN ({marks})", chunk)
                    rows.extend(cur.fetchall())
        for ref, tenancy_id, booked_on, amount in rows:
            found[ref] = (tenancy_id, str(booked_on)[:10], amount)
        return found

    def insert(self, rows: list[tuple[Any, ...]]) -> None:
        if not rows:
            return
        cols = ", ".join(COLUMNS)
        with connection.cursor() as cur:
            if self.postgres:
                with cur.cursor.copy(f"COPY {self.table} ({cols}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(COLUMNS))
                cur.executemany(f"INSERT INTO {self.table} ({cols}) VALUES ({marks})", rows)  # noqa: S608


def import_ledger(
    *, path: Path, facts: FileFacts, source: str, on_line: Callable[[int], None] | None = None
) -> Outcome:
    try:
        layout = detect_layout(facts, "ledger")
    except ImportProblem as problem:
        raise Rejected.one(problem) from None
    parse = LedgerRowParser(layout)
    problems = Problems()

    def rows() -> Iterator[LedgerRow]:
        for line, cells in read_rows(path, facts, layout, on_line):
            try:
                yield parse(line, cells)
            except RowProblems as exc:
                problems.extend(exc.problems)

    return ingest_ledger(
        rows=rows(), problems=problems, source=source, file_format=layout.describe(facts)
    )


def ingest_ledger(
    *, rows: Iterable[LedgerRow], problems: Problems, source: str, file_format: str = ""
) -> Outcome:
    """Add parsed bookings (a file's or the API's) to the ledger, all or nothing: a booking number
    seen before with the same contents is unchanged, with other contents a problem."""
    tenancies: dict[str, int] = dict(Tenancy.objects.values_list("external_id", "id"))
    writer = LedgerWriter()
    outcome = Outcome(file_format=file_format)
    seen: dict[str, int] = {}
    batch: list[tuple[LedgerRow, int]] = []
    changed = outcome.changed_tenancy_ids

    def flush() -> None:
        refs = [ERP_PREFIX + row[BOOKING] for row, _ in batch]
        existing = writer.existing(refs)
        new: list[tuple[Any, ...]] = []
        pg = writer.postgres
        for (row, tenancy_id), ref in zip(batch, refs, strict=True):
            if existing and ref in existing:
                if existing[ref] == (tenancy_id, row[DATE_ISO], row[AMOUNT]):
                    outcome.unchanged += 1
                else:
                    problems.add(
                        ImportProblem(
                            row[LINE],
                            "boekingsnummer",
                            _(
                                "booking %(booking)s was imported before with another "
                                "contract, date or amount; bookings cannot change"
                            )
                            % {"booking": repr(row[BOOKING])},
                        )
                    )
                continue
            new.append(
                (
                    tenancy_id,
                    row[DATE] if pg else row[DATE_ISO],
                    row[KIND],
                    row[DETAIL],
                    row[AMOUNT],
                    row[METHOD],
                    row[DESCRIPTION],
                    row[REASON],
                    source,
                    ref,
                )
            )
            changed.add(tenancy_id)
        if not problems:
            writer.insert(new)
            outcome.created += len(new)
        batch.clear()

    for row in rows:
        line = row[LINE]
        tenancy_id = tenancies.get(row[CONTRACT])
        if tenancy_id is None:
            problems.add(
                ImportProblem(
                    line,
                    "contractnummer",
                    _("unknown contract %(contract)s") % {"contract": repr(row[CONTRACT])},
                )
            )
            continue
        first = seen.setdefault(row[BOOKING], line)
        if first != line:
            problems.add(
                ImportProblem(
                    line,
                    "boekingsnummer",
                    _("the same booking number is on line %(line)s") % {"line": first},
                )
            )
            continue
        if problems:
            continue  # keep checking, stop writing
        batch.append((row, tenancy_id))
        if len(batch) >= BATCH:
            flush()
    if batch and not problems:
        flush()
    if problems:
        raise Rejected(problems)
    return outcome
