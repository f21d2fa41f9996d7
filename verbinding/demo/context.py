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
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any


class Profiles(Mapping[int, str]):
    """Tenancy id -> payment profile name, one byte per tenancy (the ids of a seed are
    consecutive), so a million tenancies take a megabyte, not a dict of a million entries."""

    _NONE = 255

    def __init__(self) -> None:
        self._first = 0
        self._codes = bytearray()
        self._count = 0
        self._names: list[str] = []  # a profile's code is its place here

    def add(self, tenancy_id: int, profile: str) -> None:
        if not self._codes:
            self._first = tenancy_id
        offset = tenancy_id - self._first
        if offset < 0:
            raise ValueError("Tenancy ids are added in increasing order.")
        if offset >= len(self._codes):
            self._codes.extend([self._NONE] * (offset + 1 - len(self._codes)))
        if self._codes[offset] == self._NONE:
            self._count += 1
        if profile not in self._names:
            self._names.append(profile)
        self._codes[offset] = self._names.index(profile)

    def __getitem__(self, tenancy_id: int) -> str:
        offset = tenancy_id - self._first
        if not self._codes or not 0 <= offset < len(self._codes):
            raise KeyError(tenancy_id)
        code = self._codes[offset]
        if code == self._NONE:
            raise KeyError(tenancy_id)
        return self._names[code]

    def __iter__(self) -> Iterator[int]:
        for offset, code in enumerate(self._codes):
            if code != self._NONE:
                yield self._first + offset

    def __len__(self) -> int:
        return self._count


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
    # tenancy id -> profile name ("punctual", "late", "episode", ...), a byte per tenancy
    payment_profiles: Profiles = field(default_factory=Profiles)
    verbose: bool = True

    def rng_for(self, name: str) -> random.Random:
        """A random generator of its own for each extension, so adding one changes no other."""
        return random.Random(f"{self.seed}:{name}")

    def log(self, message: str) -> None:
        if self.verbose:
            print(message, flush=True)
