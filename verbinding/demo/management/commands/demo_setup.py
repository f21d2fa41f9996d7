"""``verbinding demo_setup``: seed the demo association the first time, then print the logins."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from verbinding import clock
from verbinding.accounts.models import User
from verbinding.arrears.models import SignalRun
from verbinding.arrears.services import recompute
from verbinding.demo.seed import DEMO_PASSWORD, STAFF, seed
from verbinding.households.models import Household


class Command(BaseCommand):
    help = "Load the demo association if the database is empty; print the demo logins."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--households", type=int, default=1500)
        parser.add_argument("--months", type=int, default=24)
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args: Any, **options: Any) -> None:
        today = clock.today()
        if Household.objects.exists():
            self.stdout.write("Demo data present: keeping it (make demo-fresh starts afresh).")
            run = SignalRun.objects.filter(scope="full").order_by("-id").first()
            if run is None or run.today != today:
                # What the nightly job does: charges cross their grace days without a booking.
                recompute(today=today, scope="full")
                self.stdout.write(f"Arrears and signals recomputed for {today.isoformat()}.")
        else:
            seed(
                households=options["households"],
                months=options["months"],
                seed_value=options["seed"],
                today=today,
            )
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Demo logins (password for all: {DEMO_PASSWORD})"))
        for username, first, last, role in STAFF:
            if User.objects.filter(username=username).exists():
                label = User(role=role).get_role_display()
                self.stdout.write(f"  {username:<12} {first + ' ' + last:<16} {label}")
        if not settings.TWO_FACTOR_REQUIRED:
            self.stdout.write(
                "  Two-step verification is off in the demo (TWO_FACTOR_REQUIRED=false); with it "
                "on, team leads, managers and the privacy officer set it up at their first login."
            )
        self.stdout.write("")
