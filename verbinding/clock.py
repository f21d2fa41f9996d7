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
