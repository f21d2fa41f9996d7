"""``verbinding reminders``: remind tenants who agreed to it of an instalment due soon (daily)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from verbinding import clock
from verbinding.tenantmessages.services import send_instalment_reminders


class Command(BaseCommand):
    help = "Send reminders of instalments due in N days to tenants who agreed to reminders."
    # A batch job (cron, the scheduler): the system checks import every view and template
    # (~0.7 s of start-up each time); they run at deploy (`verbinding check --deploy`).
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=3)

    def handle(self, *args: Any, **options: Any) -> None:
        sent = send_instalment_reminders(today=clock.today(), days_ahead=options["days"])
        self.stdout.write(f"{sent} reminder(s) sent.")
