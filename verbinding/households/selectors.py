"""Reads of the register, with the access rules applied.

The rule lives in ``verbinding.access.selectors`` (docs/adr/0003-access-by-neighbourhood.md); a
household outside one's reach is a 404, never the data.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.functional import cached_property

from verbinding.access import selectors as access
from verbinding.audit.models import AuditAction
from verbinding.audit.services import audit_record
from verbinding.db.ids import HouseholdIds, OneOf
from verbinding.db.prepared import IDS, INT, Prepared
from verbinding.households.models import (
    Household,
    HouseholdMember,
    SafetyFlag,
    Tenancy,
    TenancyIban,
    postcode_display,
    unit_address,
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
    """The households in reach matching a search by name, address, postcode or ERP number (and
    a neighbourhood), by name, with their current tenancies (``current_tenancies``, unit and
    neighbourhood): model instances for the nuisance report's search. The household list's page
    is ``household_list_page``."""
    qs = _matching(households_for(user=user), query, neighbourhood_id)
    current = Tenancy.objects.filter(status__in=codes.ACTIVE_TENANCY_STATUSES).select_related(
        "unit__neighbourhood"
    )
    return qs.order_by("name", "id").prefetch_related(
        Prefetch("tenancies", queryset=current, to_attr="current_tenancies")
    )


def _matching(
    qs: QuerySet[Household], query: str, neighbourhood_id: int | None
) -> QuerySet[Household]:
    """``qs`` narrowed to the search: name, street, postcode or ERP number, and a neighbourhood
    (of any of the household's tenancies)."""
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
    return qs


LIST_PAGE_SIZE = 50


def household_list_page(
    *, user: Any, query: str = "", neighbourhood_id: int | None = None, page: Any = None
) -> Page:
    """One page (``LIST_PAGE_SIZE``, Django's ``Paginator.get_page``) of the household list:
    the households in reach (``access.reach_ids``) matching the search (as ``household_list``),
    by name, each a ``ListedHousehold``.

    Built from the reach's ids rather than ``reach``'s ``id IN (… UNION …)``: PostgreSQL answered
    that by scanning all 100,000 households twice (the count and the page, ~16 ms of CPU). From
    the ids, the unsearched list's count is their number, and its first pages are read along the
    index on (name, id) (``household_name_idx``), stopping after the page (~0.3 ms). Rows are read
    as values, not model instances (docs/benchmarks.md)."""
    ids = HouseholdIds(access.reach_ids(user))
    households = _matching(Household.objects.filter(OneOf("id", ids)), query, neighbourhood_id)
    paginator = _ListPaginator(
        households.order_by("name", "id").values_list("id", "name"),
        None if ids and (query or neighbourhood_id) else len(ids),
    )
    return paginator.get_page(page)


class _ListPaginator(Paginator):  # type: ignore[type-arg]
    """Django's ``Paginator`` over the (id, name) pairs, counted without a query when the count
    is known (the number of ids), whose pages hold the rows of ``_rows``."""

    def __init__(self, households: QuerySet[Any, Any], count: int | None) -> None:
        super().__init__(households, LIST_PAGE_SIZE)
        self.known_count = count

    @cached_property
    def count(self) -> int:
        if self.known_count is not None:
            return self.known_count
        return self.object_list.count()  # type: ignore[attr-defined]

    def _get_page(self, object_list: Any, number: Any, paginator: Any) -> Page:  # type: ignore[type-arg]
        return Page(_rows(list(object_list)) if self.count else [], number, paginator)


CURRENT_TENANCIES = Prepared(
    lambda ids: (
        Tenancy.objects.filter(OneOf("household_id", ids), status__in=codes.ACTIVE_TENANCY_STATUSES)
        .order_by("-start_date", "id")
        .values_list(
            "household_id",
            "unit__street",
            "unit__house_number",
            "unit__house_letter",
            "unit__house_number_addition",
            "unit__postcode",
            "unit__neighbourhood__name",
        )
    ),
    ids=IDS,
)


class ListedTenancy(NamedTuple):
    """A current tenancy on the household list: the unit's address and postcode as shown."""

    address: str
    postcode: str
    neighbourhood: str  # its name


class ListedHousehold(NamedTuple):
    """A row of the household list: its current tenancies newest first."""

    id: int
    name: str
    tenancies: list[ListedTenancy]


def _rows(households: list[tuple[int, str]]) -> list[ListedHousehold]:
    """The page's rows for its (id, name) pairs, in that order (one query for the tenancies)."""
    if not households:
        return []
    tenancies: dict[int, list[ListedTenancy]] = {pk: [] for pk, _name in households}
    for household_id, street, number, letter, addition, postcode, area in CURRENT_TENANCIES.rows(
        ids=HouseholdIds(list(tenancies))
    ):
        tenancies[household_id].append(
            ListedTenancy(
                unit_address(street, number, letter, addition), postcode_display(postcode), area
            )
        )
    return [ListedHousehold(pk, name, tenancies[pk]) for pk, name in households]


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
