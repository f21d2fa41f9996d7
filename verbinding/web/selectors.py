"""Aggregates for the manager's start page: counts per neighbourhood, never names or notes."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

from verbinding.areas.models import Neighbourhood
from verbinding.vera import codes


@dataclass(frozen=True)
class NeighbourhoodRow:
    name: str
    cbs_code: str
    district: str
    tenancies: int


def neighbourhood_overview() -> list[NeighbourhoodRow]:
    rows = (
        Neighbourhood.objects.select_related("district")
        .annotate(
            n=Count(
                "units__tenancies",
                filter=Q(units__tenancies__status__in=codes.ACTIVE_TENANCY_STATUSES),
            )
        )
        .order_by("cbs_code")
    )
    return [NeighbourhoodRow(r.name, r.cbs_code, r.district.name, r.n) for r in rows]
