"""``verbinding outcomes_refresh``: recompute the month-end balances the dashboard reads.

Run it nightly after the ledger and bank imports (cron), like ``verbinding signals``.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from verbinding.outcomes.ledger_months import refresh


class Command(BaseCommand):
    help = "Recompute the month-end balances of every tenancy for the outcomes dashboard."

    def handle(self, *args: Any, **options: Any) -> None:
        run = refresh()
        self.stdout.write(f"{run.rows} month-end balances through {run.through} in {run.seconds} s")
