"""``verbinding seed --households N --months M --seed S``: generate a demo association."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from verbinding import clock
from verbinding.demo.seed import seed


class Command(BaseCommand):
    help = "Generate a realistic demo housing association into an empty database (deterministic)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--households", type=int, default=1500)
        parser.add_argument("--months", type=int, default=24, help="months of rent ledger")
        parser.add_argument("--seed", type=int, default=2026, help="same seed, same association")
        parser.add_argument(
            "--today",
            type=dt.date.fromisoformat,
            default=None,
            help="the day the data ends (YYYY-MM-DD; default: today)",
        )
        parser.add_argument(
            "--core-only", action="store_true", help="only the register and the ledger"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            seed(
                households=options["households"],
                months=options["months"],
                seed_value=options["seed"],
                today=options["today"] or clock.today(),
                verbose=options["verbosity"] > 0,
                with_extensions=not options["core_only"],
            )
        except (RuntimeError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS("Demo association ready."))
