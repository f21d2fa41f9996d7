"""Who owns which household: one named advisor per household, set by the team lead; an absence
covered by a colleague with a handover note. Writes are audited in the same transaction.

- ``owner_assign``: the team lead gives a household to an advisor of the team (or takes it back).
- ``cover_start``: an absent advisor's households go to a colleague for a period; the owner stays
  the same, so they come back by themselves when the period ends.
- ``current_owner`` / ``owners_of``: the advisor to ask *today* (the substitute during a cover).
- ``caseload``: per advisor of the team: households owned, covered for a colleague, open cases.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from verbinding.accounts.roles import Role
from verbinding.audit.services import audit_change
from verbinding.households.models import Cover, Household, OwnerChange


class OwnershipError(ValueError):
    pass


def _check_lead(actor: Any, *advisors: Any) -> None:
    if getattr(actor, "role", None) != Role.TEAM_LEAD or not actor.team_id:
        raise OwnershipError(_("Only a team lead assigns households."))
    for advisor in advisors:
        if advisor is None:
            continue
        if advisor.role != Role.ADVISOR or advisor.team_id != actor.team_id:
            raise OwnershipError(_("Choose an advisor of your own team."))
        if not advisor.is_active:
            raise OwnershipError(_("This advisor no longer works here."))


@transaction.atomic
def owner_assign(*, household: Household, advisor: Any, actor: Any, note: str = "") -> Household:
    """Give ``household`` to ``advisor`` (``None``: nobody in particular). The caller has checked
    that the household is in the team lead's reach (``households_for``)."""
    _check_lead(actor, advisor)
    household = Household.objects.select_for_update().get(pk=household.pk)
    previous = household.owner_id
    if previous == getattr(advisor, "pk", None):
        return household
    household.owner = advisor
    household.save(update_fields=["owner"])
    change = OwnerChange.objects.create(
        household=household, previous_id=previous, owner=advisor, note=note.strip()[:300], by=actor
    )
    audit_change(
        actor=actor,
        obj=change,
        before=None,
        household_id=household.id,
        summary="advisor of household",
        reason=note,
    )
    return household


@transaction.atomic
def cover_start(
    *,
    absent: Any,
    substitute: Any,
    starts_on: dt.date,
    ends_on: dt.date,
    note: str,
    actor: Any,
) -> Cover:
    """Cover an absence: the absent advisor's households go to ``substitute`` in the period."""
    _check_lead(actor, absent, substitute)
    if absent.pk == substitute.pk:
        raise OwnershipError(_("Choose a colleague to cover the absence."))
    if ends_on < starts_on:
        raise OwnershipError(_("The last day is before the first day."))
    if not note.strip():
        raise OwnershipError(_("Write a handover note for your colleague."))
    cover = Cover.objects.create(
        absent=absent,
        substitute=substitute,
        starts_on=starts_on,
        ends_on=ends_on,
        note=note.strip(),
        created_by=actor,
    )
    audit_change(actor=actor, obj=cover, before=None, summary="absence covered", reason=note)
    return cover


def covers_on(day: dt.date, *, advisor_ids: Iterable[int] | None = None) -> dict[int, Any]:
    """``{absent advisor id: substitute}`` for the covers running on ``day`` (one query)."""
    qs = Cover.objects.filter(starts_on__lte=day, ends_on__gte=day).select_related("substitute")
    if advisor_ids is not None:
        qs = qs.filter(absent_id__in=list(advisor_ids))
    result: dict[int, Any] = {}
    for cover in qs.order_by("starts_on", "id"):
        result[cover.absent_id] = cover.substitute  # the latest cover wins
    return result


@dataclass(frozen=True)
class Owner:
    owner: Any  # the named advisor
    today: Any  # who to ask today: the owner, or the substitute during a cover

    @property
    def covered(self) -> bool:
        return self.today is not None and self.owner is not None and self.today != self.owner


def current_owner(household: Household, day: dt.date) -> Owner | None:
    from verbinding.households.present import absent

    owner = household.owner
    if owner is None:
        return None
    if absent(household, "covers"):
        return Owner(owner=owner, today=owner)
    # the cover running on ``day`` (the latest wins, as in ``covers_on``): its substitute is read
    # only when there is one (the household page asks this on every request; covers are rare)
    substitute_id = (
        Cover.objects.filter(absent_id=owner.pk, starts_on__lte=day, ends_on__gte=day)
        .order_by("-starts_on", "-id")
        .values_list("substitute_id", flat=True)
        .first()
    )
    if substitute_id is None:
        return Owner(owner=owner, today=owner)
    from verbinding.accounts.models import User

    return Owner(owner=owner, today=User.objects.get(pk=substitute_id))


def owners_of(household_ids: Iterable[int], day: dt.date) -> dict[int, Owner]:
    """The owners of many households (three queries), for lists such as the team's worklist."""
    rows = list(
        Household.objects.filter(id__in=list(household_ids), owner__isnull=False).values_list(
            "id", "owner_id"
        )
    )
    return owners_from(rows, day)


def owners_from(rows: Iterable[tuple[int, int | None]], day: dt.date) -> dict[int, Owner]:
    """``owners_of`` for ``(household id, owner id)`` pairs the caller already read (two
    queries: the advisors and their covers)."""
    from verbinding.accounts.models import User

    pairs = [(hid, oid) for hid, oid in rows if oid is not None]
    if not pairs:
        return {}
    users = User.objects.in_bulk({owner_id for _hid, owner_id in pairs})
    covers = covers_on(day, advisor_ids=users)
    return {hid: Owner(owner=users[oid], today=covers.get(oid, users[oid])) for hid, oid in pairs}


@dataclass(frozen=True)
class Load:
    advisor: Any
    owned: int
    covering: int  # households of absent colleagues covered today
    open_cases: int
    away_until: dt.date | None  # covered by a colleague until this day


def caseload(*, team_lead: Any, day: dt.date) -> list[Load]:
    """The team's caseload per advisor (three queries)."""
    from verbinding.accounts.models import User
    from verbinding.cases.models import Case
    from verbinding.vera import codes

    if getattr(team_lead, "role", None) != Role.TEAM_LEAD or not team_lead.team_id:
        return []
    advisors = list(
        User.objects.filter(team=team_lead.team_id, role=Role.ADVISOR, is_active=True)
        .annotate(owned=Count("owned_households", distinct=True))
        .order_by("first_name", "last_name")
    )
    cases = Counter(
        dict(
            Case.objects.filter(handler__in=advisors)
            .exclude(status__in=codes.CLOSED_CASE_STATUSES)
            .values_list("handler_id")
            .annotate(n=Count("id"))
            .values_list("handler_id", "n")
        )
    )
    running = list(
        Cover.objects.filter(
            Q(absent__in=advisors) | Q(substitute__in=advisors),
            starts_on__lte=day,
            ends_on__gte=day,
        )
    )
    owned = {a.pk: a.owned for a in advisors}  # type: ignore[attr-defined]
    covering: Counter[int] = Counter()
    away: dict[int, dt.date] = {}
    for cover in running:
        covering[cover.substitute_id] += owned.get(cover.absent_id, 0)
        away[cover.absent_id] = max(away.get(cover.absent_id, cover.ends_on), cover.ends_on)
    return [
        Load(
            advisor=a,
            owned=owned[a.pk],
            covering=covering[a.pk],
            open_cases=cases[a.pk],
            away_until=away.get(a.pk),
        )
        for a in advisors
    ]
