"""The worklist: every registered source's items for the households a user may open, grouped per
household and ordered by the documented rules (docs/worklist.md):

1. the most urgent item's ``rank`` (lower first);
2. then households without personal contact in the last N days (policy ``recent_contact_days``);
3. then the oldest ``since`` first (the longer it has been waiting, the earlier);
4. then the household name (stable order).

Before ordering, the items the advisor's actions have resolved are dropped or moved
(``resolution``: a visit done, an arrangement in play, a letter's deadline not yet passed).

Queries are bounded whatever the number of households: one for the household ids, one per source,
one contact aggregate for the households with items (what resolves them and what the rows show),
two more for what was done (``resolution.done_for``: arrangements, letters), and two for the page
shown (households with their latest contact channel, addresses).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Max, Min, OuterRef, Q, QuerySet, Subquery
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from verbinding.accounts.models import Role, User
from verbinding.accounts.selectors import colleagues_for
from verbinding.areas.models import Neighbourhood
from verbinding.contacts.models import ContactMoment
from verbinding.db.ids import HouseholdIds, OneOf
from verbinding.db.prepared import DATE, IDS, INT, Prepared
from verbinding.households.models import Household, Tenancy, unit_address
from verbinding.households.selectors import household_ids_for as access_ids_for
from verbinding.vera import codes
from verbinding.web.dates import day_text
from verbinding.web.reversing import reverse_ids
from verbinding.worklist import resolution
from verbinding.worklist.sources import WorkItem, registered_sources


@dataclass
class ContactFacts:
    last_at: dt.datetime | None = None
    last_channel: str = ""
    last_personal_at: dt.datetime | None = None
    next_planned_on: dt.date | None = None
    last_visit_at: dt.datetime | None = None  # for ``resolution`` (a home visit resolves)


@dataclass
class Row:
    """One household on the worklist, with all its items (most urgent first)."""

    household_id: int
    items: list[WorkItem]
    contact: ContactFacts = field(default_factory=ContactFacts)
    recent_personal: bool = False
    name: str = ""
    address: str = ""
    neighbourhood: str = ""
    advisors: list[str] = field(default_factory=list)

    @property
    def url(self) -> str:
        return household_url(self.household_id)

    @property
    def rank(self) -> int:
        return self.items[0].rank

    @property
    def since(self) -> dt.date | None:
        return self.items[0].since

    @property
    def top(self) -> WorkItem:
        return self.items[0]

    @property
    def last_channel_label(self) -> str:
        if not self.contact.last_channel:
            return ""
        return str(codes.CommunicatieKanaal(self.contact.last_channel).label)

    def contact_phrase(self) -> str:
        """'no personal contact since 14 Oct' when the last personal contact is not recent."""
        if self.recent_personal:
            return ""
        if self.contact.last_personal_at is None:
            return _("no personal contact on record")
        from django.utils.timezone import localtime

        return _("no personal contact since %(day)s") % {
            "day": day_text(localtime(self.contact.last_personal_at).date(), "j M")
        }

    @property
    def headline(self) -> str:
        phrase = self.contact_phrase()
        reason = str(self.top.reason)
        return f"{reason.rstrip('.')}, {phrase}" if phrase else reason


def household_url(household_id: int) -> str:
    """The household page (``verbinding.web.reversing``: no ``reverse()`` per row)."""
    return reverse_ids("households:detail", [household_id])


@dataclass
class Worklist:
    rows: list[Row]
    kinds: list[tuple[str, str]]  # (source:kind, label) for the filter
    household_count: int
    recent_days: int


def _sort_key(row: Row) -> tuple[Any, ...]:
    since = row.since or dt.date.max
    return (row.rank, row.recent_personal, since, row.name.lower(), row.household_id)


def item_sort_key(item: WorkItem) -> tuple[Any, ...]:
    return (item.rank, item.since or dt.date.max, item.source, item.kind)


def source_kinds() -> list[tuple[str, str]]:
    """Every kind the registered sources declare (optional ``kinds`` dict on a source), with its
    label in the current language (translated once per process and language)."""
    return list(_source_kinds(get_language()))


@functools.lru_cache(maxsize=16)
def _source_kinds(language: str | None) -> tuple[tuple[str, str], ...]:
    return tuple(
        (f"{source.name}:{kind}", str(label))
        for source in registered_sources()
        for kind, label in getattr(source, "kinds", {}).items()
    )


def household_ids_for(
    *, user: Any, neighbourhood_id: int | None = None, advisor: User | None = None
) -> HouseholdIds:
    """The ids of the households on this user's worklist: ``households_for`` (fast form),
    narrowed to a neighbourhood and/or to an advisor's households (never widened)."""
    ids = access_ids_for(user=user)
    if advisor is not None:
        ids &= access_ids_for(user=advisor)
    if neighbourhood_id and ids:
        # the neighbourhood's households (from its units: ~1 ms at 800 units), kept if in reach;
        # asked with the ids PostgreSQL looked up every tenancy of the reach (~3.5 ms)
        ids &= set(
            Tenancy.objects.filter(unit__neighbourhood_id=neighbourhood_id)
            .order_by()
            .values_list("household_id", flat=True)
        )
    return HouseholdIds(sorted(ids))


