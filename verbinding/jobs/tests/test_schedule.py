"""The scheduler: each nightly job once per night, whoever runs the scheduler."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from verbinding.jobs.models import ScheduledRun
from verbinding.jobs.schedule import parse, tick
from verbinding.jobs.tasks import run_command
from verbinding.jobs.worker import run_pending

pytestmark = pytest.mark.django_db
AMS = ZoneInfo("Europe/Amsterdam")


def test_an_entry_is_due_at_its_local_time_today_or_else_yesterday() -> None:
    entry = parse("signals@02:15")
    assert entry.last_due(dt.datetime(2026, 3, 29, 3, 0, tzinfo=AMS)) == dt.datetime(
        2026, 3, 29, 2, 15, tzinfo=AMS
    )
    assert entry.last_due(dt.datetime(2026, 3, 29, 1, 0, tzinfo=AMS)) == dt.datetime(
        2026, 3, 28, 2, 15, tzinfo=AMS
    )


@override_settings(JOBS_SCHEDULE=["signals@02:15", "outcomes_refresh@02:45"])
def test_each_due_entry_is_enqueued_once() -> None:
    at_three = dt.datetime(2026, 11, 3, 3, 0, tzinfo=AMS)
    assert sorted(tick(now=at_three)) == ["outcomes_refresh@02:45", "signals@02:15"]
    assert tick(now=at_three + dt.timedelta(minutes=1)) == [], "a second scheduler adds nothing"
    assert ScheduledRun.objects.count() == 2
    assert DBTaskResult.objects.count() == 2
    names = {r.args_kwargs["kwargs"]["name"] for r in DBTaskResult.objects.all()}
    assert names == {"signals", "outcomes_refresh"}
    assert tick(now=at_three + dt.timedelta(days=1)) != [], "and again the next night"


@override_settings(JOBS_SCHEDULE=["signals@02:15"])
def test_a_scheduler_that_was_down_catches_up_recent_nights_only() -> None:
    assert tick(now=dt.datetime(2026, 11, 3, 9, 0, tzinfo=AMS), catch_up_hours=6) == []
    assert tick(now=dt.datetime(2026, 11, 3, 8, 0, tzinfo=AMS), catch_up_hours=6) == [
        "signals@02:15"
    ]


@override_settings(JOBS_SCHEDULE=["signals@02:15"])
def test_the_scheduled_command_runs_in_the_worker() -> None:
    call_command("scheduler", "--once", verbosity=0)
    assert DBTaskResult.objects.count() in (0, 1)  # depends on the hour the test runs at
    result = run_command.enqueue(name="signals")
    run_pending()
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == "SUCCESSFUL", row.traceback
    assert "signals (full" in row.return_value["output"]


@override_settings(JOBS_SCHEDULE=["signals@02:15", "no_such_command@03:00"])
def test_only_scheduled_commands_run_and_a_missing_one_is_skipped() -> None:
    refused = run_command.enqueue(name="flush")
    missing = run_command.enqueue(name="no_such_command")
    run_pending()
    refused_row = DBTaskResult.objects.get(pk=refused.id)
    assert refused_row.status == "READY" and "not a scheduled command" in refused_row.traceback
    assert DBTaskResult.objects.get(pk=missing.id).return_value["skipped"] is True


def test_prune_jobs_forgets_old_jobs_and_left_over_uploads(
    settings: object, tmp_path: object, _frozen_clock: object
) -> None:
    import os
    from pathlib import Path

    from verbinding import clock
    from verbinding.jobs.tasks import prune_jobs

    settings.VAR_DIR = tmp_path  # type: ignore[attr-defined]
    uploads = Path(str(tmp_path)) / "imports"
    uploads.mkdir()
    old, new = uploads / "upload-old", uploads / "upload-new"
    old.write_text("x")
    new.write_text("x")
    long_ago = (clock.now() - dt.timedelta(days=40)).timestamp()
    os.utime(old, (long_ago, long_ago))
    # the file system stamps real time; date the fresh upload on the frozen clock too
    yesterday = (clock.now() - dt.timedelta(days=1)).timestamp()
    os.utime(new, (yesterday, yesterday))
    old_job = run_command.enqueue(name="signals")
    DBTaskResult.objects.filter(pk=old_job.id).update(
        status="SUCCESSFUL", finished_at=clock.now() - dt.timedelta(days=31)
    )
    fresh_job = run_command.enqueue(name="signals")
    DBTaskResult.objects.filter(pk=fresh_job.id).update(
        status="SUCCESSFUL", finished_at=clock.now() - dt.timedelta(days=1)
    )
    result = prune_jobs.call()
    assert result["succeeded"] == 1 and result["uploads"] == 1
    assert not old.exists() and new.exists()
    assert list(DBTaskResult.objects.values_list("pk", flat=True)) == [
        DBTaskResult.objects.get(pk=fresh_job.id).pk
    ]
