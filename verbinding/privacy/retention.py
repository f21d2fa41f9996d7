"""Retention: records are deleted once they have been kept as long as needed (AVG art. 5(1)(e)).

Periods per kind of record (settings.RETENTION_YEARS, overridable by environment):

| kind | default | counted from | legal ground |
|---|---|---|---|
| casework | 2 years | the case was closed | proportionality; no legal duty to keep longer |
| nuisance | 5 years | the nuisance case was closed | evidence for a possible eviction case |
| financial | 7 years | the tenancy ended | fiscal duty to keep records (AWR art. 52: 7 years) |
| audit | 5 years | the row was written | accountability (AVG art. 5(2)) |

``run(today=..., dry_run=...)`` deletes (or counts) per kind and writes one audit row per kind with
the number deleted, never the content. Audit rows themselves are only deleted with ``audit=True``
by the table's owner (the app role cannot); the hash of the last deleted row is recorded so
``audit verify`` accepts the new start of the chain.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import ProtectedError, QuerySet

from verbinding.audit.models import AuditAction
from verbinding.audit.services import audit_record

DEFAULT_YEARS = {"casework": 2, "nuisance": 5, "financial": 7, "audit": 5}


def years(kind: str) -> int:
    configured = getattr(settings, "RETENTION_YEARS", {}) or {}
    return int(configured.get(kind, DEFAULT_YEARS[kind]))


def cutoff(kind: str, today: dt.date) -> dt.date:
    n = years(kind)
    try:
        return today.replace(year=today.year - n)
    except ValueError:  # 29 February
        return today.replace(year=today.year - n, day=28)


@dataclass
class Result:
    kind: str
    cutoff: dt.date
    due: int = 0
    deleted: int = 0
    kept: int = 0  # still referenced by a record that is kept


def _casework(before: dt.date) -> QuerySet[Any]:
    from verbinding.cases.models import Case

    return Case.objects.filter(closed_on__lt=before, nuisance__isnull=True)


def _delete_case(case: Any) -> None:
    from verbinding.contacts.models import ContactMoment

    ContactMoment.objects.filter(case=case).delete()
    case.delete()


def _nuisance(before: dt.date) -> QuerySet[Any]:
    from verbinding.nuisance.models import NuisanceCase

    return NuisanceCase.objects.filter(case__closed_on__lt=before).select_related("case")


def _delete_nuisance(nuisance_case: Any) -> None:
    from verbinding.contacts.models import ContactMoment

    case = nuisance_case.case
    nuisance_case.reports.all().delete()
    nuisance_case.incidents.all().delete()
    nuisance_case.delete()
    ContactMoment.objects.filter(case=case).delete()
    case.delete()


def _financial(before: dt.date) -> QuerySet[Any]:
    from verbinding.ledger.models import LedgerEntry

    return LedgerEntry.objects.filter(tenancy__end_date__lt=before, booked_on__lt=before)


KINDS: dict[str, tuple[Callable[[dt.date], QuerySet[Any]], Callable[[Any], None] | None]] = {
    "casework": (_casework, _delete_case),
    "nuisance": (_nuisance, _delete_nuisance),
    "financial": (_financial, None),  # None: delete the whole queryset at once
}


def _run_kind(kind: str, today: dt.date, dry_run: bool, actor: Any) -> Result:
    select, delete_one = KINDS[kind]
    result = Result(kind=kind, cutoff=cutoff(kind, today))
    qs = select(result.cutoff)
    result.due = qs.count()
    if dry_run or not result.due:
        return result
    if delete_one is None:
        with transaction.atomic():
            result.deleted = qs.delete()[0]
    else:
        for record in qs.iterator(chunk_size=500):
            try:
                with transaction.atomic():
                    delete_one(record)
                result.deleted += 1
            except ProtectedError:
                result.kept += 1
    audit_record(
        actor=actor,
        action=AuditAction.DELETE,
        object_type=f"retention.{kind}",
        summary=f"retention {kind}: {result.deleted} deleted, {result.kept} kept "
        f"(before {result.cutoff.isoformat()})",
        reason="retention period",
    )
    return result


def _run_audit(today: dt.date, dry_run: bool, actor: Any) -> Result:
    from verbinding.audit import triggers
    from verbinding.audit.models import AuditEvent

    result = Result(kind="audit", cutoff=cutoff("audit", today))
    start = dt.datetime.combine(result.cutoff, dt.time(), dt.UTC)
    old = AuditEvent.objects.filter(at__lt=start)
    result.due = old.count()
    if dry_run or not result.due:
        return result
    with transaction.atomic():
        last = old.order_by("-id").values_list("id", "hash").first()
        assert last is not None
        triggers.remove(connection)
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_auditevent WHERE id <= %s", [last[0]])
            result.deleted = cursor.rowcount
        triggers.install(connection)
        audit_record(
            actor=actor,
            action=AuditAction.DELETE,
            object_type="audit.auditevent",
            # The chain's new anchor: the hash of the last row deleted (audit.chain).
            object_id=last[1],
            summary=f"retention audit: {result.deleted} rows up to #{last[0]} deleted",
            reason="retention period",
        )
    return result


def run(*, today: dt.date, dry_run: bool, actor: Any = None, audit: bool = False) -> list[Result]:
    results = [_run_kind(kind, today, dry_run, actor) for kind in KINDS]
    if audit:
        results.append(_run_audit(today, dry_run, actor))
    return results
