"""The periodic jobs: existing management commands run by the worker, and the jobs' own clean-up."""

from __future__ import annotations

import datetime as dt
import io
import logging
from pathlib import Path

from django.conf import settings
from django.core.management import call_command, get_commands

from verbinding import clock
from verbinding.jobs.runtime import job
from verbinding.jobs.schedule import ScheduleEntry, entries

log = logging.getLogger("verbinding.jobs")


@job(retries=2, backoff=300)
def run_command(*, name: str, args: list[str] | None = None) -> dict[str, object]:
    """Run ``verbinding NAME ARGS`` in the worker (the nightly signals, outcomes refresh …).

    Only commands listed in the schedule may run this way. A command that is not installed
    (an optional app) is skipped with a warning, not failed."""
    allowed = {entry.command for entry in schedule_entries()}
    if name not in allowed:
        raise ValueError(f"{name!r} is not a scheduled command")
    if name not in get_commands():
        log.warning("scheduled command %s is not installed; skipped", name)
        return {"command": name, "skipped": True}
    out = io.StringIO()
    call_command(name, *(args or []), stdout=out, verbosity=1)
    return {"command": name, "output": out.getvalue()[-2000:]}


@job()
def prune_jobs(*, keep_days: int = 30) -> dict[str, int]:
    """Forget finished jobs older than ``keep_days`` (failed ones after 90 days), old workers, and
    uploads left behind by failed imports (kept for "try again") after ``keep_days``."""
    from django_tasks_db.models import DBTaskResult

    from verbinding.jobs.models import ScheduledRun, WorkerHeartbeat

    now = clock.now()
    done, _ = (
        DBTaskResult.objects.successful()
        .filter(finished_at__lt=now - dt.timedelta(days=keep_days))
        .delete()
    )
    failed, _ = (
        DBTaskResult.objects.failed()
        .filter(finished_at__lt=now - dt.timedelta(days=max(keep_days, 90)))
        .delete()
    )
    workers, _ = WorkerHeartbeat.objects.filter(seen_at__lt=now - dt.timedelta(days=7)).delete()
    ScheduledRun.objects.filter(due_at__lt=now - dt.timedelta(days=keep_days)).delete()
    uploads = 0
    cutoff = (now - dt.timedelta(days=keep_days)).timestamp()
    for path in (Path(settings.VAR_DIR) / "imports").glob("*"):
        if path.is_file() and path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
            uploads += 1
    return {"succeeded": done, "failed": failed, "workers": workers, "uploads": uploads}


def schedule_entries() -> list[ScheduleEntry]:
    return entries(getattr(settings, "JOBS_SCHEDULE", None))
