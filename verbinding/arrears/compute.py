"""Set-based recompute: load the ledger facts for a batch of tenancies in a handful of queries,
apply ``rules.derive`` in Python, and write only what changed.

On the first days of a month most tenancies owe the rent just charged, still within its grace
period: the aggregate query proves that nothing of theirs is overdue (``rules.Facts.within_grace``)
and their history is not loaded; only the tenancies that may really be in arrears get it.

Per batch (up to ``BATCH`` tenancies) the queries are: the tenancies; one aggregate over their
ledger (balance now and ``trend_months`` ago, last entry id, the charges within their grace
period); the payment pattern (one row per tenancy, ``pattern.patterns``); recent reversed direct
debits; the full history of only the tenancies that may be in arrears; the stored states and
signals to compare with; then bulk inserts/updates/deletes of the differences.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, Exists, IntegerField, Max, OuterRef, Q, Sum, Value, When

from verbinding.arrears import pattern, rules
from verbinding.arrears.history import as_date, day_text, raw_rows
from verbinding.arrears.history import entries as history_entries
from verbinding.arrears.models import ArrearsSignal, TenancyArrears
from verbinding.db.upsert import upsert_rows
from verbinding.households.models import Tenancy
from verbinding.ledger.models import EntryKind, LedgerEntry
from verbinding.vera import codes

BATCH = 5000
IN_BATCH = 900  # for explicit id lists (keeps the number of SQL parameters modest)


@dataclass
class Counts:
    tenancies: int = 0
    changed: int = 0
    signals_added: int = 0
    signals_ended: int = 0

    def add(self, other: Counts) -> None:
        self.tenancies += other.tenancies
        self.changed += other.changed
        self.signals_added += other.signals_added
        self.signals_ended += other.signals_ended


@dataclass(frozen=True)
class Batch:
    """A batch of tenancies: an id range (the full run) or an explicit list of ids."""

    low: int = 0
    high: int = 0
    ids: tuple[int, ...] | None = None

    def ledger_filter(self) -> Q:
        if self.ids is None:
            return Q(tenancy_id__gte=self.low, tenancy_id__lte=self.high)
        return Q(tenancy_id__in=self.ids)

    def tenancy_filter(self) -> Q:
        if self.ids is None:
            return Q(id__gte=self.low, id__lte=self.high)
        return Q(id__in=self.ids)


def batches(tenancy_ids: Sequence[int] | None) -> Iterator[Batch]:
    """Batches of tenancies. ``None``: every tenancy, in id ranges of ``BATCH``."""
    if tenancy_ids is None:
        all_ids = list(Tenancy.objects.order_by("id").values_list("id", flat=True))
        for i in range(0, len(all_ids), BATCH):
            chunk = all_ids[i : i + BATCH]
            yield Batch(low=chunk[0], high=chunk[-1])
        return
    ids = sorted(set(tenancy_ids))
    i = 0
    while i < len(ids):
        # A run of consecutive ids (an import that touched nearly every tenancy) is an id range,
        # as in the full run: the same tenancies, without a list of parameters per query.
        run = ids[i : i + BATCH]
        if len(run) > IN_BATCH and run[-1] - run[0] + 1 == len(run):
            yield Batch(low=run[0], high=run[-1])
            i += BATCH
            continue
        yield Batch(ids=tuple(ids[i : i + IN_BATCH]))
        i += IN_BATCH


def _sum_if(condition: Q) -> Sum:
    return Sum(
        Case(When(condition, then="amount_cents"), default=Value(0), output_field=IntegerField())
    )


def _within_grace(f: rules.Facts, grace_now: int, grace_then: int, policy: rules.Policy) -> bool:
    """Whether the aggregates alone prove that nothing is overdue (``rules.Facts.within_grace``):
    the balance is owed but covered by charges still within their grace period (FIFO settles the
    oldest first, so those newest charges are what is unpaid), and ``trend_months`` ago nothing
    was overdue either or at most the trend's tolerance (the trend is "stable" either way)."""
    if not 0 < f.balance_cents <= grace_now:
        return False
    tolerance = rules.trend_tolerance(f.rent_cents, policy.trend_tolerance_percent)
    return f.balance_then_cents <= grace_then or f.balance_then_cents <= tolerance


def load_facts(batch: Batch, today: dt.date, policy: rules.Policy) -> dict[int, rules.Facts]:
    tenancies = Tenancy.objects.filter(batch.tenancy_filter())
    facts = {
        tid: rules.Facts(tid, hid, rent, 0, 0, active=status in codes.ACTIVE_TENANCY_STATUSES)
        for tid, hid, rent, status in tenancies.values_list(
            "id", "household_id", "rent_cents", "status"
        )
    }
    if not facts:
        return facts
    ledger = LedgerEntry.objects.filter(batch.ledger_filter(), booked_on__lte=today)
    then = rules.add_months(today, -policy.trend_months)
    grace = dt.timedelta(days=policy.grace_days)
    # A charge booked within the last grace days is not in default whatever its due day (a due
    # date is never before the booking): what such charges cover of the balance is not overdue.
    charge = Q(amount_cents__gt=0) & ~Q(kind=EntryKind.REVERSAL)  # rules.is_charge
    aggregates = (
        ledger.order_by()
        .values("tenancy_id")
        .annotate(
            balance=Sum("amount_cents"),
            balance_then=_sum_if(Q(booked_on__lte=then)),
            last_id=Max("id"),
            grace_now=_sum_if(charge & Q(booked_on__gt=today - grace)),
            grace_then=_sum_if(charge & Q(booked_on__gt=then - grace, booked_on__lte=then)),
        )
        .values_list("tenancy_id", "balance", "balance_then", "last_id", "grace_now", "grace_then")
    )
    for tid, balance, balance_then, last_id, grace_now, grace_then in aggregates:
        f = facts.get(tid)
        if f is not None:
            f.balance_cents, f.balance_then_cents = int(balance), int(balance_then or 0)
            f.last_entry_id = int(last_id)
            f.within_grace = _within_grace(f, int(grace_now or 0), int(grace_then or 0), policy)
    found = pattern.patterns(ledger, today)
    for tid, f in facts.items():
        f.pattern = found.get(tid, rules.NO_PATTERN)
    reversals = (
        ledger.filter(
            kind=EntryKind.REVERSAL, booked_on__gte=today - dt.timedelta(days=policy.storno_days)
        )
        .order_by("tenancy_id", "-booked_on", "-id")
        .values_list("tenancy_id", day_text(), "amount_cents", "return_reason")
    )
    for tid, day, amount, reason in raw_rows(reversals):
        f = facts.get(tid)
        if f is not None:
            f.reversals.append(rules.Entry(as_date(day), "reversal", amount, "", reason))
    in_arrears = [tid for tid, f in facts.items() if f.balance_cents > 0 and not f.within_grace]
    for tid, history in history_entries(in_arrears, upto=today).items():
        facts[tid].history = history
    return facts


