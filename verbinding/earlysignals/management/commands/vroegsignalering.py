"""``verbinding vroegsignalering export``: write the due early signals and record them.

verbinding vroegsignalering export --format csv --output signals.csv
verbinding vroegsignalering export --format json --adapter generic --dry-run
"""

from __future__ import annotations

import datetime as dt
import sys
from typing import Any

from django.core.management.base import CommandError, CommandParser

from verbinding.earlysignals.adapters import ADAPTERS
from verbinding.earlysignals.services import SignalError, signals_export
from verbinding.ops.batch import BatchCommand


class Command(BatchCommand):
    help = "Vroegsignalering: export the due signals (recorded, so none is sent twice)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        export = sub.add_parser("export", help="write the due signals")
        export.add_argument("--adapter", default="generic", choices=sorted(ADAPTERS))
        export.add_argument("--format", default="csv", choices=["csv", "json"])
        export.add_argument("--output", "-o", default="-", help="file name, '-' for stdout")
        export.add_argument("--today", type=dt.date.fromisoformat, default=None)
        export.add_argument(
            "--dry-run", action="store_true", help="show what would be sent, record nothing"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            content, count = signals_export(
                adapter=options["adapter"],
                file_format=options["format"],
                actor=None,
                today=options["today"],
                dry_run=options["dry_run"],
            )
        except SignalError as error:
            raise CommandError(str(error)) from error
        if options["output"] == "-":
            sys.stdout.buffer.write(content)
            sys.stdout.flush()
        else:
            with open(options["output"], "wb") as fh:
                fh.write(content)
        self.stderr.write(
            f"{count} signal(s){' (dry run, nothing recorded)' if options['dry_run'] else ''}"
        )
