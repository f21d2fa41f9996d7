"""Writes of the arrears app: the recompute (full, incremental, after a ledger change), new
versions of the arrears policy, and a tenancy's agreed due day."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Collection
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from verbinding import clock
from verbinding.arrears import compute
from verbinding.arrears.models import ArrearsPolicy, RentDueDay, SignalRun
from verbinding.arrears.rules import add_months
from verbinding.arrears.selectors import policy_on
from verbinding.audit.models import AuditAction
from verbinding.audit.services import audit_record, snapshot
from verbinding.ledger.models import LedgerEntry

POLICY_FIELDS = (
    "grace_days",
    "later_than_usual_days",
    "storno_days",
    "months_first",
    "months_home_visit",
    "months_court",
    "trend_months",
    "trend_tolerance_percent",
    "relapse_months",
    "recent_contact_days",
)


@transaction.atomic
def recompute(
    *,
    tenancy_ids: Collection[int] | None = None,
    today: dt.date | None = None,
    scope: str = "",
    progress: Any = None,
) -> SignalRun:
    """Recompute arrears states and signals (``tenancy_ids=None``: every tenancy).

    Idempotent: only differences with what is stored are written, and a signal keeps the day it
    started. Records a ``SignalRun`` with the ledger high-water mark seen at the start.
    """
    day = today or clock.today()
    started = time.perf_counter()
    high_water = LedgerEntry.objects.aggregate(m=Max("id"))["m"] or 0
    policy = policy_on(day)
    counts = compute.Counts()
    ids = None if tenancy_ids is None else list(tenancy_ids)
    for batch in compute.batches(ids):
        facts = compute.load_facts(batch, day, policy)
        counts.add(compute.store(facts, day, policy, batch))
        if progress is not None:
            progress(counts.tenancies)
    return SignalRun.objects.create(
        today=day,
        scope=scope or ("full" if ids is None else "tenancies"),
        tenancies=counts.tenancies,
        changed=counts.changed,
        signals_added=counts.signals_added,
        signals_ended=counts.signals_ended,
        max_entry_id=high_water,
        seconds=round(time.perf_counter() - started, 3),
    )


def recompute_changed(*, today: dt.date | None = None, progress: Any = None) -> SignalRun:
    """Only the tenancies whose ledger got new rows since the last run (its high-water mark) and
    whose stored state does not cover them yet (``compute.changed_tenancy_ids``): an indexed
    look-up of the rows after the mark, so "nothing new" costs a few queries at any size."""
    # Only runs that covered every change advance the mark (not a hook run for a few tenancies);
    # what a hook run did cover is in its tenancies' states (``last_entry_id``).
    last = SignalRun.objects.filter(scope__in=("full", "changed")).order_by("-id").first()
    if last is None:
        return recompute(today=today, scope="full", progress=progress)
    ids = compute.changed_tenancy_ids(last.max_entry_id)
    return recompute(tenancy_ids=ids, today=today, scope="changed", progress=progress)


def recompute_since(*, since: dt.date, today: dt.date | None = None) -> SignalRun:
    """Only the tenancies with a booking dated on or after ``since``."""
    ids = compute.tenancy_ids_booked_since(since)
    return recompute(tenancy_ids=ids, today=today, scope="since")


def on_ledger_changed(*, tenancy_ids: Collection[int] | None, today: dt.date) -> None:
    """Ledger listener (verbinding.ledger.hooks): recompute what the change touched."""
    recompute(
        tenancy_ids=tenancy_ids, today=today, scope="full" if tenancy_ids is None else "ledger"
    )


@transaction.atomic
def policy_create(
    *, actor: Any, valid_from: dt.date, note: str = "", **values: int | Decimal
) -> ArrearsPolicy:
    """A new version of the arrears policy (the old versions stay as history)."""
    unknown = set(values) - set(POLICY_FIELDS)
    if unknown:
        raise ValueError(f"Unknown policy fields: {sorted(unknown)}")
    previous = policy_on(valid_from)
    base = {name: getattr(previous, name) for name in POLICY_FIELDS}
    base.update(values)
    if not base["months_first"] < base["months_home_visit"] < base["months_court"]:
        raise ValueError("The arrears steps must go up: first < home visit < court.")
    policy = ArrearsPolicy.objects.create(
        valid_from=valid_from, note=note, created_by=actor, **base
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=policy,
        summary="arrears policy version",
        reason=note,
        after=snapshot(policy),
    )
    return policy


class DueDayError(ValueError):
    """A due day that cannot be agreed (the message is for the user)."""


@transaction.atomic
def due_day_agree(
    *, tenancy: Any, day: int, valid_from: dt.date, reason: str, actor: Any, today: dt.date
) -> RentDueDay:
    """Agree with the tenant the day of the month their rent falls due (1 = the 1st, the usual).

    A new dated version (earlier versions stay, so past arrears keep their dates); the same
    ``valid_from`` again replaces that version. The arrears are recomputed at once, audited.
    """
    if not 1 <= day <= 28:
        raise DueDayError(_("The due day must be between 1 and 28."))
    if not reason.strip():
        raise DueDayError(_("Say why this due day was agreed."))
    if valid_from > add_months(today, 12):
        raise DueDayError(_("The due day can start at most a year ahead."))
    version, created = RentDueDay.objects.select_for_update().update_or_create(
        tenancy=tenancy,
        valid_from=valid_from,
        defaults={"day": day, "reason": reason.strip(), "created_by": actor},
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE if created else AuditAction.UPDATE,
        obj=version,
        household_id=tenancy.household_id,
        summary="agreed due day",
        after={"day": day, "valid_from": valid_from.isoformat()},
    )
    recompute(tenancy_ids=[tenancy.pk], today=today, scope="tenancies")
    return version
