"""``verbinding scheduler``: enqueue the nightly jobs when they come due (the worker runs them).

One scheduler is enough; a second one (another machine) does no harm: each due instant is
enqueued once. ``--once`` checks once and stops (for cron or a test).
"""

from __future__ import annotations

import logging
import signal
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import DatabaseError, close_old_connections


class Command(BaseCommand):
    help = "Enqueue periodic jobs (nightly signals, outcomes refresh, retention) when due."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--interval", type=float, default=30.0)
        parser.add_argument("--once", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        from verbinding.jobs.schedule import tick
        from verbinding.jobs.tasks import schedule_entries

        log = logging.getLogger("verbinding.jobs")
        if options["verbosity"] > 0:
            log.setLevel(logging.INFO)
            for entry in schedule_entries():
                self.stdout.write(f"schedule: {entry.name}")
        stopping = False

        def stop(signum: int, frame: Any) -> None:
            nonlocal stopping
            stopping = True

        if not options["once"]:
            signal.signal(signal.SIGTERM, stop)
            signal.signal(signal.SIGINT, stop)
        while not stopping:
            if not options["once"]:
                close_old_connections()
            try:
                for name in tick():
                    self.stdout.write(f"enqueued {name}")
            except DatabaseError:
                log.exception("scheduler tick failed; trying again")
            if options["once"]:
                return
            time.sleep(options["interval"])
