"""Reads of the register, with the access rules applied.

The rule lives in ``verbinding.access.selectors`` (docs/adr/0003-access-by-neighbourhood.md); a
household outside one's reach is a 404, never the data.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from verbinding.access import selectors as access
from verbinding.audit.models import AuditAction
from verbinding.audit.services import audit_record
from verbinding.households.models import Household, HouseholdMember, SafetyFlag, Tenancy
from verbinding.vera import codes


def households_for(*, user: Any) -> QuerySet[Household]:
    """Every household this user may open (not yet ordered or annotated): ``access.reach``."""
    return access.reach(user)


def household_ids_for(*, user: Any) -> set[int]:
    """The ids of ``households_for(user)``, fast (a UNION; used by the worklist)."""
    return access.reach_ids(user)


def can_see(*, user: Any, household_id: int | None) -> bool:
    """May this user open this household (one indexed lookup)?"""
    return access.can_see(user, household_id)


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
    if neighbourhood_id or query:
        qs = qs.distinct()  # the joins to tenancies can repeat a household; reach alone cannot
    current = Tenancy.objects.filter(status__in=codes.ACTIVE_TENANCY_STATUSES).select_related(
        "unit__neighbourhood"
    )
    return qs.order_by("name", "id").prefetch_related(
        Prefetch("tenancies", queryset=current, to_attr="current_tenancies")
    )


def household_detail(
    *, user: Any, household_id: int, audit: bool = True, related: tuple[str, ...] = ()
) -> Household:
    """One household file, or 404. Every successful opening is written to the audit log.

    ``related``: more one-to-one relations to read in the same query (the household page asks
    for the tenant's reminder consent)."""
    household = (
        access.one(user, household_id)
        .select_related("owner", *related)
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
        .first()
    )
    if household is None:
        raise Http404
    access.mark_checked(user, household)
    if audit:
        audit_record(
            actor=user,
            action=AuditAction.VIEW,
            obj=household,
            household_id=household.id,
            summary="household page",
        )
    return household
