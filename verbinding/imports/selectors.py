"""Reads for the imports pages (functional administrator only; the views check the role)."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from verbinding.households.models import Tenancy
from verbinding.imports.models import ImportRun, UnmatchedPayment, UnmatchedStatus


def import_history(*, limit: int = 50) -> QuerySet[ImportRun]:
    return ImportRun.objects.select_related("started_by").order_by("-started_at", "-id")[:limit]


def open_unmatched() -> QuerySet[UnmatchedPayment]:
    return UnmatchedPayment.objects.filter(status=UnmatchedStatus.OPEN).order_by("booked_on", "id")


def recently_assigned(*, limit: int = 20) -> QuerySet[UnmatchedPayment]:
    return (
        UnmatchedPayment.objects.filter(status=UnmatchedStatus.ASSIGNED)
        .select_related("tenancy__unit", "assigned_by")
        .order_by("-assigned_at")[:limit]
    )


def tenancy_by_number(text: str) -> Tenancy | None:
    """A tenancy by contract number or payment reference, exactly (spaces ignored)."""
    value = text.strip().replace(" ", "")
    if not value:
        return None
    return (
        Tenancy.objects.select_related("unit", "household")
        .filter(Q(external_id__iexact=value) | Q(payment_reference__iexact=value))
        .first()
    )
