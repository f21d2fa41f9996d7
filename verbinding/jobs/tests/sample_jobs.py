"""Jobs used by the tests only (module level, so a worker in another process can import them)."""

from __future__ import annotations

import time

from verbinding.jobs.runtime import job

calls: dict[str, int] = {}


@job(retries=2, backoff=60)
def always_fails(*, key: str) -> None:
    calls[key] = calls.get(key, 0) + 1
    raise ValueError(f"broken on purpose ({key})")


@job(retries=3, backoff=10)
def fails_once(*, key: str) -> str:
    calls[key] = calls.get(key, 0) + 1
    if calls[key] == 1:
        raise ConnectionError("the other side was away")
    return "ok"


@job()
def record_once(*, n: int, pause: float = 0.0) -> int:
    """Writes a row that may exist once (unique constraint): a job run twice fails."""
    import datetime as dt

    from verbinding.jobs.models import ScheduledRun

    time.sleep(pause)
    ScheduledRun.objects.create(
        name=f"test-{n}",
        due_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        enqueued_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
    )
    return n
