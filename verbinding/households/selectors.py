"""Reads of the register, with the access rules applied.

The rule (see docs/adr/0003-access-by-neighbourhood.md): an advisor sees the households that rent a
unit in one of their neighbourhoods, and those of cases assigned to them; a team lead sees those of
the team's neighbourhoods and the team's cases; a manager and the privacy officer see no household
files. A household outside one's reach is a 404, never the data.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from verbinding.accounts.models import Role
from verbinding.accounts.selectors import neighbourhoods_for
from verbinding.audit.models import AuditAction
from verbinding.audit.services import audit_record
from verbinding.cases.models import Case
from verbinding.households.models import Household, HouseholdMember, SafetyFlag, Tenancy
from verbinding.vera import codes


def _access_parts(user: Any) -> tuple[QuerySet[Any], QuerySet[Any]] | None:
    """The access rule as two household-id subqueries: by neighbourhood, by case."""
    if not getattr(user, "is_authenticated", False) or not user.works_with_households:
        return None
    neighbourhood_ids = neighbourhoods_for(user=user).values("id")
    in_area = Tenancy.objects.filter(unit__neighbourhood__in=neighbourhood_ids).values(
        "household_id"
    )
    if user.role == Role.TEAM_LEAD and user.team_id:
        case_filter = Q(handler__team=user.team_id)
    else:
        case_filter = Q(handler=user)
    by_case = Case.objects.filter(case_filter).values("household_id")
    return in_area, by_case


def households_for(*, user: Any) -> QuerySet[Household]:
    """Every household this user may open (not yet ordered or annotated)."""
    parts = _access_parts(user)
    if parts is None:
        return Household.objects.none()
    in_area, by_case = parts
    return Household.objects.filter(Q(id__in=in_area) | Q(id__in=by_case))


def household_ids_for(*, user: Any) -> set[int]:
    """The ids of ``households_for(user)``, fast: a UNION of the two parts instead of an OR
    (with which PostgreSQL scans every household; used by the worklist)."""
    parts = _access_parts(user)
    if parts is None:
        return set()
    in_area, by_case = parts
    return set(in_area.order_by().union(by_case.order_by()).values_list("household_id", flat=True))


def household_list(
    *, user: Any, query: str = "", neighbourhood_id: int | None = None
) -> QuerySet[Household]:
    """The households list: searchable by name, address, postcode or ERP number."""
    qs = households_for(user=user)
    if neighbourhood_id:
        qs = qs.filter(tenancies__unit__neighbourhood_id=neighbourhood_id)
    if query:
        q = query.strip()
        qs = qs.filter(
            Q(name__icontains=q)
            | Q(external_id__iexact=q)
            | Q(tenancies__unit__street__icontains=q)
            | Q(tenancies__unit__postcode__iexact=q.replace(" ", "").upper())
        )
    current = Tenancy.objects.filter(status__in=codes.ACTIVE_TENANCY_STATUSES).select_related(
        "unit__neighbourhood"
    )
    return (
        qs.distinct()
        .order_by("name", "id")
        .prefetch_related(Prefetch("tenancies", queryset=current, to_attr="current_tenancies"))
    )


def household_detail(*, user: Any, household_id: int, audit: bool = True) -> Household:
    """One household file, or 404. Every successful opening is written to the audit log."""
    household = (
        households_for(user=user)
        .prefetch_related(
            Prefetch(
                "members",
                queryset=HouseholdMember.objects.select_related("person").order_by("role", "id"),
            ),
            Prefetch(
                "tenancies",
                queryset=Tenancy.objects.select_related(
                    "unit__neighbourhood__district"
                ).prefetch_related("ibans"),
            ),
            Prefetch(
                "flags",
                queryset=SafetyFlag.objects.filter(status=codes.SignaleringStatus.ACT),
                to_attr="active_flags",
            ),
        )
        .filter(id=household_id)
        .first()
    )
    if household is None:
        raise Http404
    if audit:
        audit_record(
            actor=user,
            action=AuditAction.VIEW,
            obj=household,
            household_id=household.id,
            summary="household page",
        )
    return household
