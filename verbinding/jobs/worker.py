"""The worker: django-tasks-db's database worker, plus a heartbeat, retries and orphan recovery.

- Jobs are claimed with ``SELECT … FOR UPDATE SKIP LOCKED`` (PostgreSQL) or an exclusive
  transaction (SQLite) by the library, then marked RUNNING with this worker's id, so several
  workers on several machines never run the same job twice.
- Every worker writes a heartbeat row every few seconds (a small thread of its own); the
  readiness endpoint and the background-jobs page read it.
- A job that raises goes back to READY with a later ``run_after`` while its policy allows
  (see :mod:`verbinding.jobs.runtime`); the attempt count is the number of workers that claimed it.
- A RUNNING job whose worker stopped sending heartbeats (the machine died, ``kill -9``) is put
  back to READY by the next worker that looks, so it is finished by someone. Our jobs are
  all-or-nothing transactions, so running one again after a crash is safe.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading
from traceback import format_exception
from typing import Any

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.db import DatabaseError, close_old_connections, connection, transaction
from django_tasks import TaskResultStatus
from django_tasks.base import TaskContext
from django_tasks.signals import task_finished, task_started
from django_tasks_db.management.commands.db_worker import Worker as LibraryWorker
from django_tasks_db.models import DBTaskResult

from verbinding import clock
from verbinding.jobs.models import WorkerHeartbeat
from verbinding.jobs.runtime import policy_for

log = logging.getLogger("verbinding.jobs")


def heartbeat_interval() -> float:
    return float(getattr(settings, "JOBS_HEARTBEAT_SECONDS", 10))


def lost_after() -> float:
    """Seconds without a heartbeat after which a worker counts as gone."""
    return float(getattr(settings, "JOBS_WORKER_LOST_AFTER", 300))


def beat(worker_id: str, *, started_at: Any = None, stopped: bool = False) -> None:
    now = clock.now()
    defaults: dict[str, Any] = {
        "hostname": socket.gethostname()[:255],
        "pid": os.getpid(),
        "seen_at": now,
        "stopped_at": now if stopped else None,
    }
    if started_at is not None:
        defaults["started_at"] = started_at
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id, defaults=defaults, create_defaults={**defaults, "started_at": now}
    )


def requeue_orphans(*, now: dt.datetime | None = None) -> int:
    """Put RUNNING jobs of workers that stopped beating back in the queue. Returns how many."""
    now = now or clock.now()
    alive = set(
        WorkerHeartbeat.objects.filter(
            seen_at__gte=now - dt.timedelta(seconds=lost_after()), stopped_at__isnull=True
        ).values_list("worker_id", flat=True)
    )
    count = 0
    with transaction.atomic():
        for result in DBTaskResult.objects.running().select_for_update(skip_locked=True):
            owner = result.worker_ids[-1] if result.worker_ids else ""
            if owner in alive:
                continue
            # Skip a job claimed a moment ago by a worker whose first heartbeat is on its way.
            if result.started_at and (now - result.started_at).total_seconds() < lost_after():
                continue
            log.warning("job %s of lost worker %s goes back to the queue", result.id, owner)
            result.status = TaskResultStatus.READY
            result.run_after = now
            result.save(update_fields=["status", "run_after"])
            count += 1
    return count


class Worker(LibraryWorker):
    """The library's worker loop with our heartbeat and retry policy."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._stop_beating = threading.Event()
        self._beater: threading.Thread | None = None

    # --- heartbeat ---------------------------------------------------------------------------
    def start_heartbeat(self) -> None:
        beat(self.worker_id, started_at=clock.now())
        requeue_orphans()
        self._beater = threading.Thread(
            target=self._beat_loop, name=f"heartbeat-{self.worker_id[:8]}", daemon=True
        )
        self._beater.start()

    def stop_heartbeat(self) -> None:
        self._stop_beating.set()
        if self._beater is not None:
            self._beater.join(timeout=5)
        try:
            beat(self.worker_id, stopped=True)
        except DatabaseError:
            log.warning("could not record that worker %s stopped", self.worker_id)

    def _beat_loop(self) -> None:
        ticks = 0
        try:
            while not self._stop_beating.wait(heartbeat_interval()):
                ticks += 1
                try:
                    close_old_connections()
                    beat(self.worker_id)
                    if ticks % 6 == 0:
                        requeue_orphans()
                except DatabaseError:
                    log.warning("heartbeat of worker %s failed; trying again", self.worker_id)
        finally:
            connection.close()

    def run(self) -> None:
        self.start_heartbeat()
        try:
            super().run()
        finally:
            self.stop_heartbeat()

    # --- one job -----------------------------------------------------------------------------
    def run_task(self, db_task_result: DBTaskResult) -> None:
        try:
            self.running_task = True
            task = db_task_result.task
            task_result = db_task_result.task_result
            backend_type = type(task.get_backend())
            task_started.send(sender=backend_type, task_result=task_result)
            if task.takes_context:
                value = task.call(
                    TaskContext(task_result=task_result), *task_result.args, **task_result.kwargs
                )
            else:
                value = task.call(*task_result.args, **task_result.kwargs)
            db_task_result.set_successful(value)
            task_finished.send(sender=backend_type, task_result=db_task_result.task_result)
        except BaseException as exc:  # recorded on the job, never lost
            self._failed(db_task_result, exc)
        finally:
            self.running_task = False
            self._run_tasks += 1

    def _failed(self, db_task_result: DBTaskResult, exc: BaseException) -> None:
        policy = policy_for(db_task_result.task_path)
        attempt = len(db_task_result.worker_ids)
        if isinstance(exc, Exception) and attempt <= policy.retries:
            delay = policy.delay(attempt)
            log.warning(
                "job %s (%s) failed on attempt %s: %r; again in %.0f s",
                db_task_result.id,
                db_task_result.task_path,
                attempt,
                exc,
                delay.total_seconds(),
            )
            retry_later(db_task_result, exc, delay)
            return
        log.error(
            "job %s (%s) failed for good after %s attempt(s): %r",
            db_task_result.id,
            db_task_result.task_path,
            attempt,
            exc,
        )
        db_task_result.set_failed(exc)
        try:
            sender = type(db_task_result.task.get_backend())
            task_finished.send(sender=sender, task_result=db_task_result.task_result)
        except (ImportError, SuspiciousOperation):
            log.exception("job %s failed unexpectedly", db_task_result.id)