def _contact_aggregate(ids: Sequence[int], today: dt.date) -> QuerySet[Any, Any]:
    return (
        ContactMoment.objects.filter(OneOf("household_id", ids))
        .order_by()
        .values("household_id")
        .annotate(
            last=Max("occurred_at"),
            last_personal=Max("occurred_at", filter=Q(channel__in=codes.PERSONAL_CHANNELS)),
            last_visit=Max("occurred_at", filter=Q(channel="BEZ")),
            next_planned=Min(
                "follow_up_on", filter=Q(follow_up_on__gte=today, follow_up_done=False)
            ),
        )
        .values_list("household_id", "last", "last_personal", "last_visit", "next_planned")
    )


# Compiled once per connection (verbinding.db.prepared): building the page's queries cost
# more CPU than running them.
CONTACT_AGGREGATE = Prepared(_contact_aggregate, ids=IDS, today=DATE)


def contact_facts(household_ids: Sequence[int], today: dt.date) -> dict[int, ContactFacts]:
    """Last contact, last personal contact and next planned follow-up: dates only, never notes."""
    return {
        household_id: ContactFacts(
            last_at=last,
            last_personal_at=last_personal,
            next_planned_on=next_planned,
            last_visit_at=last_visit,
        )
        for household_id, last, last_personal, last_visit, next_planned in CONTACT_AGGREGATE.rows(
            ids=household_ids, today=today
        )
    }


def visible_to(item: WorkItem, user: Any, team_member_ids: set[int]) -> bool:
    """An item for a named person is shown to them (and on their team lead's team list)."""
    if item.assignee_id is None or item.assignee_id == user.pk:
        return True
    return item.assignee_id in team_member_ids


def worklist_for(
    *,
    user: Any,
    today: dt.date,
    recent_days: int,
    neighbourhood_id: int | None = None,
    kind: str = "",
    advisor: User | None = None,
    only_without_recent_contact: bool = False,
    team_ids: set[int] | None = None,
) -> Worklist:
    """All rows of this user's worklist (not yet paged; call ``fill_page`` for the shown rows).

    ``team_ids``: a team lead's team members (``colleagues_for``) if the caller read them."""
    ids = household_ids_for(user=user, neighbourhood_id=neighbourhood_id, advisor=advisor)
    if team_ids is None:
        team_ids = set()
        if user.role == Role.TEAM_LEAD:
            team_ids = set(colleagues_for(user=user).values_list("id", flat=True))
    grouped: dict[int, list[WorkItem]] = defaultdict(list)
    if ids:
        for source in registered_sources():
            for item in source.items(household_ids=ids, today=today):
                if kind and f"{item.source}:{item.kind}" != kind and item.source != kind:
                    continue
                if visible_to(item, user, team_ids):
                    grouped[item.household_id].append(item)
    # One contact aggregate for every household with items: what resolves them (a visit, a
    # personal contact) and what the rows show
    contacts = contact_facts(HouseholdIds(sorted(grouped)), today) if grouped else {}
    if grouped:
        rules_by_source = {s.name: resolution.resolutions_of(s) for s in registered_sources()}
        grouped = resolution.resolve(
            dict(grouped),
            rules_by_source,
            today=today,
            recent_days=recent_days,
            contacts={
                hid: (facts.last_visit_at, facts.last_personal_at)
                for hid, facts in contacts.items()
            },
        )
    recent_since = today - dt.timedelta(days=recent_days)
    rows: list[Row] = []
    for household_id, items in grouped.items():
        items.sort(key=item_sort_key)
        facts = contacts.get(household_id, ContactFacts())
        recent = bool(facts.last_personal_at and facts.last_personal_at.date() >= recent_since)
        if only_without_recent_contact and recent:
            continue
        rows.append(Row(household_id, items, facts, recent))
    rows.sort(key=_sort_key)
    return Worklist(rows, source_kinds(), len(ids), recent_days)


