"""``verbinding reminders``: remind tenants who agreed to it of an instalment due soon (daily)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from verbinding import clock
from verbinding.ops.batch import BatchCommand
from verbinding.tenantmessages.services import send_instalment_reminders


class Command(BatchCommand):
    help = "Send reminders of instalments due in N days to tenants who agreed to reminders."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=3)

    def handle(self, *args: Any, **options: Any) -> None:
        sent = send_instalment_reminders(today=clock.today(), days_ahead=options["days"])
        self.stdout.write(f"{sent} reminder(s) sent.")
