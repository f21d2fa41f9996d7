"""The recompute's shortcut: a balance covered by charges still within their grace period is
proved "not in arrears" from the aggregates, without loading the history. Whatever it skips, the
state and signals must be exactly what the full history gives."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Collection

import pytest

from verbinding.arrears import compute, rules
from verbinding.arrears.history import entries as history_entries
from verbinding.arrears.models import RentDueDay
from verbinding.arrears.selectors import policy_on
from verbinding.households.models import Tenancy
from verbinding.testing import factories as f

pytestmark = pytest.mark.django_db

RENT = 65000


def month_starts(today: dt.date, months: int) -> list[dt.date]:
    """The first days of the last ``months`` months up to ``today``'s, oldest first."""
    return [rules.add_months(today.replace(day=1), -i) for i in reversed(range(months))]


def tenancy_with(
    today: dt.date, *, unpaid: Collection[int] = (), late: dict[int, int] | None = None
) -> Tenancy:
    """Rent charged on the 1st of each of the last 7 months (index 0 the oldest, 6 this month),
    paid on the 3rd (if that is not after ``today``) unless in ``unpaid``; ``late`` pays month i
    in month j instead."""
    tenancy = f.TenancyFactory(rent_cents=RENT)
    late = late or {}
    starts = month_starts(today, 7)
    for start in starts:
        f.LedgerEntryFactory(tenancy=tenancy, booked_on=start, amount_cents=RENT)
    for i, start in enumerate(starts):
        if i in unpaid:
            continue
        day = starts[late[i]] if i in late else start
        paid_on = day + dt.timedelta(days=2)
        if paid_on <= today:
            f.LedgerEntryFactory(
                tenancy=tenancy, booked_on=paid_on, kind="payment", method="OVB", amount_cents=-RENT
            )
    return tenancy


def with_full_history(facts: dict[int, rules.Facts], today: dt.date) -> dict[int, rules.Facts]:
    """The facts as they were before the shortcut: the history of every tenancy that owes."""
    owing = [tid for tid, fact in facts.items() if fact.balance_cents > 0]
    histories = history_entries(owing, upto=today)
    return {
        tid: dataclasses.replace(fact, within_grace=False, history=histories.get(tid, []))
        if tid in histories
        else fact
        for tid, fact in facts.items()
    }


def derived(
    today: dt.date, tenancies: list[Tenancy]
) -> tuple[dict[int, rules.Facts], dict[int, rules.Derived], dict[int, rules.Derived]]:
    """The facts as the recompute loads them, what it derives, and what the full history gives."""
    policy = policy_on(today)
    ids = tuple(sorted(t.pk for t in tenancies))
    facts = compute.load_facts(compute.Batch(ids=ids), today, policy)
    full = with_full_history(facts, today)
    quick = {tid: rules.derive(fact, today, policy) for tid, fact in facts.items()}
    reference = {tid: rules.derive(fact, today, policy) for tid, fact in full.items()}
    return facts, quick, reference


@pytest.mark.parametrize("day", [2, 5, 6, 20])
def test_rent_just_charged_is_proved_not_overdue_without_the_history(day):
    today = dt.date(2026, 12, day)
    paid_up = tenancy_with(today, unpaid={6})  # only this month's rent is open
    facts, quick, reference = derived(today, [paid_up])
    fact = facts[paid_up.pk]
    grace = policy_on(today).grace_days
    assert fact.balance_cents == RENT
    # Within the grace days the shortcut applies and no history is loaded; after them it cannot.
    assert fact.within_grace is (day - 1 < grace)
    assert (fact.history == []) is fact.within_grace
    assert quick == reference
    assert (quick[paid_up.pk].arrears_cents > 0) is (day - 1 >= grace)


@pytest.mark.parametrize("day", [2, 4, 20])
def test_real_arrears_are_never_skipped(day):
    today = dt.date(2026, 12, day)
    behind = tenancy_with(today, unpaid={4, 5, 6})
    facts, quick, reference = derived(today, [behind])
    assert not facts[behind.pk].within_grace and facts[behind.pk].history
    assert quick == reference
    assert quick[behind.pk].arrears_cents >= 2 * RENT
    assert {s.kind for s in quick[behind.pk].signals} & {"arrears_2m", "arrears_3m"}


