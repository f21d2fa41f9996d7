"""What the demo seed generator hands to each app's ``demo.py`` extension.

Every app may have a module ``verbinding/<app>/demo.py`` with a function
``seed(ctx: SeedContext) -> None``. ``verbinding seed`` first builds the core register (areas, staff,
households, tenancies, the rent ledger), then calls each app's ``seed`` in INSTALLED_APPS order.
Extensions must be deterministic for ``ctx.seed`` (use ``ctx.rng_for("<app>")``, never the global
``random``), write through bulk inserts for speed, and scale with ``ctx.household_count``.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any


@dataclass
class SeedContext:
    seed: int
    household_count: int
    months: int
    today: dt.date
    # Filled by the core generator:
    users: dict[str, Any] = field(default_factory=dict)  # demo login name -> User
    advisors: list[Any] = field(default_factory=list)
    team_leads: list[Any] = field(default_factory=list)
    # Tenancy facts the extensions need without re-reading the ledger:
    # tenancy id -> profile name ("punctual", "late", "episode", "chronic", ...)
    payment_profiles: dict[int, str] = field(default_factory=dict)
    verbose: bool = True

    def rng_for(self, name: str) -> random.Random:
        """A random generator of its own for each extension, so adding one changes no other."""
        return random.Random(f"{self.seed}:{name}")

    def log(self, message: str) -> None:
        if self.verbose:
            print(message, flush=True)
