"""Writes to the joint plan. Every write is audited in the same transaction."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from verbinding import clock
from verbinding.audit.services import audit_change, snapshot
from verbinding.households.models import Household
from verbinding.network.models import Category, NetworkMember
from verbinding.plans.models import (
    Agreement,
    AgreementState,
    AgreementStatus,
    Goal,
    OwnerKind,
    Plan,
)
from verbinding.plans.rules import AGREEMENT_TRANSITIONS


class PlanError(ValueError):
    pass


class TransitionNotAllowed(PlanError):
    pass


class StaleStatus(TransitionNotAllowed):
    """The status changed after the user's page showed it."""


@transaction.atomic
def plan_for_household(*, household: Household, actor: Any) -> Plan:
    """The household's plan; started (with ``actor`` as the advisor to call) if none.

    Parallel first goals cannot start two plans: the household row is locked (PostgreSQL) and a
    unique constraint holds one plan per household; the loser of a race gets the winner's plan."""
    Household.objects.select_for_update().filter(pk=household.pk).first()
    plan = Plan.objects.filter(household=household).first()
    if plan is not None:
        return plan
    try:
        with transaction.atomic():
            plan = Plan.objects.create(household=household, advisor=actor, created_by=actor)
    except IntegrityError:  # another request started it meanwhile (SQLite has no row locks)
        return Plan.objects.get(household=household)
    audit_change(actor=actor, obj=plan, before=None, household_id=household.id, summary="plan")
    return plan


@transaction.atomic
def goal_add(*, plan: Plan, text: str, actor: Any) -> Goal:
    """A goal, written down in the tenant's own words (not rephrased)."""
    if not text.strip():
        raise PlanError("A goal needs words.")
    goal = Goal.objects.create(plan=plan, text=text.strip(), created_by=actor)
    audit_change(
        actor=actor, obj=goal, before=None, household_id=plan.household_id, summary="plan goal"
    )
    return goal


@transaction.atomic
def agreement_add(
    *,
    plan: Plan,
    what: str,
    owner_kind: str,
    actor: Any,
    due_on: dt.date | None = None,
    owner_member: NetworkMember | None = None,
    owner_user: Any = None,
    owner_name: str = "",
    goal: Goal | None = None,
) -> Agreement:
    """An agreement with one owner: the tenant, a network member, the advisor or an agency."""
    if not what.strip():
        raise PlanError("Say what was agreed.")
    if owner_kind not in OwnerKind.values:
        raise PlanError(f"Unknown owner {owner_kind!r}")
    if owner_member is not None and owner_member.household_id != plan.household_id:
        raise PlanError("That person is not in this household's network.")
    if goal is not None and goal.plan_id != plan.id:
        raise PlanError("That goal belongs to another plan.")
    if owner_kind == OwnerKind.ADVISOR:
        owner_user = owner_user or actor
        owner_member = None
    elif owner_kind == OwnerKind.TENANT:
        owner_member, owner_user = None, None
    else:
        owner_user = None
        if owner_member is None and not owner_name.strip():
            raise PlanError("Say who does it.")
    if owner_member is not None and not owner_name:
        owner_name = owner_member.name
    agreement = Agreement.objects.create(
        plan=plan,
        goal=goal,
        what=what.strip(),
        owner_kind=owner_kind,
        owner_member=owner_member,
        owner_user=owner_user,
        owner_name=owner_name.strip(),
        due_on=due_on,
        status=AgreementState.OPEN,
        created_by=actor,
    )
    AgreementStatus.objects.create(
        agreement=agreement, status=AgreementState.OPEN, at=clock.now(), by=actor
    )
    audit_change(
        actor=actor,
        obj=agreement,
        before=None,
        household_id=plan.household_id,
        summary="plan agreement",
    )
    return agreement


def owner_kind_for(member: NetworkMember) -> str:
    return OwnerKind.AGENCY if member.category == Category.PROFESSIONALS else OwnerKind.NETWORK


@transaction.atomic
def agreement_change_status(
    *, agreement: Agreement, status: str, actor: Any, note: str = "", seen: str | None = None
) -> Agreement:
    """Append a status; refuse a transition that ``rules.AGREEMENT_TRANSITIONS`` does not allow.

    ``seen`` is the status the user's page showed: if it changed since (a second tab, a
    colleague), the change is refused (``StaleStatus``) rather than applied on top."""
    agreement = Agreement.objects.select_for_update().select_related("plan").get(pk=agreement.pk)
    if seen is not None and seen != agreement.status:
        raise StaleStatus(
            _("Someone else changed this agreement meanwhile: it is now “%(status)s”.")
            % {"status": agreement.get_status_display()}
        )
    if status not in AGREEMENT_TRANSITIONS.get(agreement.status, ()):
        raise TransitionNotAllowed(f"An agreement cannot go from {agreement.status} to {status}.")
    before = snapshot(agreement)
    AgreementStatus.objects.create(
        agreement=agreement, status=status, at=clock.now(), by=actor, note=note.strip()
    )
    agreement.status = status
    agreement.save(update_fields=["status"])
    audit_change(
        actor=actor,
        obj=agreement,
        before=before,
        household_id=agreement.plan.household_id,
        summary="plan agreement status",
        reason=note,
    )
    return agreement