def test_arrears_three_months_ago_keep_their_trend():
    """Now only the new rent is open, but three months ago two months were (one overdue): the
    trend must still say "shrinking", so the history is loaded for it."""
    today = dt.date(2026, 12, 2)
    recovered = tenancy_with(today, unpaid={6}, late={2: 4, 3: 4})
    facts, quick, reference = derived(today, [recovered])
    then = rules.add_months(today, -policy_on(today).trend_months)
    assert then == dt.date(2026, 9, 2)
    assert facts[recovered.pk].balance_then_cents == 2 * RENT
    assert not facts[recovered.pk].within_grace
    assert quick == reference
    assert quick[recovered.pk].trend == rules.SHRINKING


def test_an_agreed_later_due_day_is_decided_by_the_history():
    """Rent booked on the 1st, due on the 15th: on the 10th it is not in default, though booked
    more than the grace days ago. The aggregates cannot know the due day: no shortcut, and the
    history says "not overdue"."""
    today = dt.date(2026, 12, 10)
    later = tenancy_with(today, unpaid={6})
    RentDueDay.objects.create(tenancy=later, valid_from=dt.date(2026, 1, 1), day=15, reason="x")
    facts, quick, reference = derived(today, [later])
    assert not facts[later.pk].within_grace
    assert quick == reference
    assert quick[later.pk].arrears_cents == 0


def test_a_mix_of_tenancies_gives_what_the_full_history_gives():
    today = dt.date(2026, 12, 2)
    cases = [
        tenancy_with(today),
        tenancy_with(today, unpaid={6}),
        tenancy_with(today, unpaid={5, 6}),
        tenancy_with(today, unpaid={0, 6}),
        tenancy_with(today, unpaid={6}, late={3: 5}),
        tenancy_with(today, unpaid={6}, late={2: 4, 3: 4}),
    ]
    facts, quick, reference = derived(today, cases)
    assert quick == reference
    # Paid up (this month's payment is not booked yet), only this month open, and a month paid
    # late but before ``trend_months`` ago: no history needed for those three.
    assert [facts[t.pk].within_grace for t in cases] == [True, True, False, False, True, False]


def test_consecutive_ids_are_batched_as_ranges_and_the_rest_as_lists():
    dense = list(range(1, compute.BATCH + 1))
    sparse = list(range(compute.BATCH + 10, compute.BATCH + 10 + 4 * compute.IN_BATCH, 2))
    got = list(compute.batches(dense + sparse))
    assert got[0] == compute.Batch(low=1, high=compute.BATCH)
    assert all(b.ids is not None and len(b.ids) <= compute.IN_BATCH for b in got[1:])
    assert sorted(i for b in got[1:] for i in b.ids or ()) == sparse
    assert list(compute.batches([3, 4, 5])) == [compute.Batch(ids=(3, 4, 5))]


def test_a_recompute_of_many_touched_tenancies_equals_the_full_run(monkeypatch):
    from verbinding.arrears import services
    from verbinding.arrears.models import ArrearsSignal, TenancyArrears

    monkeypatch.setattr(compute, "BATCH", 4)
    monkeypatch.setattr(compute, "IN_BATCH", 2)
    today = dt.date(2026, 12, 8)
    cases = [tenancy_with(today, unpaid=set(range(i % 4, 7, 3))) for i in range(9)]
    ids = [t.pk for t in cases]
    assert any(b.ids is None for b in compute.batches(ids))  # ranges and lists both used
    assert any(b.ids is not None for b in compute.batches(ids))

    def stored() -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
        return (
            list(
                TenancyArrears.objects.order_by("tenancy_id").values_list(
                    "tenancy_id", *compute.STATE_FIELDS, "computed_on"
                )
            ),
            list(
                ArrearsSignal.objects.order_by("tenancy_id", "kind").values_list(
                    "tenancy_id", "kind", "started_on", "params"
                )
            ),
        )

    services.recompute(today=today)
    full = stored()
    TenancyArrears.objects.all().delete()
    ArrearsSignal.objects.all().delete()
    services.recompute(tenancy_ids=ids, today=today)
    assert stored() == full
    assert len(full[1]) > 0
