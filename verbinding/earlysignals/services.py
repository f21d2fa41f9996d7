"""Writes for vroegsignalering: evidence, the export (recorded so no signal is sent twice), the
municipality's outcome, and new policy versions. Every write is audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import Any

from django.db import transaction

from verbinding import clock
from verbinding.accounts.roles import Role
from verbinding.audit.services import audit_change, audit_record, snapshot
from verbinding.earlysignals import selectors
from verbinding.earlysignals.adapters import get_adapter
from verbinding.earlysignals.models import (
    DATA_FIELDS,
    Evidence,
    EvidenceKind,
    ExportBatch,
    Outcome,
    Signal,
    SignalDataSet,
    SignalPolicy,
)
from verbinding.households.models import Household


class SignalError(ValueError):
    pass


@transaction.atomic
def evidence_record(
    *, household: Household, kind: str, on: dt.date, actor: Any, note: str = ""
) -> Evidence:
    if kind not in EvidenceKind.values:
        raise SignalError(f"Unknown evidence {kind!r}")
    if on > clock.today():
        raise SignalError("The date cannot be in the future.")
    evidence = Evidence.objects.create(
        household=household, kind=kind, on=on, note=note.strip()[:300], created_by=actor
    )
    audit_change(
        actor=actor, obj=evidence, before=None, household_id=household.id, summary="signal evidence"
    )
    return evidence


class _DryRun(Exception):
    def __init__(self, result: tuple[bytes, int]) -> None:
        self.result = result


def signals_export(
    *,
    adapter: str,
    file_format: str,
    actor: Any,
    today: dt.date | None = None,
    household_ids: Collection[int] | None = None,
    dry_run: bool = False,
) -> tuple[bytes, int]:
    """Write every due signal through the adapter and record it, so it is never sent twice.
    A dry run makes the same file and then rolls everything back."""
    if not dry_run:
        return _export(adapter, file_format, actor, today, household_ids, dry_run=False)
    try:
        with transaction.atomic():
            raise _DryRun(_export(adapter, file_format, actor, today, household_ids, dry_run=True))
    except _DryRun as done:
        return done.result


@transaction.atomic
def _export(
    adapter: str,
    file_format: str,
    actor: Any,
    today: dt.date | None,
    household_ids: Collection[int] | None,
    *,
    dry_run: bool,
) -> tuple[bytes, int]:
    day = today or clock.today()
    chosen = get_adapter(adapter)
    if file_format not in chosen.formats:
        raise SignalError(f"{adapter} writes {', '.join(chosen.formats)}")
    rows = selectors.due(household_ids=household_ids, today=day)
    batch = ExportBatch.objects.create(
        adapter=adapter,
        file_format=file_format,
        count=len(rows),
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    members = _tenants({r.tenancy.household_id for r in rows})
    signals = []
    for r in rows:
        t = r.tenancy
        person = members.get(t.household_id)
        assert r.readiness.arose_on is not None
        given = set(r.fields)  # exactly what the reminder announced (data minimisation)

        def only(field: str, value: str, given: set[str] = given) -> str:
            return value if field in given else ""

        signals.append(
            Signal(
                household_id=t.household_id,
                tenancy=t,
                municipality=t.unit.neighbourhood.district.municipality,
                arose_on=r.readiness.arose_on,
                episode_started_on=r.readiness.episode_start or r.readiness.arose_on,
                fields=list(r.fields),
                signal_date=day,
                arrears_cents=r.readiness.arrears_cents,
                name=only("name", person.full_name if person else t.household.name),
                street=only("address", t.unit.address),
                postcode=only("address", t.unit.postcode),
                city=only("address", t.unit.city),
                phone=only("phone", person.phone if person else ""),
                email=only("email", person.email if person else ""),
                batch=batch,
            )
        )
    Signal.objects.bulk_create(signals, batch_size=500)
    saved = list(
        Signal.objects.filter(batch=batch).select_related("municipality", "household", "tenancy")
    )
    content = chosen.render(saved, file_format)
    audit_record(
        actor=actor,
        action="export",
        obj=batch,
        summary=f"vroegsignalering: {len(saved)} signal(s), {adapter}/{file_format}"
        + (" (dry run)" if dry_run else ""),
        after={"households": sorted(s.household_id for s in saved)},
    )
    return content, len(saved)


def _tenants(household_ids: set[int]) -> dict[int, Any]:
    from verbinding.households.models import HouseholdMember

    found: dict[int, Any] = {}
    for m in (
        HouseholdMember.objects.filter(household_id__in=household_ids, role="HUU", end_date=None)
        .select_related("person")
        .order_by("id")
    ):
        found.setdefault(m.household_id, m.person)
    return found


@transaction.atomic
def signal_outcome_record(*, signal: Signal, outcome: str, on: dt.date, actor: Any) -> Signal:
    if outcome not in Outcome.values:
        raise SignalError(f"Unknown outcome {outcome!r}")
    before = snapshot(signal)
    signal.outcome, signal.outcome_on = outcome, on
    signal.save(update_fields=["outcome", "outcome_on"])
    audit_change(
        actor=actor,
        obj=signal,
        before=before,
        household_id=signal.household_id,
        summary="signal outcome",
    )
    return signal


@transaction.atomic
def policy_new_version(
    *,
    valid_from: dt.date,
    days_late: int,
    while_arrangement: bool,
    actor: Any,
    note: str = "",
    waiting_days: int = 14,
) -> SignalPolicy:
    if getattr(actor, "role", None) != Role.MANAGER:
        raise SignalError("Only a manager sets the policy.")
    policy = SignalPolicy.objects.create(
        valid_from=valid_from,
        days_late=days_late,
        while_arrangement=while_arrangement,
        waiting_days=waiting_days,
        note=note.strip()[:300],
        created_by=actor,
    )
    audit_change(actor=actor, obj=policy, before=None, summary="early-signal policy")
    return policy


@transaction.atomic
def data_set_save(
    *, municipality: Any, fields: list[str], actor: Any, note: str = ""
) -> SignalDataSet:
    """The data a signal to this municipality carries, as agreed with it (manager). The amount of
    the arrears and the name are always in it (Besluit gemeentelijke schuldhulpverlening art. 2);
    new reminders announce the set, signals already announced keep theirs."""
    if getattr(actor, "role", None) != Role.MANAGER:
        raise SignalError("Only a manager sets the data passed on.")
    unknown = set(fields) - set(DATA_FIELDS)
    if unknown:
        raise SignalError(f"Unknown fields {sorted(unknown)}")
    if not {"name", "arrears"} <= set(fields):
        raise SignalError("The name and the amount of the arrears are always passed on.")
    found = SignalDataSet.objects.filter(municipality=municipality).first()
    before = snapshot(found) if found else None
    data_set, _created = SignalDataSet.objects.update_or_create(
        municipality=municipality,
        defaults={
            "fields": [f for f in DATA_FIELDS if f in fields],
            "note": note.strip()[:300],
            "updated_by": actor,
        },
    )
    audit_change(actor=actor, obj=data_set, before=before, summary="signal data set")
    return data_set
