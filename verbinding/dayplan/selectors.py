"""Reads of the day plan (only the advisor's own round; households they may still open)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch

from verbinding import clock
from verbinding.contacts.models import ContactMoment
from verbinding.dayplan.models import DayPlan, PlannedVisit
from verbinding.households.models import SafetyFlag, Tenancy
from verbinding.households.selectors import households_for
from verbinding.vera import codes


@dataclass(frozen=True)
class Stop:
    visit: PlannedVisit
    name: str
    address: str
    postcode: str
    with_two: bool  # an active safety flag: visit with a colleague
    flags: list[str]
    visited_today: bool  # a personal contact was recorded today (e.g. from the contact form)


def round_for(*, user: Any, day: dt.date) -> list[Stop]:
    """``user``'s round on ``day`` in walking order (empty when none was planned)."""
    plan = DayPlan.objects.filter(advisor=user, day=day).first()
    if plan is None:
        return []
    reachable = households_for(user=user)
    visits = list(
        plan.visits.filter(household__in=reachable)
        .select_related("household")
        .prefetch_related(
            Prefetch("household__tenancies", queryset=Tenancy.objects.select_related("unit")),
            Prefetch(
                "household__flags",
                queryset=SafetyFlag.objects.filter(status=codes.SignaleringStatus.ACT),
            ),
        )
    )
    seen = set(
        ContactMoment.objects.filter(
            household_id__in=[v.household_id for v in visits],
            channel__in=codes.PERSONAL_CHANNELS,
            occurred_at__gte=clock.start_of(day),
            occurred_at__lt=clock.start_of(day + dt.timedelta(days=1)),
            outcome="spoke",
        ).values_list("household_id", flat=True)
    )
    stops = []
    for v in visits:
        tenancy = next(iter(v.household.tenancies.all()), None)
        flags = list(v.household.flags.all())
        stops.append(
            Stop(
                visit=v,
                name=v.household.name,
                address=str(tenancy.unit) if tenancy else "",
                postcode=tenancy.unit.postcode_display if tenancy else "",
                with_two=any(f.is_safety_related for f in flags),
                flags=[str(f) for f in flags],
                visited_today=v.household_id in seen,
            )
        )
    return stops
