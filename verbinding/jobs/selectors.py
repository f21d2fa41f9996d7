"""Reads for the background-jobs page (functional administrator only; no personal data: a job's
arguments are ids and file names)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet
from django.utils.translation import gettext_lazy as _
from django_tasks_db.models import DBTaskResult

from verbinding import clock
from verbinding.jobs.models import WorkerHeartbeat
from verbinding.jobs.worker import lost_after

STATUS_LABELS = {
    "READY": _("waiting"),
    "RUNNING": _("running"),
    "FAILED": _("failed"),
    "SUCCESSFUL": _("done"),
}


@dataclass(frozen=True)
class JobRow:
    id: str
    name: str
    status: str
    attempts: int
    enqueued_at: dt.datetime
    finished_at: dt.datetime | None
    run_after: dt.datetime | None
    error: str
    arguments: str

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS.get(self.status, self.status))


def _row(result: DBTaskResult) -> JobRow:
    kwargs: dict[str, Any] = (result.args_kwargs or {}).get("kwargs", {})
    error = result.traceback.strip().splitlines()[-1] if result.traceback else ""
    return JobRow(
        id=str(result.id),
        name=result.task_path.rsplit(".", 1)[-1],
        status=result.status,
        attempts=len(result.worker_ids),
        enqueued_at=result.enqueued_at,
        finished_at=result.finished_at,
        run_after=None if result.run_after.year == 9999 else result.run_after,
        error=error[:300],
        arguments=", ".join(f"{k}={v}" for k, v in sorted(kwargs.items()))[:200],
    )


def failed_jobs(limit: int = 100) -> list[JobRow]:
    rows = DBTaskResult.objects.failed().order_by("-finished_at")[:limit]
    return [_row(r) for r in rows]


def waiting_retries(limit: int = 50) -> list[JobRow]:
    """Jobs that failed at least once and wait for their next attempt."""
    rows = (
        DBTaskResult.objects.filter(status="READY")
        .exclude(exception_class_path="")
        .order_by("run_after")[:limit]
    )
    return [_row(r) for r in rows]


def recent_jobs(limit: int = 30) -> list[JobRow]:
    return [_row(r) for r in DBTaskResult.objects.order_by("-enqueued_at")[:limit]]


def counts() -> dict[str, int]:
    found = dict(
        DBTaskResult.objects.order_by().values_list("status").annotate(n=Count("id"))  # type: ignore[arg-type]
    )
    return {status: found.get(status, 0) for status in ("READY", "RUNNING", "FAILED", "SUCCESSFUL")}


def workers(*, now: dt.datetime | None = None) -> QuerySet[WorkerHeartbeat]:
    """Workers seen in the last day, newest first."""
    now = now or clock.now()
    return WorkerHeartbeat.objects.filter(seen_at__gte=now - dt.timedelta(days=1))


def live_workers(*, now: dt.datetime | None = None, within: float | None = None) -> int:
    now = now or clock.now()
    seconds = lost_after() if within is None else within
    return WorkerHeartbeat.objects.filter(
        seen_at__gte=now - dt.timedelta(seconds=seconds), stopped_at__isnull=True
    ).count()
