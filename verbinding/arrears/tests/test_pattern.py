"""The payment pattern computed by the database (``pattern.patterns``, one row per tenancy) is the
pattern the Python rule (``rules.payment_pattern``) gives from the payment rows: on tricky cases,
on SQLite and PostgreSQL alike."""

from __future__ import annotations

import datetime as dt

import pytest

from verbinding.arrears import pattern, rules
from verbinding.ledger.models import LedgerEntry
from verbinding.testing import factories as f

pytestmark = pytest.mark.django_db

D = dt.date
TODAY = D(2026, 12, 9)  # window: June to November 2026; this month: December


def payments(tenancy, *rows):
    """``(day, method)`` payments (method "" allowed), in the order given (ids follow it)."""
    for day, method in rows:
        f.LedgerEntryFactory(
            tenancy=tenancy, booked_on=day, kind="payment", method=method, amount_cents=-100
        )


def python_pattern(tenancy_ids, today):
    """The rule as the recompute used to apply it: the payments since the window's start."""
    start = rules.usual_window(today)[0]
    rows = (
        LedgerEntry.objects.filter(
            tenancy_id__in=tenancy_ids, kind="payment", booked_on__gte=start, booked_on__lte=today
        )
        .order_by("tenancy_id", "booked_on", "id")
        .values_list("tenancy_id", "booked_on", "amount_cents", "method")
    )
    found: dict[int, list[rules.Entry]] = {tid: [] for tid in tenancy_ids}
    for tid, day, amount, method in rows:
        found[tid].append(rules.Entry(day, "payment", amount, method))
    return {tid: rules.payment_pattern(found[tid], today) for tid in tenancy_ids}


def sql_pattern(tenancy_ids, today):
    ledger = LedgerEntry.objects.filter(tenancy_id__in=tenancy_ids, booked_on__lte=today)
    found = pattern.patterns(ledger, today)
    return {tid: found.get(tid, rules.NO_PATTERN) for tid in tenancy_ids}


@pytest.fixture
def cases():
    made = {}
    # Four months, days 3, 9, 5, 28: the lower median of an even number of months (5, not 9).
    made["even"] = t = f.TenancyFactory()
    payments(t, (D(2026, 7, 3), "INC"), (D(2026, 8, 9), "INC"), (D(2026, 9, 5), "OVB"))
    payments(t, (D(2026, 11, 28), "OVB"))
    # A month without a payment (October), two payments in a month (the first counts, even when
    # booked later than the second's id), a day tie between months.
    made["gap"] = t = f.TenancyFactory()
    payments(t, (D(2026, 6, 2), "INC"), (D(2026, 7, 2), "INC"), (D(2026, 8, 20), "OVB"))
    payments(t, (D(2026, 8, 4), "OVB"), (D(2026, 9, 2), "INC"), (D(2026, 11, 15), "OVB"))
    # Methods tied: the most recent payment decides, on the same day by booking order (id).
    made["tie"] = t = f.TenancyFactory()
    payments(t, (D(2026, 9, 1), "OVB"), (D(2026, 9, 1), "INC"), (D(2026, 10, 1), ""))
    payments(t, (D(2026, 11, 7), "OVB"), (D(2026, 11, 7), "INC"), (D(2026, 11, 7), "INC"))
    payments(t, (D(2026, 11, 7), "OVB"))  # 3-3, OVB booked last on the last day
    # A storno (a reversal, not a payment) and the payment again; a payment without a method.
    made["storno"] = t = f.TenancyFactory()
    payments(t, (D(2026, 8, 1), "INC"), (D(2026, 9, 1), "INC"), (D(2026, 10, 1), "INC"))
    f.LedgerEntryFactory(
        tenancy=t, booked_on=D(2026, 10, 4), kind="reversal", method="INC", amount_cents=100
    )
    payments(t, (D(2026, 10, 20), ""), (D(2026, 10, 21), "OVB"), (D(2026, 11, 1), "INC"))
    # Only two months in the window (no usual day), payments this month, one after today, one
    # before the window; method only blank.
    made["few"] = t = f.TenancyFactory()
    payments(t, (D(2026, 5, 31), "INC"), (D(2026, 10, 30), ""), (D(2026, 11, 2), ""))
    payments(t, (D(2026, 12, 8), "ONL"), (D(2026, 12, 3), "OVB"), (D(2026, 12, 10), "INC"))
    # Nothing since the window's start: no pattern at all.
    made["old"] = t = f.TenancyFactory()
    payments(t, (D(2026, 5, 1), "INC"))
    # A charge only.
    made["none"] = t = f.TenancyFactory()
    f.LedgerEntryFactory(tenancy=t, booked_on=D(2026, 12, 1), amount_cents=100)
    return made


def test_the_database_gives_the_python_rules_pattern_on_tricky_cases(cases):
    ids = [t.id for t in cases.values()]
    python, sql = python_pattern(ids, TODAY), sql_pattern(ids, TODAY)
    assert sql == python
    got = {name: sql[t.id] for name, t in cases.items()}
    assert got["even"] == (5, "OVB", D(2026, 11, 28), None)
    assert got["gap"] == (2, "OVB", D(2026, 11, 15), None)
    assert got["tie"] == (1, "OVB", D(2026, 11, 7), None)
    assert got["storno"] == (1, "INC", D(2026, 11, 1), None)
    assert got["few"] == (None, "", D(2026, 12, 8), D(2026, 12, 3))
    assert got["old"] == got["none"] == rules.NO_PATTERN


@pytest.mark.parametrize("today", [D(2026, 12, 1), D(2026, 11, 30), D(2027, 1, 2), D(2026, 8, 31)])
def test_the_same_on_other_days(cases, today):
    ids = [t.id for t in cases.values()]
    assert sql_pattern(ids, today) == python_pattern(ids, today)


def test_one_query_for_a_batch(cases, django_assert_num_queries):
    ledger = LedgerEntry.objects.filter(booked_on__lte=TODAY)
    with django_assert_num_queries(1):
        found = pattern.patterns(ledger, TODAY)
    assert set(found) == {t.id for name, t in cases.items() if name not in ("old", "none")}