STATE_FIELDS = (
    "household_id",
    "rent_cents",
    "balance_cents",
    "arrears_cents",
    "months_of_rent",
    "arose_on",
    "trend",
    "usual_payment_day",
    "usual_method",
    "last_payment_on",
    "last_entry_id",
)


def _state(f: rules.Facts, d: rules.Derived) -> tuple[Any, ...]:
    """A tenancy's state as stored, in ``STATE_FIELDS`` order (as ``store`` reads it back)."""
    return (
        f.household_id,
        f.rent_cents,
        d.balance_cents,
        d.arrears_cents,
        d.months_of_rent,
        d.arose_on,
        d.trend,
        d.usual_payment_day,
        d.usual_method,
        d.last_payment_on,
        f.last_entry_id,
    )


def store(
    facts: dict[int, rules.Facts],
    today: dt.date,
    policy: rules.Policy,
    batch: Batch | None = None,
) -> Counts:
    """Derive and write the differences with what is stored (so a rerun writes nothing)."""
    counts = Counts(tenancies=len(facts))
    within = batch.ledger_filter() if batch is not None else Q(tenancy_id__in=list(facts))
    existing = {
        row[0]: row[1:]
        for row in TenancyArrears.objects.filter(within).values_list("tenancy_id", *STATE_FIELDS)
    }
    existing_signals: dict[tuple[int, str], ArrearsSignal] = {
        (s.tenancy_id, s.kind): s for s in ArrearsSignal.objects.filter(within)
    }
    changed: list[tuple[Any, ...]] = []  # (tenancy, *STATE_FIELDS, computed_on)
    signal_create, signal_update = [], []
    keep: set[tuple[int, str]] = set()
    for tid, f in facts.items():
        derived = rules.derive(f, today, policy)
        state = _state(f, derived)
        if existing.get(tid) != state:  # new, or different
            changed.append((tid, *state, today))
        for sig in derived.signals:
            key = (tid, sig.kind)
            keep.add(key)
            old = existing_signals.get(key)
            if old is None:
                signal_create.append(
                    ArrearsSignal(
                        tenancy_id=tid,
                        household_id=f.household_id,
                        kind=sig.kind,
                        started_on=sig.started_on,
                        params=sig.params,
                        computed_on=today,
                    )
                )
            elif old.started_on != sig.started_on or old.params != sig.params:
                old.started_on, old.params, old.computed_on = sig.started_on, sig.params, today
                signal_update.append(old)
    ended = [s.id for key, s in existing_signals.items() if key not in keep]
    # INSERT ... ON CONFLICT DO UPDATE as plain rows, on SQLite and PostgreSQL alike: far cheaper
    # than bulk_update's CASE WHEN per row, and than bulk_create's model instance per row (the
    # nightly run on the 1st of the month changes nearly every state)
    if changed:
        upsert_rows(TenancyArrears, "tenancy", (*STATE_FIELDS, "computed_on"), changed)
    if ended:
        for i in range(0, len(ended), IN_BATCH):
            ArrearsSignal.objects.filter(id__in=ended[i : i + IN_BATCH]).delete()
    if signal_create or signal_update:
        ArrearsSignal.objects.bulk_create(
            signal_create + signal_update,
            batch_size=1000,
            update_conflicts=True,
            unique_fields=["tenancy", "kind"],
            update_fields=["started_on", "params", "computed_on"],
        )
    counts.changed = len(changed)
    counts.signals_added = len(signal_create)
    counts.signals_ended = len(ended)
    return counts


def changed_tenancy_ids(after_entry_id: int) -> list[int]:
    """Tenancies with a ledger row newer than ``after_entry_id`` (the last full or ``--changed``
    run's mark) that their stored state does not cover yet: a state records the newest ledger row
    it was computed from (``last_entry_id``), so a tenancy a ledger listener already recomputed
    after an import is not recomputed again. Cost: the rows after the mark (the primary key's
    index) and one look-up each in the states (by tenancy), whatever the size of the association.
    """
    covered = TenancyArrears.objects.filter(
        tenancy_id=OuterRef("tenancy_id"), last_entry_id__gte=OuterRef("id")
    )
    return list(
        LedgerEntry.objects.filter(id__gt=after_entry_id)
        .filter(~Exists(covered))
        .order_by()
        .values_list("tenancy_id", flat=True)
        .distinct()
    )


def tenancy_ids_booked_since(day: dt.date) -> list[int]:
    return list(
        LedgerEntry.objects.filter(booked_on__gte=day)
        .order_by()
        .values_list("tenancy_id", flat=True)
        .distinct()
    )
