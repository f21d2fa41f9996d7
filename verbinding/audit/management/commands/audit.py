"""``verbinding audit verify``: recompute the audit log's hash chain and name the first break."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from verbinding.audit import chain


class Command(BaseCommand):
    help = "Audit log maintenance. 'verify' recomputes the hash chain (exit code 1 on a break)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("subcommand", choices=["verify"])

    def handle(self, *args: Any, **options: Any) -> None:
        checked, broken = chain.verify()
        if broken is not None:
            raise CommandError(
                f"audit log broken at row {broken.id}: {broken.problem} "
                f"({checked} rows read up to it)"
            )
        self.stdout.write(f"audit log intact: {checked} rows, chain verified")
