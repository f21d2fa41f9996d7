"""Who may open which household: the one access rule (docs/adr/0003-access-by-neighbourhood.md).

- An advisor sees the households renting a unit in their neighbourhoods, counted only as far as
  those neighbourhoods belong to the advisor's team (an advisor who moves team loses the old area),
  plus the households of the **open** cases they handle.
- A team lead sees the team's neighbourhoods plus the team's **open** cases (not members' old ones).
- A household whose tenancy in the area ended stays reachable for
  ``settings.VERBINDING_REACH_AFTER_TENANCY_END_MONTHS`` months (default 6) after the end date.
- Break-the-glass: a grant (``AccessGrant``) opens one household until it expires.
- A manager and the privacy officer open no household files.

``reach(user)`` is the queryset for lists; ``can_see(user, household_id)`` answers for one
household with one indexed query (no list of ids is built).
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from verbinding import clock
from verbinding.access.models import AccessGrant
from verbinding.accounts.models import Role, Team, User
from verbinding.areas.models import Neighbourhood
from verbinding.cases.models import Case
from verbinding.db.ids import InArrayOf
from verbinding.db.prepared import DATE, DATETIME, INT, Prepared
from verbinding.households.models import Household, Tenancy
from verbinding.vera import codes

MAX_ID = 2**63


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` months earlier (the last day of a shorter month)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def tenancy_cutoff(today: dt.date | None = None) -> dt.date:
    """Tenancies that ended before this day no longer give access."""
    months = int(getattr(settings, "VERBINDING_REACH_AFTER_TENANCY_END_MONTHS", 6))
    return months_before(today or clock.today(), months)


def _works_with_households(user: Any) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and getattr(user, "is_active", False)
        and user.role in (Role.ADVISOR, Role.TEAM_LEAD)
    )


def neighbourhoods(user: Any) -> QuerySet[Neighbourhood]:
    """The neighbourhoods whose households this user may open."""
    if not _works_with_households(user):
        return Neighbourhood.objects.none()
    return _areas(user.role, user.pk, user.team_id)


def _areas(role: str, user_id: int, team_id: int | None) -> QuerySet[Neighbourhood]:
    if role == Role.ADVISOR:
        qs = Neighbourhood.objects.filter(advisors=user_id)
        if team_id:
            qs = qs.filter(teams=team_id)
        return qs
    if team_id:
        return Neighbourhood.objects.filter(teams=team_id)
    return Neighbourhood.objects.none()


def _parts(user: Any) -> tuple[QuerySet[Any], QuerySet[Any], QuerySet[Any]] | None:
    """The rule as three household-id subqueries: by area, by open case, by grant."""
    if not _works_with_households(user):
        return None
    return _parts_of(user.role, user.pk, user.team_id, tenancy_cutoff(), clock.now())


def _area_ids(role: str, user_id: int, team_id: int | None) -> QuerySet[Any]:
    """The ids of ``_areas(...)`` from the assignment tables alone (no join to the
    neighbourhoods: it only made the reach slower to plan)."""
    if not team_id:
        if role == Role.ADVISOR:
            return User.neighbourhoods.through.objects.filter(user_id=user_id).values(
                "neighbourhood_id"
            )
        return Neighbourhood.objects.none().values("id")
    by_team = Team.neighbourhoods.through.objects.filter(team_id=team_id).values("neighbourhood_id")
    if role == Role.ADVISOR:
        return User.neighbourhoods.through.objects.filter(
            user_id=user_id, neighbourhood_id__in=by_team
        ).values("neighbourhood_id")
    return by_team


def _parts_of(
    role: str,
    user_id: int,
    team_id: int | None,
    cutoff: dt.date,
    now: dt.datetime,
    *,
    ids_as_array: bool = False,
) -> tuple[QuerySet[Any], QuerySet[Any], QuerySet[Any]]:
    """The three parts of the rule; ``ids_as_array``: the area's part with the neighbourhood ids
    as an array (``InArrayOf``, one index range each), the form ``reach_ids`` runs (see
    ``_compiled``)."""
    current = Q(end_date__isnull=True) | Q(end_date__gte=cutoff)
    # The tenancy's own copy of its unit's neighbourhood (kept by the database: households.triggers)
    areas = _area_ids(role, user_id, team_id)
    if ids_as_array:
        in_areas: Any = InArrayOf("neighbourhood_id", areas)
    else:
        in_areas = Q(neighbourhood_id__in=areas)
    in_area = Tenancy.objects.filter(current, in_areas).values("household_id")
    if role == Role.TEAM_LEAD:
        case_filter = Q(handler__team=team_id) if team_id else Q(pk__in=[])
    else:
        case_filter = Q(handler=user_id)
    by_case = (
        Case.objects.filter(case_filter)
        .exclude(status__in=codes.CLOSED_CASE_STATUSES)
        .values("household_id")
    )
    by_grant = AccessGrant.objects.filter(user=user_id, expires_at__gt=now).values("household_id")
    return in_area, by_case, by_grant


def reach(user: Any) -> QuerySet[Household]:
    """Every household this user may open (not yet ordered or annotated).

    One ``id IN (… UNION …)``: with ``id IN (…) OR id IN (…) OR id IN (…)`` PostgreSQL cannot
    use the subqueries' indexes and tests every household (at 100,000 households the household
    list's count and page took ~110 ms each; docs/benchmarks.md)."""
    parts = _parts(user)
    if parts is None:
        return Household.objects.none()
    in_area, by_case, by_grant = (p.order_by() for p in parts)
    return Household.objects.filter(id__in=in_area.union(by_case, by_grant))


