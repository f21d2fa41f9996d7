"""Declaring background jobs: a django-tasks ``Task`` plus a retry policy the worker applies.

    @job(retries=3, backoff=30)
    def send_something(*, thing_id: int) -> None: ...

    send_something.enqueue(thing_id=1)      # runs in ``verbinding worker``

A job that raises is tried again by the worker after ``backoff``, ``2 × backoff``, ``4 × backoff``
… seconds (with a little jitter), up to ``retries`` more times; after that it stays FAILED and is
listed on the background-jobs page, where the functional administrator can start it again.
Arguments must be JSON (ids, strings, numbers), never model instances.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django_tasks import task

T = TypeVar("T")


@dataclass(frozen=True)
class RetryPolicy:
    retries: int = 0
    backoff: float = 30.0  # seconds before the first retry; doubles each time
    max_delay: float = 3600.0

    def delay(self, attempt: int) -> dt.timedelta:
        """The wait after failed attempt number ``attempt`` (1 = the first run)."""
        seconds = min(self.max_delay, self.backoff * 2 ** (attempt - 1))
        return dt.timedelta(seconds=seconds * random.uniform(1.0, 1.2))


NO_RETRY = RetryPolicy()
_policies: dict[str, RetryPolicy] = {}


def job(
    *, retries: int = 0, backoff: float = 30.0, priority: int = 0, queue_name: str = "default"
) -> Callable[[Callable[..., T]], Any]:
    """Make a module-level function a background job with a retry policy."""

    def wrap(func: Callable[..., T]) -> Any:
        the_task = task(priority=priority, queue_name=queue_name)(func)
        _policies[the_task.module_path] = RetryPolicy(retries=retries, backoff=backoff)
        return the_task

    return wrap


def policy_for(task_path: str) -> RetryPolicy:
    return _policies.get(task_path, NO_RETRY)
