"""Reading the network map, as it is today or as it was on an earlier date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from verbinding import clock
from verbinding.access import selectors as access
from verbinding.households.models import Household
from verbinding.households.present import absent
from verbinding.network import ecomap
from verbinding.network.models import Consent, NetworkMember, Tie


@dataclass
class MapEntry:
    member: NetworkMember
    tie: Tie
    consents: dict[str, Consent] = field(default_factory=dict)  # kind -> newest decision

    @property
    def may_contact(self) -> bool | None:
        c = self.consents.get("contact")
        return None if c is None else c.given

    @property
    def may_share(self) -> bool | None:
        c = self.consents.get("share")
        return None if c is None else c.given


def network_on(*, user: Any, household: Household, on: dt.date | None = None) -> list[MapEntry]:
    """The map as it stood on ``on`` (default today): 2 queries whatever its size, none when it
    was read for this user and day on this very instance before (the household page shows it in
    the network section and the plan's "who to call")."""
    on = on or clock.today()
    if not access.can_see(user, household) or absent(household, "network"):
        return []
    read: dict[tuple[Any, dt.date], list[MapEntry]] = household.__dict__.setdefault(
        "_network_on", {}
    )
    key = (getattr(user, "pk", None), on)
    if key not in read:
        read[key] = _network_on(household, on)
    return list(read[key])


def _network_on(household: Household, on: dt.date) -> list[MapEntry]:
    ties = (
        Tie.objects.filter(member__household=household, valid_from__lte=on)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=on))
        .select_related("member")
        .order_by("member__category", "member__name", "member_id", "-valid_from", "-id")
    )
    entries: dict[int, MapEntry] = {}
    for tie in ties:
        entries.setdefault(tie.member_id, MapEntry(member=tie.member, tie=tie))
    if entries:
        for consent in Consent.objects.filter(
            member_id__in=list(entries), decided_on__lte=on
        ).order_by("decided_on", "id"):
            entries[consent.member_id].consents[consent.kind] = consent
    return list(entries.values())


def change_dates(*, user: Any, household: Household) -> list[dt.date]:
    """The dates on which the map changed, newest first (for 'show as it was on')."""
    if not access.can_see(user, household):
        return []
    rows = Tie.objects.filter(member__household=household).values_list("valid_from", "valid_to")
    dates = {d for pair in rows for d in pair if d is not None}
    return sorted(dates, reverse=True)


def member_in_reach(*, user: Any, member_id: int) -> NetworkMember:
    member = get_object_or_404(NetworkMember.objects.select_related("household"), id=member_id)
    access.require(user, member.household_id)
    access.mark_checked(user, member.household)
    return member


def ecomap_svg(*, household: Household, entries: list[MapEntry], on: dt.date) -> str:
    nodes = [
        ecomap.Node(
            name=e.member.name,
            category=e.member.category,
            strength=e.tie.strength,
            stressful=e.tie.stressful,
            support=e.tie.support,
            subtitle=str(
                e.member.get_role_display() if e.member.role else e.member.get_category_display()
            ),
        )
        for e in entries
    ]
    title = _("Network map of %(name)s") % {"name": household.name}
    if nodes:
        description = _("%(count)s people and organisations around the household on %(date)s.") % {
            "count": len(nodes),
            "date": on.isoformat(),
        }
    else:
        description = _("No one on the map yet.")
    return ecomap.render(household.name, nodes, title=title, description=description)
