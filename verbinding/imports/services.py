"""Every write of the imports app: run an import (all-or-nothing), assign an unmatched payment.

An import is recorded as an :class:`ImportRun` *before* it starts (so a page can follow it) and
finished in the same transaction as the data it writes; a rejected or failed file leaves only its
record and an audit row behind.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from verbinding import clock
from verbinding.audit.models import AuditAction
from verbinding.audit.services import audit_record
from verbinding.households.models import Tenancy
from verbinding.imports.bank_import import import_bank, import_statements
from verbinding.imports.ledger_import import import_ledger
from verbinding.imports.models import (
    ImportKind,
    ImportRun,
    ImportStatus,
    UnmatchedPayment,
    UnmatchedStatus,
)
from verbinding.imports.outcome import Outcome, Rejected
from verbinding.imports.parsers.base import FileFacts, ImportProblem, inspect_file
from verbinding.imports.parsers.detect import detect_kind
from verbinding.imports.parsers.statement import Statement
from verbinding.imports.register_import import import_households, import_tenancies
from verbinding.ledger import hooks
from verbinding.ledger.models import EntryKind, LedgerEntry

log = logging.getLogger(__name__)
Progress = Callable[[int, int], None]


class _Ticker:
    """Calls ``progress(done, total)`` at most every ``every`` lines."""

    def __init__(self, progress: Progress, total: int, every: int = 2000) -> None:
        self.progress, self.total, self.every, self.last = progress, max(total, 1), every, 0

    def __call__(self, line: int) -> None:
        if line - self.last >= self.every:
            self.last = line
            self.progress(min(line, self.total), self.total)


def _label(actor: Any) -> str:
    return str(getattr(actor, "username", None) or actor or "system")


def run_create(
    *,
    kind: str,
    file_name: str,
    facts: FileFacts | None,
    actor: Any,
    allow_unbalanced: bool = False,
) -> ImportRun:
    """The record of an import about to start (committed at once, so it can be followed).

    ``allow_unbalanced`` is kept on it for a background job to honour."""
    return ImportRun.objects.create(
        allow_unbalanced=allow_unbalanced,
        kind=kind,
        file_name=file_name[:255],
        file_hash=facts.sha256 if facts else "",
        file_size=facts.size if facts else 0,
        started_by=actor if getattr(actor, "pk", None) else None,
        started_by_label=_label(actor),
    )


def _dispatch(
    kind: str,
    path: Path,
    facts: FileFacts,
    run: ImportRun,
    actor: Any,
    on_line: Callable[[int], None] | None,
    allow_unbalanced: bool = False,
) -> Outcome:
    summary = f"import #{run.pk} of {run.file_name}"
    if kind == ImportKind.HOUSEHOLDS:
        return import_households(
            path=path, facts=facts, actor=actor, summary=summary, on_line=on_line
        )
    if kind == ImportKind.TENANCIES:
        return import_tenancies(
            path=path, facts=facts, actor=actor, summary=summary, on_line=on_line
        )
    if kind == ImportKind.LEDGER:
        return import_ledger(path=path, facts=facts, source=f"erp:{run.pk}", on_line=on_line)
    if kind == ImportKind.BANK:
        return import_bank(path=path, facts=facts, run=run, allow_unbalanced=allow_unbalanced)
    raise Rejected.one(
        ImportProblem(1, "", _("cannot tell what kind of file this is; choose the kind"))
    )


def import_file(
    *,
    path: Path,
    actor: Any,
    kind: str | None = None,
    file_name: str | None = None,
    progress: Progress | None = None,
    run: ImportRun | None = None,
    today: dt.date | None = None,
    allow_unbalanced: bool = False,
) -> ImportRun:
    """Import one file, all or nothing. Returns the finished record (succeeded or rejected).

    ``allow_unbalanced`` imports a bank statement that does not add up (or has no closing
    balance) anyway, with a warning on the record; without it such a file is refused.
    """
    facts = inspect_file(path)
    kind = kind or detect_kind(facts) or ""
    if run is None:
        run = run_create(kind=kind, file_name=file_name or path.name, facts=facts, actor=actor)
    else:
        run.kind, run.file_hash, run.file_size = kind, facts.sha256, facts.size
    run.allow_unbalanced = allow_unbalanced
    on_line = _Ticker(progress, facts.lines) if progress else None
    _execute(
        run,
        actor,
        lambda: _dispatch(kind, path, facts, run, actor, on_line, allow_unbalanced),
        allow_unbalanced=allow_unbalanced,
        today=today,
    )
    if progress:
        progress(facts.lines, facts.lines)
    return run


def import_statements_received(
    *,
    statements: list[Statement],
    name: str,
    digest: str,
    actor: Any,
    today: dt.date | None = None,
) -> ImportRun:
    """Import bank statements received as data (VERA JSON through the API) exactly as a CAMT.053
    or MT940 file: reconciled, continuity-checked, deduplicated, matched and booked, all or
    nothing. Returns the finished record (succeeded or rejected). Runs in the caller's
    transaction when there is one (the API keeps its idempotent reply in it)."""
    run = ImportRun.objects.create(
        kind=ImportKind.BANK,
        file_name=name[:255],
        file_hash=digest,
        started_by=actor if getattr(actor, "pk", None) else None,
        started_by_label=_label(actor),
    )
    _execute(
        run,
        actor,
        lambda: import_statements(label="VERA JSON", statements=statements, run=run),
        allow_unbalanced=False,
        today=today,
    )
    return run


def _execute(
    run: ImportRun,
    actor: Any,
    work: Callable[[], Outcome],
    *,
    allow_unbalanced: bool,
    today: dt.date | None,
) -> None:
    """Run one import all or nothing and finish its record: succeeded (with the ledger hooks and
    the audit row in the same transaction) or rejected (only the record and an audit row)."""
    try:
        try:
            with transaction.atomic():
                outcome = work()
                if outcome.changed_tenancy_ids:
                    hooks.ledger_changed(
                        tenancy_ids=sorted(outcome.changed_tenancy_ids), today=today
                    )
                _finish(run, outcome)
                audit_record(
                    actor=actor,
                    action=AuditAction.IMPORT,
                    obj=run,
                    summary=(
                        f"{run.kind} {run.file_name}: {run.created_count} created, "
                        f"{run.updated_count} updated, {run.unchanged_count} unchanged, "
                        f"{run.unmatched_count} unmatched, {run.skipped_count} skipped, "
                        f"{run.warning_count} warnings"
                        + (" (allowed to not add up)" if allow_unbalanced else "")
                    ),
                    after={
                        "file_hash": run.file_hash,
                        "status": run.status,
                        "allow_unbalanced": allow_unbalanced,
                        "warnings": run.warning_count,
                    },
                )
        except IntegrityError:
            # another import wrote the same bank lines or statements at the same moment
            raise Rejected.one(
                ImportProblem(
                    0,
                    "",
                    _(
                        "another import wrote the same lines at the same moment; this one "
                        "changed nothing: import the file again"
                    ),
                )
            ) from None
    except Rejected as exc:
        with transaction.atomic():
            run.status = ImportStatus.REJECTED
            run.problems = [p.as_dict() for p in exc.problems.shown]
            run.rejected_count = len(exc.problems.lines)
            run.message = rejected_message(exc.problems.count, run.rejected_count)
            run.finished_at = clock.now()
            run.save()
            audit_record(
                actor=actor,
                action=AuditAction.IMPORT,
                obj=run,
                summary=f"{run.kind} {run.file_name} rejected: {run.message}",
                after={"file_hash": run.file_hash, "status": run.status},
            )
    except Exception as exc:
        log.exception("import #%s failed", run.pk)
        with transaction.atomic():
            run.status = ImportStatus.FAILED
            run.message = f"{type(exc).__name__}: {exc}"[:500]
            run.finished_at = clock.now()
            run.save()
        raise


def rejected_message(problems: int, lines: int) -> str:
    """``"3 problems on 2 lines"``, in the active language."""
    return _("%(problems)s on %(lines)s") % {
        "problems": ngettext("%(count)s problem", "%(count)s problems", problems)
        % {"count": problems},
        "lines": ngettext("%(count)s line", "%(count)s lines", lines) % {"count": lines},
    }


def _finish(run: ImportRun, outcome: Outcome) -> None:
    run.status = ImportStatus.SUCCEEDED
    run.file_format = outcome.file_format[:80]
    run.created_count = outcome.created
    run.updated_count = outcome.updated
    run.unchanged_count = outcome.unchanged
    run.unmatched_count = outcome.unmatched
    run.skipped_count = outcome.skipped
    run.warnings = outcome.warnings
    run.finished_at = clock.now()
    if not (outcome.created or outcome.updated or outcome.unmatched):
        run.message = _("nothing new: every line was already imported")
    run.save()


@transaction.atomic
def unmatched_assign(
    *,
    item: UnmatchedPayment,
    tenancy: Tenancy,
    actor: Any,
    note: str = "",
    today: dt.date | None = None,
) -> LedgerEntry:
    """Book an unmatched bank line on the tenancy a person chose. Once only."""
    item = UnmatchedPayment.objects.select_for_update().get(pk=item.pk)
    if item.status != UnmatchedStatus.OPEN:
        raise ValueError(_("This payment has already been assigned."))
    reversal = item.kind == EntryKind.REVERSAL
    entry = LedgerEntry.objects.create(
        tenancy=tenancy,
        booked_on=item.booked_on,
        kind=EntryKind.REVERSAL if reversal else EntryKind.PAYMENT,
        detail="STO" if reversal else "BAN",
        amount_cents=item.amount_cents if reversal else -item.amount_cents,
        method="INC" if reversal else "OVB",
        description=" ".join(p for p in (item.counterparty_name, item.remittance) if p)[:200],
        return_reason=item.return_reason,
        source=f"review:{item.import_run_id}",
        external_ref=item.external_ref,
    )
    item.status = UnmatchedStatus.ASSIGNED
    item.tenancy = tenancy
    item.ledger_entry = entry
    item.assigned_by = actor if getattr(actor, "pk", None) else None
    item.assigned_at = clock.now()
    item.note = note[:300]
    item.save()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=item,
        household_id=tenancy.household_id,
        summary=f"bank line #{item.pk} assigned to tenancy {tenancy.external_id}",
        reason=note,
        after={"tenancy": tenancy.pk, "ledger_entry": entry.pk},
    )
    hooks.ledger_changed(tenancy_ids=[tenancy.pk], today=today)
    return entry