def retry_later(db_task_result: DBTaskResult, exc: BaseException, delay: dt.timedelta) -> None:
    """Back to READY after ``delay``; the last error stays on the row for the jobs page."""
    db_task_result.status = TaskResultStatus.READY
    db_task_result.run_after = clock.now() + delay
    db_task_result.exception_class_path = f"{type(exc).__module__}.{type(exc).__qualname__}"
    db_task_result.traceback = "".join(format_exception(exc))
    db_task_result.save(update_fields=["status", "run_after", "exception_class_path", "traceback"])


def make_worker(
    *,
    worker_id: str | None = None,
    batch: bool = False,
    interval: float = 1.0,
    max_tasks: int | None = None,
    queues: str = "*",
) -> Worker:
    from django.utils.crypto import get_random_string

    return Worker(
        queue_names=queues.split(","),
        interval=interval,
        batch=batch,
        backend_name="default",
        startup_delay=not batch,
        max_tasks=max_tasks,
        worker_id=worker_id or get_random_string(32),
        excluded_queue_names=[],
    )


def run_pending(*, worker_id: str = "in-process", max_tasks: int | None = None) -> int:
    """Run every job that is due now, in this process and on this connection, then return.

    For tests (inside their transaction) and one-off use: the same claim (locked row, marked
    RUNNING with this worker's id) and the same run/retry code as the worker, without its loop's
    connection housekeeping and without the heartbeat thread."""
    from django_tasks_db.utils import exclusive_transaction

    worker = make_worker(worker_id=worker_id, batch=True, interval=0, max_tasks=max_tasks)
    beat(worker.worker_id, started_at=clock.now())
    while max_tasks is None or worker._run_tasks < max_tasks:
        due = DBTaskResult.objects.ready().filter(backend_name=worker.backend_name)
        with exclusive_transaction(due.db):
            claimed = due.get_locked()
            if claimed is not None:
                claimed.claim(worker.worker_id)
        if claimed is None:
            break
        worker.run_task(claimed)
    return worker._run_tasks