def reach_ids(user: Any) -> set[int]:
    """The ids of ``reach(user)``, as a UNION ALL (PostgreSQL scans every household with the OR).

    The query is compiled once per shape of the rule (see ``_compiled``): building it cost more
    than running it."""
    if not _works_with_households(user):
        return set()
    if not _preparable(user):
        parts = _parts(user)
        assert parts is not None
        in_area, by_case, by_grant = (p.order_by() for p in parts)
        return set(
            in_area.union(by_case, by_grant, all=True).values_list("household_id", flat=True)
        )
    return set(_compiled(IDS_IN_REACH, user.role, bool(user.team_id)).flat(**_rule_values(user)))


def _household_pk(household_id: Any) -> int | None:
    try:
        pk = int(household_id)
    except (TypeError, ValueError):
        return None
    if not 0 < pk < MAX_ID:  # a number the database cannot hold is no household (not a 500)
        return None
    return pk


def _one_of(
    parts: tuple[QuerySet[Any], QuerySet[Any], QuerySet[Any]], pk: int
) -> QuerySet[Household]:
    in_area, by_case, by_grant = parts
    return Household.objects.filter(
        Q(Exists(in_area.filter(household_id=OuterRef("pk"))))
        | Q(Exists(by_case.filter(household_id=OuterRef("pk"))))
        | Q(Exists(by_grant.filter(household_id=OuterRef("pk")))),
        pk=pk,
    )


def one(user: Any, household_id: Any) -> QuerySet[Household]:
    """The household with this id if this user may open it, else an empty queryset: three
    indexed EXISTS on the one id (no list of the user's households is built)."""
    pk = _household_pk(household_id)
    parts = _parts(user) if pk is not None else None
    if pk is None or parts is None:
        return Household.objects.none()
    return _one_of(parts, pk)


def household_if_reachable(
    user: Any, household_id: Any, related: tuple[str, ...] = ()
) -> Household | None:
    """``one(user, household_id).select_related(*related).first()``, with the query compiled once
    per shape of the rule (see ``_compiled``): building the three ``EXISTS`` cost ~2.5 ms of CPU
    on every household page, contact and timeline (docs/benchmarks.md)."""
    pk = _household_pk(household_id)
    if pk is None or not _works_with_households(user):
        return None
    if not _preparable(user):
        return _with_related(one(user, pk), related).first()
    found = _compiled(ONE_HOUSEHOLD, user.role, bool(user.team_id), related).objects(
        **_rule_values(user), pk=pk
    )
    return found[0] if found else None


