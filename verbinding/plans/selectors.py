"""Reading the joint plan, with the access rules applied."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from verbinding.access import selectors as access
from verbinding.households.models import Household
from verbinding.households.present import absent
from verbinding.network import selectors as network_selectors
from verbinding.plans.models import Agreement, AgreementStatus, Goal, Plan


@dataclass
class PlanView:
    household: Household
    plan: Plan | None
    goals: list[Goal] = field(default_factory=list)
    agreements: list[Agreement] = field(default_factory=list)
    contacts: list[Any] = field(default_factory=list)  # professionals the tenant can call

    @property
    def open_agreements(self) -> list[Agreement]:
        return [a for a in self.agreements if a.status == "open"]


def plan_view(
    *, user: Any, household: Household, on: dt.date | None = None, full: bool = True
) -> PlanView:
    """The household's current plan with goals, agreements and who to call (about 5 queries).

    ``full=False``: for the household page's summary (goals, agreements and their owners): without
    the plan's advisor, the agreements' goals and their status history (a query less)."""
    if not access.can_see(user, household) or absent(household, "plans"):
        return PlanView(household=household, plan=None)
    plans = Plan.objects.filter(household=household)
    if full:
        plans = plans.select_related("advisor")
    plan = plans.order_by("-created_at", "-id").first()
    view = PlanView(household=household, plan=plan)
    if plan is None:
        return view
    view.goals = list(plan.goals.order_by("id"))
    agreements = plan.agreements.select_related("owner_member", "owner_user")
    if full:
        agreements = agreements.select_related("goal").prefetch_related(
            Prefetch("history", queryset=AgreementStatus.objects.select_related("by"))
        )
    view.agreements = list(agreements.order_by("due_on", "id"))
    entries = network_selectors.network_on(user=user, household=household, on=on)
    view.contacts = [
        e
        for e in entries
        if e.member.category == "professionals" and (e.member.phone or e.member.email)
    ]
    return view


def agreement_in_reach(*, user: Any, agreement_id: int) -> Agreement:
    agreement = get_object_or_404(Agreement.objects.select_related("plan"), id=agreement_id)
    access.require(user, agreement.plan.household_id)
    return agreement
