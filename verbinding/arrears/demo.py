"""Demo data: compute the arrears and early signals for the seeded ledger, so the worklist is
alive on the first start (``verbinding seed``)."""

from __future__ import annotations

from verbinding.arrears.services import recompute
from verbinding.demo.context import SeedContext


def seed(ctx: SeedContext) -> None:
    run = recompute(today=ctx.today, scope="full")
    ctx.log(
        f"    arrears: {run.tenancies:,} tenancies, {run.signals_added:,} early signals "
        f"in {run.seconds:.1f} s"
    )
