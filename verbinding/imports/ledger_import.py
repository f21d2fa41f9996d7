"""The ERP rent ledger import: millions of lines, streamed, checked in bulk, inserted raw.

Per line: parse and validate in Python, look the tenancy up in a dict. Per batch: one query for
booking numbers that are already in the ledger (same contents → unchanged, other contents → an
error), then one ``executemany`` (SQLite) or ``COPY`` (PostgreSQL) for the new rows. Once a problem
is found, nothing more is written but every line is still checked, so the administrator sees all
problems at once; the caller's transaction is then rolled back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from itertools import islice, repeat
from operator import add, itemgetter
from pathlib import Path
from typing import Any, cast

from django.db import IntegrityError, connection, transaction
from django.utils.translation import gettext as _

from verbinding.households.models import Tenancy
from verbinding.imports.outcome import Outcome, Problems, Rejected
from verbinding.imports.parsers.base import FileFacts, ImportProblem
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
    detect_layout,
    read_ledger_rows,
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
SEEN = "ledger_import_seen"  # a temporary table, see LedgerWriter.set_aside_rows


class LedgerWriter:
    """Bulk existence check and raw insert into the ledger table, for the current connection.

    It also tells the rows this import wrote from those that were there before: a row of this
    import has a higher id than any row before it began (``mark``) and this import's ``source``.
    """

    def __init__(self, source: str) -> None:
        self.table = LedgerEntry._meta.db_table
        self.postgres = connection.vendor == "postgresql"
        self.source = source
        self.set_aside = 0  # rows in the SEEN table
        with connection.cursor() as cur:
            # A first import into a ledger without ERP bookings has nothing to look up: skip the
            # per-batch queries until the unique index says otherwise (see insert_new).
            cur.execute(
                f"SELECT 1 FROM {self.table} WHERE external_ref >= %s AND external_ref < %s "  # noqa: S608
                "LIMIT 1",
                [ERP_PREFIX, ERP_PREFIX[:-1] + chr(ord(ERP_PREFIX[-1]) + 1)],
            )
            self.any_before = cur.fetchone() is not None
            cur.execute(f"SELECT MAX(id) FROM {self.table}")  # noqa: S608
            self.mark: int = cur.fetchone()[0] or 0

    def mine(self, row_id: int, source: str) -> bool:
        """Whether a ledger row was written by this import (not before it)."""
        return row_id > self.mark and source == self.source

    def existing(self, refs: list[str]) -> dict[str, tuple[int, str, int, str, int]]:
        """``external_ref`` → (tenancy id, ISO date, amount, source, id) of the rows there."""
        found: dict[str, tuple[int, str, int, str, int]] = {}
        cols = "external_ref, tenancy_id, CAST(booked_on AS TEXT), amount_cents, source, id"
        sql = f"SELECT {cols} FROM {self.table} WHERE "  # noqa: S608 - names from the model
        for ref, tenancy_id, booked_on, amount, source, row_id in self._select(sql, refs):
            found[ref] = (tenancy_id, str(booked_on)[:10], amount, source, row_id)
        return found

    def _select(self, sql: str, refs: list[str]) -> list[tuple[Any, ...]]:
        with connection.cursor() as cur:
            if self.postgres:
                # Rows this transaction inserted have no statistics yet; without this the planner
                # may scan the whole table for every batch.
                cur.execute("SET LOCAL enable_seqscan = off")
                cur.execute(sql + "external_ref = ANY(%s)", [refs])
                rows = cur.fetchall()
                cur.execute("SET LOCAL enable_seqscan = on")
                return rows
            rows = []
            for start in range(0, len(refs), 5000):  # SQLite >= 3.32 allows 32766
                chunk = refs[start : start + 5000]
                marks = ",".join(["%s"] * len(chunk))
                cur.execute(sql + f"external_ref IN ({marks})", chunk)
                rows.extend(cur.fetchall())
            return rows

    # Booking numbers this import met but did not write (already imported, or refused), with the
    # line they were on: a temporary table, so a later line with the same number is caught
    # without keeping every number in memory. Rows this import did write are in the ledger.

    def set_aside_rows(self, rows: list[tuple[str, int]]) -> None:
        if not rows:
            return
        with connection.cursor() as cur:
            if not self.set_aside:
                cur.execute(f"DROP TABLE IF EXISTS {SEEN}")
                cur.execute(
                    f"CREATE TEMPORARY TABLE {SEEN} "
                    "(external_ref VARCHAR(80) PRIMARY KEY, line INTEGER NOT NULL)"
                )
            if self.postgres:
                with cur.cursor.copy(f"COPY {SEEN} (external_ref, line) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                cur.executemany(f"INSERT INTO {SEEN} (external_ref, line) VALUES (%s, %s)", rows)  # noqa: S608
        self.set_aside += len(rows)

    def set_aside_lines(self, refs: list[str]) -> dict[str, int]:
        if not self.set_aside:
            return {}
        sql = f"SELECT external_ref, line FROM {SEEN} WHERE "  # noqa: S608
        return dict(self._select(sql, refs))

    def drop_set_aside(self) -> None:
        if self.set_aside:
            with connection.cursor() as cur:
                cur.execute(f"DROP TABLE IF EXISTS {SEEN}")
            self.set_aside = 0

    def insert(self, rows: list[tuple[Any, ...]]) -> None:
        if not rows:
            return
        cols = ", ".join(COLUMNS)
        with connection.cursor() as cur:
            if self.postgres:
                with (
                    connection.wrap_database_errors,
                    cur.cursor.copy(f"COPY {self.table} ({cols}) FROM STDIN") as copy,
                ):
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(COLUMNS))
                cur.executemany(f"INSERT INTO {self.table} ({cols}) VALUES ({marks})", rows)  # noqa: S608

    def insert_parsed(self, rows: list[LedgerRow], tenancy_ids: list[int]) -> bool:
        """Insert parsed rows without looking their booking numbers up (nothing to find while
        ``any_before`` is off): False, with nothing written, when one is there already (the
        unique index says so); from then on every batch is looked up.

        On SQLite each row is bound as it is, after its tenancy id and the source, and the
        database adds the ``erp:`` prefix, so no 10-tuple is built per row in Python. There is
        no savepoint either (it made SQLite journal the pages each batch touches: ~5 % of the
        insert's CPU time and more of its wall time): ``INSERT OR IGNORE`` skips a number that
        is there, and if any was skipped the batch's rows (ids above the highest before it;
        one writer at a time on SQLite) are deleted again."""
        assert not self.any_before
        if not rows:
            return True
        if self.postgres:
            try:
                with transaction.atomic():
                    self.insert(_insert_rows(rows, tenancy_ids, self.source, postgres=True))
            except IntegrityError:
                self.any_before = True
                return False
            return True
        with connection.cursor() as cur:
            cur.execute(f"SELECT MAX(id) FROM {self.table}")  # noqa: S608
            before = cur.fetchone()[0] or 0
            params = map(add, zip(tenancy_ids, repeat(self.source)), map(_PARSED, rows))
            cur.executemany(_SQLITE_INSERT_PARSED % self.table, params)  # type: ignore[arg-type]
            if cur.rowcount == len(rows):
                return True
            cur.execute(f"DELETE FROM {self.table} WHERE id > %s", [before])  # noqa: S608
        self.any_before = True
        return False


# The parsed row's fields in the order of _SQLITE_INSERT_PARSED's columns after the first two.
_PARSED = itemgetter(DATE_ISO, KIND, DETAIL, AMOUNT, METHOD, DESCRIPTION, REASON, BOOKING)
assert "'" not in ERP_PREFIX
_SQLITE_INSERT_PARSED = (
    "INSERT OR IGNORE INTO %s (tenancy_id, source, booked_on, kind, detail, "  # noqa: S608
    "amount_cents, method, description, return_reason, external_ref) "
    f"VALUES (%%s, %%s, %%s, %%s, %%s, %%s, %%s, %%s, %%s, '{ERP_PREFIX}' || %%s)"
)


def _insert_rows(
    rows: list[LedgerRow], tenancy_ids: list[int], source: str, *, postgres: bool
) -> list[tuple[Any, ...]]:
    """Rows in :data:`COLUMNS` order, for :meth:`LedgerWriter.insert`."""
    return [
        (
            t,
            r[DATE] if postgres else r[DATE_ISO],
            r[KIND],
            r[DETAIL],
            r[AMOUNT],
            r[METHOD],
            r[DESCRIPTION],
            r[REASON],
            source,
            ERP_PREFIX + r[BOOKING],
        )
        for r, t in zip(rows, tenancy_ids, strict=True)
    ]


def import_ledger(
    *, path: Path, facts: FileFacts, source: str, on_line: Callable[[int], None] | None = None
) -> Outcome:
    try:
        layout = detect_layout(facts, "ledger")
    except ImportProblem as problem:
        raise Rejected.one(problem) from None
    problems = Problems()
    return ingest_ledger(
        rows=read_ledger_rows(path, facts, layout, problems, on_line),
        problems=problems,
        source=source,
        file_format=layout.describe(facts),
        reread=lambda: read_ledger_rows(path, facts, layout, Problems()),
    )


def ingest_ledger(
    *,
    rows: Iterable[LedgerRow],
    problems: Problems,
    source: str,
    file_format: str = "",
    reread: Callable[[], Iterable[LedgerRow]] | None = None,
) -> Outcome:
    """Add parsed bookings (a file's or the API's) to the ledger, all or nothing: a booking number
    seen before with the same contents is unchanged, with other contents a problem, and twice in
    the same input a problem naming both lines.

    Memory does not grow with the input: a booking number is looked for in the current batch, in
    the ledger (rows this import wrote, see :class:`LedgerWriter`) and in a temporary table of
    numbers met but not written. The line a duplicate first appeared on is found by reading the
    input again (``reread``), only when there is such a duplicate; without ``reread`` (the API:
    one request, in memory anyway) the rows are kept for that."""
    if reread is None:
        kept: list[LedgerRow] = []
        rows = _keeping(rows, kept)
        reread = lambda: kept  # noqa: E731
    tenancies: dict[str, int] = dict(Tenancy.objects.values_list("external_id", "id"))
    writer = LedgerWriter(source)
    outcome = Outcome(file_format=file_format)
    later = _FirstLines(problems)
    rows = iter(rows)
    while batch := list(islice(rows, BATCH)):
        _flush(batch, tenancies, writer, outcome, problems, later)
    writer.drop_set_aside()
    later.resolve(reread, tenancies)
    if problems:
        problems.shown.sort(key=lambda p: p.line)
        raise Rejected(problems)
    return outcome


def _keeping(rows: Iterable[LedgerRow], kept: list[LedgerRow]) -> Iterator[LedgerRow]:
    for row in rows:
        kept.append(row)
        yield row


def _same_booking(line: int, first: int) -> ImportProblem:
    return ImportProblem(
        line, "boekingsnummer", _("the same booking number is on line %(line)s") % {"line": first}
    )


def _flush(
    batch: list[LedgerRow],
    tenancies: dict[str, int],
    writer: LedgerWriter,
    outcome: Outcome,
    problems: Problems,
    later: _FirstLines,
) -> None:
    """Check one batch against itself and what is already there; write its new rows (also after
    a problem: the caller's transaction is rolled back then, and the rows written so far are
    what finds a later duplicate)."""
    found = list(map(tenancies.get, map(itemgetter(CONTRACT), batch)))
    tids = cast(list[int], found)
    if None in found:
        for row, tenancy_id in zip(batch, found, strict=True):
            if tenancy_id is None:
                problems.add(
                    ImportProblem(
                        row[LINE],
                        "contractnummer",
                        _("unknown contract %(contract)s") % {"contract": repr(row[CONTRACT])},
                    )
                )
        batch = [row for row, t in zip(batch, found, strict=True) if t is not None]
        tids = [t for t in found if t is not None]
    if not writer.any_before and writer.insert_parsed(batch, tids):
        # fast path: nothing to look up, the unique index checks (a number twice in this batch
        # too: then the batch is not written and is checked below, as every later one)
        outcome.created += len(batch)
        outcome.changed_tenancy_ids.update(tids)
        return
    refs = [ERP_PREFIX + row[BOOKING] for row in batch]
    if len(set(refs)) != len(refs):  # the same number twice within this batch
        first: dict[str, int] = {}
        skip: set[int] = set()
        for i, (ref, row) in enumerate(zip(refs, batch, strict=True)):
            line = first.setdefault(ref, row[LINE])
            if line != row[LINE]:
                problems.add(_same_booking(row[LINE], line))
                skip.add(i)
        batch = [row for i, row in enumerate(batch) if i not in skip]
        tids = [t for i, t in enumerate(tids) if i not in skip]
        refs = [ref for i, ref in enumerate(refs) if i not in skip]
    known = writer.existing(refs)
    aside_lines = writer.set_aside_lines(refs)
    new: list[LedgerRow] = []
    new_tids: list[int] = []
    aside = []
    for row, tenancy_id, ref in zip(batch, tids, refs, strict=True):
        line = row[LINE]
        if ref in aside_lines:
            problems.add(_same_booking(line, aside_lines[ref]))
            continue
        there = known.get(ref)
        if there is None:
            new.append(row)
            new_tids.append(tenancy_id)
        elif writer.mine(there[4], there[3]):
            later.add(line, row[BOOKING])
        else:
            aside.append((ref, line))
            if there[:3] == (tenancy_id, row[DATE_ISO], row[AMOUNT]):
                outcome.unchanged += 1
            else:
                problems.add(
                    ImportProblem(
                        line,
                        "boekingsnummer",
                        _(
                            "booking %(booking)s was imported before with another "
                            "contract, date or amount; bookings cannot change"
                        )
                        % {"booking": repr(row[BOOKING])},
                    )
                )
    writer.set_aside_rows(aside)
    writer.insert(_insert_rows(new, new_tids, writer.source, postgres=writer.postgres))
    outcome.created += len(new)
    outcome.changed_tenancy_ids.update(new_tids)


class _FirstLines:
    """Duplicates of a row this import wrote: the problem is counted at once, the line the
    number first appeared on is filled in at the end (for the problems that are shown)."""

    def __init__(self, problems: Problems) -> None:
        self.problems = problems
        self.wanted: dict[str, list[tuple[int, int]]] = {}  # booking → (line, index in shown)

    def add(self, line: int, booking: str) -> None:
        index = len(self.problems.shown)
        self.problems.add(ImportProblem(line, "boekingsnummer", ""))
        if index < len(self.problems.shown):
            self.wanted.setdefault(booking, []).append((line, index))

    def resolve(self, rows: Callable[[], Iterable[LedgerRow]], tenancies: dict[str, int]) -> None:
        if not self.wanted:
            return
        first: dict[str, int] = {}
        for row in rows():
            booking = row[BOOKING]
            if booking in self.wanted and booking not in first and row[CONTRACT] in tenancies:
                first[booking] = row[LINE]
                if len(first) == len(self.wanted):
                    break
        for booking, places in self.wanted.items():
            for line, index in places:
                at = first.get(booking)
                self.problems.shown[index] = (
                    _same_booking(line, at)
                    if at is not None and at < line
                    else ImportProblem(
                        line,
                        "boekingsnummer",
                        _("booking %(booking)s was just added by another import or request")
                        % {"booking": repr(booking)},
                    )
                )
