"""The one place code reads the clock.

Everything else takes ``today``/``now`` as an argument, or calls these two functions at the edge
(a view, a command, a service's default). Tests freeze time with ``time-machine`` (see
``verbinding/conftest.py``); ``VERBINDING_TEST_NOW`` picks the frozen instant, so the suite can be
run "on" the 1st of a month or on New Year's Eve (``.ci/run`` does).

``today()`` is the local date in ``settings.TIME_ZONE`` (Europe/Amsterdam), never the machine's
date: at 23:30 UTC on 31 December it is already 1 January in Amsterdam.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def now() -> dt.datetime:
    """The current instant, timezone-aware (UTC)."""
    return timezone.now()


def today() -> dt.date:
    """Today's date where the association is (``settings.TIME_ZONE``)."""
    return timezone.localdate(timezone.now())


def start_of(day: dt.date) -> dt.datetime:
    """The first instant of ``day`` where the association is (local midnight, aware).

    Filter a datetime column on days with ``start_of(first) <= at < start_of(last + 1 day)``
    rather than ``at__date``: the range uses the column's index, the date cast reads every row
    (on SQLite through a Python function per row).
    """
    return timezone.make_aware(dt.datetime.combine(day, dt.time()))


def day_range(first: dt.date, last: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The instants of the days ``first`` to ``last`` inclusive, as a half-open range
    ``(start, end)`` for ``at__gte=start, at__lt=end``."""
    return start_of(first), start_of(last + dt.timedelta(days=1))
