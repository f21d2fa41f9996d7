"""Reads of cases, with the access rules applied (a case is reachable through its household)."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from verbinding.cases.models import Case, CaseStatus
from verbinding.households.models import Household
from verbinding.households.selectors import households_for


def household_in_reach(*, user: Any, household_id: Any) -> Household:
    """The household, or 404 if it is out of this user's reach (or the id is not a number)."""
    try:
        pk = int(household_id)
    except (TypeError, ValueError):
        pk = 0
    return get_object_or_404(households_for(user=user), id=pk)


def cases_for_household(*, user: Any, household: Household) -> QuerySet[Case]:
    """The household's cases, newest first, with handler and status history (2 queries)."""
    return (
        Case.objects.filter(household__in=households_for(user=user).filter(id=household.id))
        .select_related("handler")
        .prefetch_related(
            Prefetch("history", queryset=CaseStatus.objects.select_related("by").order_by("at"))
        )
        .order_by("-opened_on", "-id")
    )


def case_detail(*, user: Any, case_id: int) -> Case:
    return get_object_or_404(
        Case.objects.filter(household__in=households_for(user=user))
        .select_related("household", "handler")
        .prefetch_related(
            Prefetch("history", queryset=CaseStatus.objects.select_related("by").order_by("at"))
        ),
        id=case_id,
    )
