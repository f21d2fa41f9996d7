"""The worker: jobs run once, failures are tried again with growing waits, lost jobs come back."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from typing import Any

import pytest
from django.db import connection
from django_tasks_db.models import DBTaskResult

from verbinding import clock
from verbinding.jobs.models import ScheduledRun, WorkerHeartbeat
from verbinding.jobs.tests import sample_jobs
from verbinding.jobs.worker import beat, requeue_orphans, run_pending

pytestmark = pytest.mark.django_db


def test_a_job_runs_in_the_worker_and_its_result_is_kept() -> None:
    result = sample_jobs.record_once.enqueue(n=1)
    assert DBTaskResult.objects.get(pk=result.id).status == "READY"
    assert run_pending() == 1
    row = DBTaskResult.objects.get(pk=result.id)
    assert (row.status, row.return_value, len(row.worker_ids)) == ("SUCCESSFUL", 1, 1)
    assert ScheduledRun.objects.filter(name="test-1").count() == 1


def test_a_failing_job_is_tried_again_with_growing_waits_then_fails_for_good(
    _frozen_clock: Any,
) -> None:
    result = sample_jobs.always_fails.enqueue(key="a")
    waits = []
    for _attempt in (1, 2):
        before = clock.now()
        run_pending()
        row = DBTaskResult.objects.get(pk=result.id)
        assert row.status == "READY", "tried again while the policy allows"
        assert "broken on purpose" in row.traceback
        waits.append((row.run_after - before).total_seconds())
        assert run_pending() == 0, "not before the wait is over"
        _frozen_clock.shift(dt.timedelta(seconds=waits[-1] + 1))
    assert 60 <= waits[0] <= 75 and 120 <= waits[1] <= 150
    run_pending()
    row = DBTaskResult.objects.get(pk=result.id)
    assert (row.status, len(row.worker_ids)) == ("FAILED", 3)
    assert row.exception_class_path == "builtins.ValueError"
    assert sample_jobs.calls["a"] == 3


def test_a_job_that_fails_once_succeeds_on_the_next_attempt(_frozen_clock: Any) -> None:
    result = sample_jobs.fails_once.enqueue(key="b")
    run_pending()
    _frozen_clock.shift(dt.timedelta(seconds=15))
    run_pending()
    row = DBTaskResult.objects.get(pk=result.id)
    assert (row.status, row.return_value, len(row.worker_ids)) == ("SUCCESSFUL", "ok", 2)


def test_a_job_of_a_worker_that_stopped_beating_goes_back_to_the_queue(
    _frozen_clock: Any,
) -> None:
    mine = sample_jobs.record_once.enqueue(n=2)
    theirs = sample_jobs.record_once.enqueue(n=3)
    beat("alive", started_at=clock.now())
    beat("dead", started_at=clock.now())
    DBTaskResult.objects.filter(pk=mine.id).update(
        status="RUNNING", worker_ids=["alive"], started_at=clock.now()
    )
    DBTaskResult.objects.filter(pk=theirs.id).update(
        status="RUNNING", worker_ids=["dead"], started_at=clock.now()
    )
    assert requeue_orphans() == 0, "a job claimed a moment ago is left alone"
    _frozen_clock.shift(dt.timedelta(minutes=10))
    beat("alive")
    assert requeue_orphans() == 1
    assert DBTaskResult.objects.get(pk=mine.id).status == "RUNNING"
    assert DBTaskResult.objects.get(pk=theirs.id).status == "READY"
    assert run_pending() == 1
    assert DBTaskResult.objects.get(pk=theirs.id).status == "SUCCESSFUL"


def test_the_worker_records_its_heartbeat() -> None:
    run_pending(worker_id="w-heart")
    heartbeat = WorkerHeartbeat.objects.get(worker_id="w-heart")
    assert heartbeat.pid == os.getpid()
    assert abs((clock.now() - heartbeat.seen_at).total_seconds()) < 60


def _database_url() -> str:
    db = connection.settings_dict
    return (
        f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )


@pytest.mark.django_db(transaction=True)
def test_two_workers_on_one_postgresql_never_run_a_job_twice() -> None:
    """Two worker processes against one database, 40 jobs; each job writes a row that may exist
    only once, so a job run twice would fail. Every job succeeds once, and both workers worked."""
    if connection.vendor != "postgresql":
        pytest.skip("several workers share a PostgreSQL database; SQLite runs one worker")
    jobs = [sample_jobs.record_once.enqueue(n=n, pause=0.05) for n in range(40)]
    env = {**os.environ, "DATABASE_URL": _database_url(), "DEBUG": "true"}
    workers = [
        subprocess.Popen(
            [sys.executable, "-m", "verbinding", "worker", "--batch", "--worker-id", name],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("worker-a", "worker-b")
    ]
    for worker in workers:
        _out, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, err
    rows = DBTaskResult.objects.filter(pk__in=[j.id for j in jobs])
    assert sorted(r.status for r in rows) == ["SUCCESSFUL"] * 40
    assert all(len(r.worker_ids) == 1 for r in rows), "a job was claimed twice"
    assert ScheduledRun.objects.filter(name__startswith="test-").count() == 40
    by_worker = {r.worker_ids[0] for r in rows}
    assert by_worker == {"worker-a", "worker-b"}, "both workers took jobs"
