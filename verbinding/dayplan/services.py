"""Writes of the day plan: choose today's households, and record 'not at home' with a card."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from verbinding import clock
from verbinding.audit.models import AuditAction
from verbinding.audit.services import audit_record
from verbinding.contacts import services as contacts
from verbinding.contacts.models import Outcome
from verbinding.dayplan.models import DayPlan, PlannedVisit, VisitOutcome
from verbinding.dayplan.rules import walking_order
from verbinding.households.models import Household
from verbinding.households.selectors import households_for

MAX_VISITS = 40


class DayPlanError(ValueError):
    """A day plan that cannot be saved (the message is for the user)."""


@transaction.atomic
def day_plan_set(
    *, actor: Any, day: dt.date, household_ids: Collection[int], today: dt.date
) -> DayPlan:
    """Choose the households for ``actor``'s round on ``day`` (today or later), in walking order.

    Households already visited or left a card keep their outcome; the others are replaced by the
    new choice. Only households the advisor may open can be planned.
    """
    if day < today:
        raise DayPlanError(_("A round cannot be planned in the past."))
    ids = set(household_ids)
    if len(ids) > MAX_VISITS:
        raise DayPlanError(_("At most %(n)d households in one round.") % {"n": MAX_VISITS})
    reachable = set(households_for(user=actor).filter(id__in=ids).values_list("id", flat=True))
    if ids - reachable:
        raise DayPlanError(_("Some of these households are not yours to visit."))
    try:
        with transaction.atomic():
            plan, _created = DayPlan.objects.get_or_create(advisor=actor, day=day)
    except IntegrityError:  # two tabs at once: the other one created it
        plan = DayPlan.objects.get(advisor=actor, day=day)
    plan = DayPlan.objects.select_for_update().get(pk=plan.pk)
    kept = set(
        plan.visits.exclude(outcome=VisitOutcome.PLANNED).values_list("household_id", flat=True)
    )
    plan.visits.filter(outcome=VisitOutcome.PLANNED).delete()
    households = list(
        Household.objects.filter(id__in=ids | kept).prefetch_related("tenancies__unit")
    )

    def key(household: Household) -> tuple[Any, ...]:
        tenancy = next(iter(household.tenancies.all()), None)
        return walking_order(tenancy.unit) if tenancy else ("~",)

    households.sort(key=key)
    existing = {v.household_id: v for v in plan.visits.all()}
    for position, household in enumerate(households, start=1):
        visit = existing.get(household.id)
        if visit is None:
            PlannedVisit.objects.create(plan=plan, household=household, position=position)
        elif visit.position != position:
            visit.position = position
            visit.save(update_fields=["position"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=plan,
        summary="day plan",
        after={"day": day.isoformat(), "households": len(households)},
    )
    return plan


@transaction.atomic
def visit_not_home(*, visit: PlannedVisit, actor: Any) -> PlannedVisit:
    """Rang, nobody home, a 'niet thuis' card left: one tap records the failed attempt."""
    visit = PlannedVisit.objects.select_for_update().select_related("plan").get(pk=visit.pk)
    if visit.plan.advisor_id != actor.pk:
        raise DayPlanError(_("This visit is on someone else's round."))
    if visit.outcome != VisitOutcome.PLANNED:
        return visit  # a second tap records nothing twice
    visit.contact = contacts.contact_record(
        household=visit.household,
        channel="BEZ",
        outcome=Outcome.CARD_LEFT,
        actor=actor,
        note=_("Not at home; a card with my phone number left in the letterbox."),
        occurred_at=clock.now(),
    )
    visit.outcome = VisitOutcome.NOT_HOME
    visit.save(update_fields=["contact", "outcome"])
    return visit
