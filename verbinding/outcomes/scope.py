"""What a dashboard figure is about: the whole association, a team or one neighbourhood, and a
period. The households in scope are those renting a unit in the scope's neighbourhoods."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import BadRequest, PermissionDenied
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from verbinding import clock
from verbinding.accounts.models import Team, User
from verbinding.areas.models import Neighbourhood
from verbinding.households.models import Tenancy

# A period asked for in the address lies within these days (a year-1 date overflowed: a 500).
FIRST_DAY = dt.date(2000, 1, 1)
LAST_DAY = dt.date(2099, 12, 31)


def add_months(day: dt.date, months: int) -> dt.date:
    total = day.year * 12 + day.month - 1 + months
    year, month = divmod(total, 12)
    return dt.date(year, month + 1, 1) if day.day == 1 else _clamp(year, month + 1, day.day)


def _clamp(year: int, month: int, day: int) -> dt.date:
    for d in (day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise ValueError("unreachable")


def day_start(day: dt.date) -> dt.datetime:
    """Midnight at the start of ``day`` in the local time zone (for range filters on datetimes)."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


@dataclass(frozen=True)
class Scope:
    start: dt.date
    end: dt.date
    team_id: int | None = None
    neighbourhood_id: int | None = None
    today: dt.date | None = None

    @property
    def as_of(self) -> dt.date:
        return self.today or clock.today()

    @property
    def is_association(self) -> bool:
        return self.team_id is None and self.neighbourhood_id is None

    def neighbourhoods(self) -> QuerySet[Neighbourhood] | None:
        if self.neighbourhood_id:
            return Neighbourhood.objects.filter(id=self.neighbourhood_id)
        if self.team_id:
            return Neighbourhood.objects.filter(teams=self.team_id)
        return None

    def tenancy_ids(self) -> QuerySet[Any] | None:
        """Tenancies of units in scope (``None`` = the whole association, no filter)."""
        hoods = self.neighbourhoods()
        if hoods is None:
            return None
        return Tenancy.objects.filter(unit__neighbourhood__in=hoods.values("id")).values("id")

    def household_ids(self) -> QuerySet[Any] | None:
        hoods = self.neighbourhoods()
        if hoods is None:
            return None
        return (
            Tenancy.objects.filter(unit__neighbourhood__in=hoods.values("id"))
            .values("household_id")
            .distinct()
        )

    def staff_ids(self) -> QuerySet[Any] | None:
        """Staff whose work counts for the scope: the team's members (``None`` = everyone)."""
        if self.team_id:
            return User.objects.filter(team=self.team_id).values("id")
        return None

    def query(self) -> str:
        parts = [f"start={self.start.isoformat()}", f"end={self.end.isoformat()}"]
        if self.team_id:
            parts.append(f"team={self.team_id}")
        if self.neighbourhood_id:
            parts.append(f"neighbourhood={self.neighbourhood_id}")
        return "&".join(parts)


def default_scope(*, user: Any, today: dt.date | None = None) -> Scope:
    """The last twelve months; a team lead starts with their team."""
    today = today or clock.today()
    team_id = user.team_id if getattr(user, "is_team_lead", False) else None
    return Scope(start=default_start(today), end=today, team_id=team_id)


def default_start(today: dt.date) -> dt.date:
    """The first day of the default period: the twelve months up to and including ``today``."""
    return add_months(today, -12) + dt.timedelta(days=1)


def scope_from(params: Any, *, user: Any, today: dt.date | None = None) -> Scope:
    base = default_scope(user=user, today=today)

    def date(name: str, fallback: dt.date) -> dt.date:
        raw = params.get(name, "")
        if not raw:
            return fallback
        try:
            value = dt.date.fromisoformat(raw)
        except ValueError:
            value = None
        if value is None or not (FIRST_DAY <= value <= LAST_DAY):
            raise BadRequest(
                _("Not a usable date: give a day as YYYY-MM-DD between %(first)s and %(last)s.")
                % {"first": FIRST_DAY.year, "last": LAST_DAY.year}
            )
        return value

    def ident(name: str, model: Any) -> int | None:
        raw = params.get(name)
        if raw in (None, ""):
            return None
        try:
            value = int(raw)
        except (TypeError, ValueError):
            return None
        return value if model.objects.filter(id=value).exists() else None

    start, end = date("start", base.start), date("end", base.end)
    if start > end:
        start, end = end, start
    team = ident("team", Team) if "team" in params else base.team_id
    hood = ident("neighbourhood", Neighbourhood)
    if getattr(user, "is_team_lead", False):
        # A team lead sees their own team's figures (its staff's contact figures by name among
        # them), one of its neighbourhoods at most: never another team's or the association's.
        team = base.team_id
        if team is None:
            # No team (an account not yet set up): no figures, rather than the association's.
            raise PermissionDenied(
                _("You are not in a team yet. Ask the functional administrator to add you to one.")
            )
        if hood is not None and not Neighbourhood.objects.filter(id=hood, teams=team).exists():
            hood = None
    return Scope(start=start, end=end, team_id=team, neighbourhood_id=hood, today=today)
