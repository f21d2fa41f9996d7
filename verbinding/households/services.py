"""Writes to the register. Each one is atomic and leaves an audit row in the same transaction."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from verbinding import clock
from verbinding.audit.services import audit_change, snapshot
from verbinding.households.models import Household, SafetyFlag
from verbinding.vera import codes


@transaction.atomic
def household_update_contact(
    *, household: Household, preferred_channel: str, contact_notes: str, actor: Any
) -> Household:
    """Record how the household prefers to be reached."""
    if preferred_channel and preferred_channel not in codes.CommunicatieKanaal.values:
        raise ValueError(f"Unknown channel {preferred_channel!r}")
    before = snapshot(household)
    household.preferred_channel = preferred_channel
    household.contact_notes = contact_notes.strip()
    household.save(update_fields=["preferred_channel", "contact_notes"])
    audit_change(
        actor=actor,
        obj=household,
        before=before,
        household_id=household.id,
        summary="contact preferences",
    )
    return household


@transaction.atomic
def safety_flag_add(
    *,
    household: Household,
    kind: str,
    detail: str = "",
    note: str = "",
    start_date: dt.date | None = None,
    actor: Any,
) -> SafetyFlag:
    """Add a VERA Signalering (e.g. AGR/BEZ 'visit in pairs') to a household."""
    if kind not in codes.SignaleringSoort.values:
        raise ValueError(f"Unknown flag kind {kind!r}")
    if detail and detail not in codes.SignaleringDetailSoort.values:
        raise ValueError(f"Unknown flag detail {detail!r}")
    parent = codes.SIGNALERING_PARENTS.get(detail)
    if parent and parent != kind:
        raise ValueError(f"Detail {detail} belongs to kind {parent}, not {kind}")
    flag = SafetyFlag.objects.create(
        household=household,
        kind=kind,
        detail=detail,
        note=note.strip(),
        start_date=start_date or clock.today(),
    )
    audit_change(actor=actor, obj=flag, before=None, household_id=household.id, summary="flag")
    return flag


@transaction.atomic
def safety_flag_end(
    *, flag: SafetyFlag, reason: str, actor: Any, end_date: dt.date | None = None
) -> SafetyFlag:
    """Lapse a flag (status VER). The row stays: history is kept, not overwritten."""
    before = snapshot(flag)
    flag.status = codes.SignaleringStatus.VER
    flag.end_date = end_date or clock.today()
    flag.save(update_fields=["status", "end_date"])
    audit_change(
        actor=actor,
        obj=flag,
        before=before,
        household_id=flag.household_id,
        summary="flag ended",
        reason=reason,
    )
    return flag
