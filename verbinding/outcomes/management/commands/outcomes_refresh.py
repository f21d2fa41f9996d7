"""``verbinding outcomes_refresh``: recompute the month-end balances the dashboard reads, then the
dashboard's snapshots (the whole association and each team over the default period).

Run nightly after the ledger and bank imports and the signals run (the worker's schedule does:
``outcomes_refresh@02:45``, after ``signals@02:15``).
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from django.core.management.base import CommandError, CommandParser

from verbinding.ops.batch import BatchCommand
from verbinding.outcomes.ledger_months import refresh
from verbinding.outcomes.snapshots import refresh_snapshots


class Command(BatchCommand):
    help = (
        "Recompute the month-end balances of every tenancy and the dashboard's nightly snapshots."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--today",
            default="",
            help="compute as on this day (YYYY-MM-DD; default: today), e.g. for a seeded benchmark",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = None
        if options["today"]:
            try:
                today = dt.date.fromisoformat(options["today"])
            except ValueError as exc:
                raise CommandError("--today: give a day as YYYY-MM-DD") from exc
        run = refresh(today=today)
        self.stdout.write(f"{run.rows} month-end balances through {run.through} in {run.seconds} s")
        started = time.perf_counter()
        count = refresh_snapshots(today=today)
        seconds = time.perf_counter() - started
        self.stdout.write(f"{count} dashboard snapshots in {seconds:.2f} s")