def _page_households(ids: Sequence[int]) -> QuerySet[Any, Any]:
    latest_channel = (
        ContactMoment.objects.filter(household_id=OuterRef("pk"))
        .order_by("-occurred_at", "-id")
        .values("channel")[:1]
    )
    return (
        Household.objects.filter(OneOf("id", ids))
        .annotate(last_channel=Subquery(latest_channel))
        .values_list("id", "name", "last_channel", "owner_id")
    )


def _page_addresses(ids: Sequence[int]) -> QuerySet[Any, Any]:
    """The current tenancies' units, newest first per household (the first one is shown)."""
    return (
        Tenancy.objects.filter(OneOf("household_id", ids), status__in=codes.ACTIVE_TENANCY_STATUSES)
        .order_by("household_id", "-start_date")
        .values_list(
            "household_id",
            "unit__street",
            "unit__house_number",
            "unit__house_letter",
            "unit__house_number_addition",
            "unit__neighbourhood__name",
            "unit__neighbourhood_id",
        )
    )


def _area_advisors(team: int) -> QuerySet[Any, Any]:
    """The active advisors of the team's neighbourhoods (a team lead's ``neighbourhoods_for``)."""
    return (
        User.neighbourhoods.through.objects.filter(
            neighbourhood_id__in=Neighbourhood.objects.filter(teams=team).values("id"),
            user__is_active=True,
            user__role=Role.ADVISOR,
        )
        .order_by("user__first_name", "user__last_name")
        .values_list("neighbourhood_id", "user__first_name", "user__last_name", "user__username")
    )


AREA_ADVISORS = Prepared(_area_advisors, team=INT)
PAGE_HOUSEHOLDS = Prepared(_page_households, ids=IDS)
PAGE_ADDRESSES = Prepared(_page_addresses, ids=IDS)


def fill_page(rows: Sequence[Row], *, team_lead: Any = None, today: dt.date | None = None) -> None:
    """Names, addresses, last contact channel (and the advisor, for a team lead) for shown rows.

    For a team lead each row names the household's own advisor (the substitute during a cover);
    a household without one shows the advisors of its neighbourhood."""
    ids = HouseholdIds([r.household_id for r in rows])
    if not ids:
        return
    rows_read = PAGE_HOUSEHOLDS.rows(ids=ids)
    households = {hid: (name, channel or "") for hid, name, channel, _owner in rows_read}
    units: dict[int, tuple[str, str, int]] = {}
    for household_id, street, number, letter, addition, area, area_id in PAGE_ADDRESSES.rows(
        ids=ids
    ):
        if household_id not in units:
            units[household_id] = (unit_address(street, number, letter, addition), area, area_id)
    advisors_by_area: dict[int, list[str]] = defaultdict(list)
    if team_lead is not None and team_lead.team_id is not None:
        for area_id, first_name, last_name, username in AREA_ADVISORS.rows(team=team_lead.team_id):
            name = User(first_name=first_name, last_name=last_name, username=username)
            advisors_by_area[area_id].append(str(name))
    owners = {}
    if team_lead is not None:
        from verbinding import clock
        from verbinding.households.ownership import owners_from

        owners = owners_from(
            ((hid, owner) for hid, _n, _c, owner in rows_read), today or clock.today()
        )
    for row in rows:
        row.name, row.contact.last_channel = households.get(row.household_id, ("", ""))
        address, area, area_id = units.get(row.household_id, ("", "", 0))
        row.address, row.neighbourhood = address, area
        owner = owners.get(row.household_id)
        row.advisors = [str(owner.today)] if owner else advisors_by_area.get(area_id, [])
