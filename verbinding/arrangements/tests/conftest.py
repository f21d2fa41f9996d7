from __future__ import annotations

import datetime as dt

import pytest

from verbinding.arrangements.reference import load_current
from verbinding.testing import factories as f


@pytest.fixture
def reference(db: None) -> None:
    """Policy v1 and the beslagvrije voet (a live-server test may have flushed the migration's rows)."""
    load_current()


def book(tenancy, day: dt.date, cents: int, kind: str = "payment") -> None:  # type: ignore[no-untyped-def]
    """A ledger row as an import would write it: charges positive, payments negative."""
    if kind == "charge":
        f.LedgerEntryFactory(
            tenancy=tenancy, booked_on=day, kind="charge", detail="PRO", amount_cents=cents
        )
    else:
        f.LedgerEntryFactory(
            tenancy=tenancy,
            booked_on=day,
            kind="payment",
            detail="BAN",
            method="OVB",
            amount_cents=-cents,
        )
