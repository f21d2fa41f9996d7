"""Reads of cases, with the access rules applied (a case is reachable through its household)."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from verbinding.access import selectors as access
from verbinding.cases.models import Case, CaseStatus
from verbinding.households.models import Household
from verbinding.households.present import absent


def household_in_reach(*, user: Any, household_id: Any) -> Household:
    """The household, or 404 if it is out of this user's reach (or the id is not a number)."""
    household = access.household_if_reachable(user, household_id)
    if household is None:
        raise Http404
    return access.mark_checked(user, household)


def cases_for_household(*, user: Any, household: Household, history: bool = True) -> QuerySet[Case]:
    """The household's cases, newest first, with handler and status history (2 queries; one with
    ``history=False``, for a page that shows no history)."""
    if not access.can_see(user, household) or absent(household, "cases"):
        return Case.objects.none()
    cases = Case.objects.filter(household=household).select_related("handler")
    if history:
        cases = cases.prefetch_related(
            Prefetch("history", queryset=CaseStatus.objects.select_related("by").order_by("at"))
        )
    return cases.order_by("-opened_on", "-id")


def case_detail(*, user: Any, case_id: int) -> Case:
    case = get_object_or_404(
        Case.objects.select_related("household", "handler").prefetch_related(
            Prefetch("history", queryset=CaseStatus.objects.select_related("by").order_by("at"))
        ),
        id=case_id,
    )
    access.require(user, case.household_id)
    access.mark_checked(user, case.household)
    return case
