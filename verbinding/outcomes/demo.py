"""The outcomes dashboard needs the month-end balances of the demo ledger."""

from __future__ import annotations

from verbinding.demo.context import SeedContext
from verbinding.outcomes.ledger_months import refresh


def seed(ctx: SeedContext) -> None:
    run = refresh(today=ctx.today)
    ctx.log(f"  outcomes: {run.rows:,} month-end balances in {run.seconds} s")
