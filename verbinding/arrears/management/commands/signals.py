"""``verbinding signals``: recompute arrears and early signals from the ledger.

Full by default (nightly); ``--changed`` only the tenancies whose ledger got new rows since the
last run; ``--since DATE`` only the tenancies with a booking on or after DATE. Idempotent: a
second run writes nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import CommandParser
from django.db.models import Count
from tqdm import tqdm

from verbinding.arrears import services
from verbinding.arrears.models import ArrearsSignal, TenancyArrears
from verbinding.households.models import Tenancy
from verbinding.ops.batch import BatchCommand


class Command(BatchCommand):
    help = "Recompute arrears per tenancy and the early signals (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        scope = parser.add_mutually_exclusive_group()
        scope.add_argument(
            "--changed",
            action="store_true",
            help="only tenancies whose ledger changed since the last run",
        )
        scope.add_argument(
            "--since",
            type=dt.date.fromisoformat,
            help="only tenancies with a booking on or after this date (YYYY-MM-DD)",
        )
        parser.add_argument(
            "--today",
            type=dt.date.fromisoformat,
            default=None,
            help="compute as of this day (YYYY-MM-DD; default: today)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = options["today"]
        quiet = options["verbosity"] == 0
        if options["since"]:
            run = services.recompute_since(since=options["since"], today=today)
        elif options["changed"]:
            run = services.recompute_changed(today=today)
        else:
            total = Tenancy.objects.count()
            with tqdm(total=total, unit="tenancies", disable=quiet or total < 5000) as bar:

                def progress(done: int) -> None:
                    bar.update(done - bar.n)

                run = services.recompute(today=today, scope="full", progress=progress)
        if quiet:
            return
        self.stdout.write(
            f"signals ({run.scope}, {run.today}): {run.tenancies} tenancies in "
            f"{run.seconds:.2f} s; {run.changed} states changed, "
            f"{run.signals_added} signals added, {run.signals_ended} ended"
        )
        in_arrears = TenancyArrears.objects.filter(arrears_cents__gt=0).count()
        self.stdout.write(f"tenancies in arrears: {in_arrears}")
        by_kind = ArrearsSignal.objects.values("kind").annotate(n=Count("id")).order_by("kind")
        self.stdout.write(
            "current signals: " + (", ".join(f"{r['kind']} {r['n']}" for r in by_kind) or "none")
        )
