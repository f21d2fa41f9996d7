"""``upsert_rows``: insert new rows, update existing ones by key, values as the fields hold them
(dates, decimals, None), in chunks, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from verbinding.arrears.models import TenancyArrears
from verbinding.db import upsert
from verbinding.db.upsert import upsert_rows
from verbinding.households.models import Tenancy
from verbinding.testing import factories as f

pytestmark = pytest.mark.django_db

FIELDS = ("household_id", "rent_cents", "balance_cents", "arrears_cents", "months_of_rent",
          "arose_on", "trend", "usual_payment_day", "usual_method", "last_payment_on",
          "last_entry_id", "computed_on")  # fmt: skip


def row(t: Tenancy, balance: int, arose: dt.date | None, day: int | None) -> tuple[object, ...]:
    return (t.pk, t.household_id, 65000, balance, max(balance, 0), Decimal(balance) / 65000,
            arose, "stable", day, "INC" if day else "", None, 7, dt.date(2026, 12, 2))  # fmt: skip


def test_inserts_then_updates_by_key_with_dates_decimals_and_none(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(upsert, "CHUNK", 2)  # three rows: a full chunk and a rest
    tenancies = [f.TenancyFactory() for _ in range(3)]
    sent = upsert_rows(
        TenancyArrears,
        "tenancy",
        FIELDS,
        [row(tenancies[0], 130000, dt.date(2026, 10, 1), 3), row(tenancies[1], 0, None, None),
         row(tenancies[2], -500, None, 28)],
    )  # fmt: skip
    assert sent == 3
    first = TenancyArrears.objects.get(tenancy=tenancies[0])
    assert (first.balance_cents, first.months_of_rent, first.arose_on, first.usual_payment_day,
            first.usual_method, first.last_payment_on) == (
        130000, Decimal("2.00"), dt.date(2026, 10, 1), 3, "INC", None)  # fmt: skip
    second = TenancyArrears.objects.get(tenancy=tenancies[1])
    assert (second.arose_on, second.usual_payment_day, second.usual_method) == (None, None, "")
    # again with other values for two of them: updated in place, nothing added
    upsert_rows(
        TenancyArrears,
        "tenancy",
        FIELDS,
        [row(tenancies[0], 0, None, 5), row(tenancies[1], 65000, dt.date(2026, 12, 1), None)],
    )
    assert TenancyArrears.objects.count() == 3
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.balance_cents, first.arose_on, first.usual_payment_day) == (0, None, 5)
    assert (second.balance_cents, second.months_of_rent, second.arose_on) == (
        65000, Decimal("1.00"), dt.date(2026, 12, 1))  # fmt: skip
    third = TenancyArrears.objects.get(tenancy=tenancies[2])
    assert (third.balance_cents, third.usual_payment_day) == (-500, 28)  # untouched