def _with_related(households: QuerySet[Household], related: tuple[str, ...]) -> QuerySet[Household]:
    # ``select_related()`` with no names would follow every non-null foreign key (a household has
    # none today, so this keeps the query as asked rather than changing it)
    return households.select_related(*related) if related else households


IDS_IN_REACH = "ids"
ONE_HOUSEHOLD = "one"


def _preparable(user: Any) -> bool:
    """A team lead without a team has an empty case rule (``pk__in=[]``), whose SQL is not the
    same shape as the others': that one rule is built by the ORM each time."""
    return not (user.role == Role.TEAM_LEAD and not user.team_id)


def _rule_values(user: Any) -> dict[str, Any]:
    """This user's values for a compiled rule (see ``_compiled``)."""
    values = {"user_id": user.pk, "cutoff": tenancy_cutoff(), "now": clock.now()}
    if user.team_id:
        values["team_id"] = user.team_id
    return values


@cache
def _compiled(query: str, role: str, with_team: bool, related: tuple[str, ...] = ()) -> Any:
    """The access rule as one query compiled once per connection (``verbinding.db.prepared``)
    for a shape of the rule (role, with or without a team): the household ids in reach
    (``IDS_IN_REACH``) or one household's row if it is in reach (``ONE_HOUSEHOLD``, with ``pk``;
    with ``related``, the household with those one-to-one relations, as ``select_related``)."""

    def build(**values: Any) -> QuerySet[Any]:
        parts = _parts_of(
            role,
            values["user_id"],
            values.get("team_id"),
            values["cutoff"],
            values["now"],
            ids_as_array=query == IDS_IN_REACH,
        )
        if query == ONE_HOUSEHOLD:
            return _with_related(_one_of(parts, values["pk"]).order_by(), related)
        in_area, by_case, by_grant = (p.order_by() for p in parts)
        # UNION ALL: the caller makes a set; de-duplicating in PostgreSQL cost ~0.2-0.8 ms.
        # The area's tenancies by their neighbourhood ids (``ids_as_array``): one range of
        # ``tenancy_area_idx`` per neighbourhood, no join (an advisor's 1,600 units were 1,600
        # index probes: 2-4 ms -> 0.25 ms, docs/benchmarks.md)
        return in_area.union(by_case, by_grant, all=True).values_list("household_id", flat=True)

    kinds = {"user_id": INT, "cutoff": DATE, "now": DATETIME}
    if with_team:
        kinds["team_id"] = INT
    if query == ONE_HOUSEHOLD:
        kinds["pk"] = INT
    return Prepared(build, **kinds)


_CHECKED = "_access_checked_for"


def mark_checked(user: Any, household: Household) -> Household:
    """Remember on the instance that ``user`` may open it (set by the household selectors)."""
    setattr(household, _CHECKED, getattr(user, "pk", None))
    return household


def can_see(user: Any, household: Household | int | None) -> bool:
    """May this user open this household? One query, or none when the instance was loaded
    through the access check for this very user in this request."""
    if household is None:
        return False
    if isinstance(household, Household):
        if getattr(household, _CHECKED, object()) == getattr(user, "pk", None):
            return True
        household_id: Any = household.pk
    else:
        household_id = household
    return household_if_reachable(user, household_id) is not None


def require(user: Any, household_id: Any) -> None:
    """Raise 404 unless this user may open the household."""
    if not can_see(user, household_id):
        raise Http404


def visible_ids(user: Any, household_ids: list[int]) -> set[int]:
    """Which of these households this user may open (one query, for a handful of ids)."""
    if not household_ids:
        return set()
    return set(reach(user).filter(id__in=household_ids).values_list("id", flat=True))
