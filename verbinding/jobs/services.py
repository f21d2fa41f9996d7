"""Writes on jobs by people: starting a failed job again (audited)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from verbinding import clock
from verbinding.audit.models import AuditAction
from verbinding.audit.services import audit_record


class JobNotFailed(Exception):
    """The job is not (or no longer) failed: someone else retried it, or it never failed."""


@transaction.atomic
def job_retry(*, job_id: str, actor: Any) -> DBTaskResult:
    """Put a failed job back in the queue, now, with a fresh set of attempts."""
    result = DBTaskResult.objects.select_for_update().filter(pk=job_id).first()
    if result is None or result.status != TaskResultStatus.FAILED:
        raise JobNotFailed(job_id)
    result.status = TaskResultStatus.READY
    result.run_after = clock.now()
    result.worker_ids = []
    result.finished_at = None
    result.save(update_fields=["status", "run_after", "worker_ids", "finished_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type="django_tasks_db.dbtaskresult",
        object_id=str(result.pk),
        summary=f"background job {result.task_path.rsplit('.', 1)[-1]} started again",
    )
    return result
