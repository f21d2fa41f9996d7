"""Writes to the network map: adding people, appending tie versions, recording consent."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from verbinding import clock
from verbinding.audit.services import audit_change, snapshot
from verbinding.households.models import Household
from verbinding.network.models import (
    Category,
    Consent,
    ConsentKind,
    LegalBasis,
    NetworkMember,
    Strength,
    Support,
    SupportRole,
    Tie,
)


class NetworkError(ValueError):
    pass


def _check_tie(strength: str, support: str) -> None:
    if strength not in Strength.values:
        raise NetworkError(f"Unknown strength {strength!r}")
    if support not in Support.values:
        raise NetworkError(f"Unknown support direction {support!r}")


@transaction.atomic
def member_add(
    *,
    household: Household,
    name: str,
    category: str,
    actor: Any,
    strength: str = Strength.NORMAL,
    stressful: bool = False,
    support: str = Support.UNKNOWN,
    role: str = "",
    organisation: str = "",
    phone: str = "",
    email: str = "",
    note: str = "",
    on: dt.date | None = None,
) -> NetworkMember:
    """Add a person or organisation to the map, with their first tie (valid from ``on``)."""
    if not name.strip():
        raise NetworkError("A name is needed.")
    if category not in Category.values:
        raise NetworkError(f"Unknown category {category!r}")
    if role and role not in SupportRole.values:
        raise NetworkError(f"Unknown role {role!r}")
    _check_tie(strength, support)
    member = NetworkMember.objects.create(
        household=household,
        name=name.strip(),
        category=category,
        role=role,
        organisation=organisation.strip(),
        phone=phone.strip(),
        email=email.strip(),
        created_by=actor,
    )
    tie = Tie.objects.create(
        member=member,
        strength=strength,
        stressful=stressful,
        support=support,
        note=note.strip(),
        valid_from=on or clock.today(),
        recorded_by=actor,
    )
    audit_change(actor=actor, obj=member, before=None, household_id=household.id, summary="network")
    audit_change(
        actor=actor, obj=tie, before=None, household_id=household.id, summary="network tie"
    )
    return member


class StaleEdit(NetworkError):
    """The record changed since the form was opened."""


@transaction.atomic
def member_update_details(
    *,
    member: NetworkMember,
    actor: Any,
    name: str,
    category: str,
    role: str = "",
    organisation: str = "",
    phone: str = "",
    email: str = "",
    version: int | None = None,
) -> NetworkMember:
    """Correct who someone is and how to reach them (the tie itself is versioned separately).

    ``version`` is the version the form was filled in on: if someone else saved in between, the
    edit is refused (``StaleEdit``) instead of silently overwriting theirs."""
    if category not in Category.values or (role and role not in SupportRole.values):
        raise NetworkError("Unknown category or role.")
    member = NetworkMember.objects.select_for_update().get(pk=member.pk)
    if version is not None and version != member.version:
        raise StaleEdit(_("Someone else changed this meanwhile. Check the details and try again."))
    before = snapshot(member)
    member.version += 1
    member.name, member.category, member.role = name.strip() or member.name, category, role
    member.organisation, member.phone, member.email = organisation.strip(), phone.strip(), email
    member.save()
    audit_change(
        actor=actor,
        obj=member,
        before=before,
        household_id=member.household_id,
        summary="network member",
    )
    return member


def current_tie(member: NetworkMember) -> Tie | None:
    return member.ties.filter(valid_to__isnull=True).order_by("-valid_from", "-id").first()


@transaction.atomic
def tie_change(
    *,
    member: NetworkMember,
    actor: Any,
    strength: str,
    stressful: bool,
    support: str,
    note: str = "",
    on: dt.date | None = None,
) -> Tie:
    """Append a new version of the tie from ``on`` (today); the previous version ends then."""
    _check_tie(strength, support)
    on = on or clock.today()
    previous = (
        Tie.objects.select_for_update()
        .filter(member=member, valid_to__isnull=True)
        .order_by("-valid_from", "-id")
        .first()
    )
    if previous is not None:
        if previous.valid_from > on:
            raise NetworkError("A change cannot start before the current version.")
        before = snapshot(previous)
        previous.valid_to = on
        previous.save(update_fields=["valid_to"])
        audit_change(
            actor=actor,
            obj=previous,
            before=before,
            household_id=member.household_id,
            summary="network tie ended",
        )
    tie = Tie.objects.create(
        member=member,
        strength=strength,
        stressful=stressful,
        support=support,
        note=note.strip(),
        valid_from=on,
        recorded_by=actor,
    )
    audit_change(
        actor=actor, obj=tie, before=None, household_id=member.household_id, summary="network tie"
    )
    return tie


@transaction.atomic
def tie_end(*, member: NetworkMember, actor: Any, on: dt.date | None = None) -> None:
    """Take someone off the map from ``on``; earlier maps still show them."""
    on = on or clock.today()
    for tie in Tie.objects.select_for_update().filter(member=member, valid_to__isnull=True):
        before = snapshot(tie)
        tie.valid_to = max(on, tie.valid_from)
        tie.save(update_fields=["valid_to"])
        audit_change(
            actor=actor,
            obj=tie,
            before=before,
            household_id=member.household_id,
            summary="network tie ended",
        )


@transaction.atomic
def consent_record(
    *,
    member: NetworkMember,
    kind: str,
    given: bool,
    purpose: str,
    actor: Any,
    legal_basis: str = LegalBasis.CONSENT,
    decided_on: dt.date | None = None,
) -> Consent:
    """Record a decision on contacting or sharing, with its purpose and legal basis (AVG)."""
    if kind not in ConsentKind.values:
        raise NetworkError(f"Unknown consent kind {kind!r}")
    if legal_basis not in LegalBasis.values:
        raise NetworkError(f"Unknown legal basis {legal_basis!r}")
    if not purpose.strip():
        raise NetworkError("Record the purpose.")
    consent = Consent.objects.create(
        member=member,
        kind=kind,
        given=given,
        purpose=purpose.strip(),
        legal_basis=legal_basis,
        decided_on=decided_on or clock.today(),
        recorded_by=actor,
    )
    audit_change(
        actor=actor,
        obj=consent,
        before=None,
        household_id=member.household_id,
        summary="network consent",
    )
    return consent
