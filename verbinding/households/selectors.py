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
from verbinding.db.prepared import INT, Prepared
from verbinding.households.models import (
    Household,
    HouseholdMember,
    SafetyFlag,
    Tenancy,
    TenancyIban,
)
from verbinding.households.present import absent, read_present
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


# The household file's own rows, each a query compiled once per connection (verbinding.db.prepared):
# built by the ORM on every opening they cost ~4 ms of CPU (issue 16). In the ORM's orders (the
# models' default orderings; members by role).
MEMBERS = Prepared(
    lambda pk: (
        HouseholdMember.objects.filter(household_id=pk)
        .select_related("person")
        .order_by("role", "id")
    ),
    pk=INT,
)
TENANCIES = Prepared(
    lambda pk: Tenancy.objects.filter(household_id=pk).select_related(
        "unit__neighbourhood__district"
    ),
    pk=INT,
)
IBANS = Prepared(lambda pk: TenancyIban.objects.filter(tenancy__household_id=pk), pk=INT)
ACTIVE_FLAGS = Prepared(
    lambda pk: SafetyFlag.objects.filter(household_id=pk, status=codes.SignaleringStatus.ACT),
    pk=INT,
)


def household_detail(
    *,
    user: Any,
    household_id: int,
    audit: bool = True,
    related: tuple[str, ...] = (),
    page: bool = False,
) -> Household:
    """One household file, or 404. Every successful opening is written to the audit log.

    With its owner, members (and their persons), tenancies (unit, neighbourhood, district, IBANs)
    and active flags (``active_flags``), read as ``prefetch_related`` would have them.
    ``related``: more one-to-one relations to read in the same query (the household page asks
    for the tenant's reminder consent). ``page``: for the household page, which parts of the file
    have rows at all is read first (``households.present``; one query) and kept on the instance:
    the selectors of the page's sections skip the parts that have none."""
    household = access.household_if_reachable(user, household_id, related=("owner", *related))
    if household is None:
        raise Http404
    pk = household.pk
    if page:
        read_present(household)
    tenancies = TENANCIES.objects(pk=pk)
    ibans: dict[int, list[TenancyIban]] = {t.pk: [] for t in tenancies}
    if tenancies and not absent(household, "ibans"):
        for iban in IBANS.objects(pk=pk):
            ibans[iban.tenancy_id].append(iban)
    for tenancy in tenancies:
        _prefetched(tenancy, "ibans", ibans[tenancy.pk])
    _prefetched(household, "members", MEMBERS.objects(pk=pk))
    _prefetched(household, "tenancies", tenancies)
    household.active_flags = (  # type: ignore[attr-defined]
        [] if absent(household, "flags") else ACTIVE_FLAGS.objects(pk=pk)
    )
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


def _prefetched(instance: Any, name: str, rows: list[Any]) -> None:
    """``rows`` as ``prefetch_related(name)`` leaves them on ``instance`` (a reverse foreign key):
    ``instance.<name>.all()`` gives them without a query, each row knows its ``instance``."""
    manager = getattr(instance, name)
    field = manager.field
    for row in rows:
        field.set_cached_value(row, instance)
    queryset = manager.get_queryset()
    queryset._result_cache = rows
    queryset._prefetch_done = True
    instance.__dict__.setdefault("_prefetched_objects_cache", {})[field.remote_field.cache_name] = (
        queryset
    )
