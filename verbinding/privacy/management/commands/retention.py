"""``verbinding retention``: delete what has been kept long enough (see privacy/retention.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import CommandParser

from verbinding import clock
from verbinding.ops.batch import BatchCommand
from verbinding.privacy import retention


class Command(BatchCommand):
    help = "Delete records past their retention period; --dry-run only reports what is due."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="count, delete nothing")
        parser.add_argument(
            "--audit",
            action="store_true",
            help="also delete audit rows past their period (run as the database owner)",
        )
        parser.add_argument("--today", type=dt.date.fromisoformat, default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        today = options["today"] or clock.today()
        dry = options["dry_run"]
        results = retention.run(today=today, dry_run=dry, audit=options["audit"])
        self.stdout.write(
            f"retention {'(dry run) ' if dry else ''}on {today.isoformat()}: "
            f"kind, kept for, before, due, deleted, kept (still referenced)"
        )
        for r in results:
            self.stdout.write(
                f"  {r.kind:<10} {retention.years(r.kind)} y  {r.cutoff.isoformat()}  "
                f"{r.due:>6} {r.deleted:>8} {r.kept:>6}"
            )
