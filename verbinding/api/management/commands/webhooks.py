"""``verbinding webhooks``: queue new events and deliver what is due (run it every minute)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from verbinding.api import webhooks


class Command(BaseCommand):
    help = "Queue new webhook events from the audit log and deliver the ones that are due."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--collect-only", action="store_true")
        parser.add_argument("--deliver-only", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["deliver_only"]:
            queued = webhooks.collect()
            self.stdout.write(f"{queued} event(s) queued")
        if not options["collect_only"]:
            delivered, failed = webhooks.deliver_due()
            self.stdout.write(f"{delivered} delivered, {failed} failed (retried later)")
