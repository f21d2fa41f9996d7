"""The nightly schedule and the scheduler's tick.

An entry is ``"NAME@HH:MM"`` in the association's time zone (settings.TIME_ZONE), daily; NAME is a
management command (run by :func:`verbinding.jobs.tasks.run_command`) or ``prune_jobs``. The
default order follows the data: signals first (after the night's imports), then the outcomes'
month-end balances, then retention, then the jobs' own clean-up.

``verbinding scheduler`` calls :func:`tick` every 30 seconds. Each due instant is enqueued once:
a ``ScheduledRun`` row per (entry, due instant) with a unique constraint, written in the same
transaction as the job, so two schedulers (two machines, or a restart) never enqueue it twice.
A scheduler that was down catches up on instants of the last ``catch_up`` hours, not older ones.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, transaction

from verbinding import clock

log = logging.getLogger("verbinding.jobs")

DEFAULT_SCHEDULE = (
    "signals@02:15",
    "outcomes_refresh@02:45",
    "retention@03:15",
    "prune_jobs@03:45",
)


@dataclass(frozen=True)
class ScheduleEntry:
    command: str
    at: dt.time

    @property
    def name(self) -> str:
        return f"{self.command}@{self.at:%H:%M}"

    def last_due(self, now: dt.datetime) -> dt.datetime:
        """The latest instant at or before ``now`` this entry was due."""
        zone = ZoneInfo(settings.TIME_ZONE)
        local = now.astimezone(zone)
        due = dt.datetime.combine(local.date(), self.at, tzinfo=zone)
        if due > local:
            due = dt.datetime.combine(local.date() - dt.timedelta(days=1), self.at, tzinfo=zone)
        return due


def parse(raw: str) -> ScheduleEntry:
    command, _, at = raw.strip().partition("@")
    if not command or not at:
        raise ValueError(f"schedule entry {raw!r} is not NAME@HH:MM")
    return ScheduleEntry(command=command, at=dt.time.fromisoformat(at))


def entries(configured: list[str] | tuple[str, ...] | None = None) -> list[ScheduleEntry]:
    return [parse(raw) for raw in (configured or DEFAULT_SCHEDULE)]


def tick(*, now: dt.datetime | None = None, catch_up_hours: float = 6) -> list[str]:
    """Enqueue every entry that came due and was not enqueued yet. Returns their names."""
    from verbinding.jobs.models import ScheduledRun
    from verbinding.jobs.tasks import prune_jobs, run_command, schedule_entries

    now = now or clock.now()
    enqueued: list[str] = []
    for entry in schedule_entries():
        due = entry.last_due(now)
        if (now - due).total_seconds() > catch_up_hours * 3600:
            continue
        if ScheduledRun.objects.filter(name=entry.name, due_at=due).exists():
            continue
        try:
            with transaction.atomic():
                run = ScheduledRun.objects.create(name=entry.name, due_at=due, enqueued_at=now)
                if entry.command == "prune_jobs":
                    result = prune_jobs.enqueue()
                else:
                    result = run_command.enqueue(name=entry.command)
                run.task_id = str(result.id)
                run.save(update_fields=["task_id"])
        except IntegrityError:  # another scheduler was first
            continue
        log.info("scheduled %s (due %s) as job %s", entry.name, due.isoformat(), run.task_id)
        enqueued.append(entry.name)
    return enqueued
