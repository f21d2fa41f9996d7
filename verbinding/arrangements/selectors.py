"""Reads of arrangements, with the access rules of ``households_for`` applied."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from verbinding.arrangements.models import (
    ApprovalState,
    ArrangementStatus,
    Instalment,
    PaymentArrangement,
)
from verbinding.audit.services import audit_record
from verbinding.households.selectors import households_for


def arrangements_for(*, user: Any) -> QuerySet[PaymentArrangement]:
    return PaymentArrangement.objects.filter(household__in=households_for(user=user).values("id"))


def arrangement_list(*, user: Any, state: str = "") -> QuerySet[PaymentArrangement]:
    """Running, waiting and recently ended arrangements; ``state``: running/pending/ended."""
    qs = arrangements_for(user=user)
    if state == "running":
        qs = qs.filter(status__in=("ACT", "BEV"))
    elif state == "pending":
        qs = qs.filter(approval=ApprovalState.PENDING)
    elif state == "ended":
        qs = qs.filter(status__in=("BEE", "ANN", "VER"))
    return qs.select_related("household", "tenancy__unit", "created_by").prefetch_related(
        Prefetch("instalments", queryset=Instalment.objects.order_by("number"))
    )


def arrangement_detail(*, user: Any, arrangement_id: int, audit: bool = True) -> PaymentArrangement:
    arrangement = (
        arrangements_for(user=user)
        .select_related("household", "tenancy__unit", "policy", "created_by", "approver")
        .prefetch_related(
            Prefetch("instalments", queryset=Instalment.objects.order_by("number")),
            Prefetch("history", queryset=ArrangementStatus.objects.select_related("by")),
        )
        .filter(id=arrangement_id)
        .first()
    )
    if arrangement is None:
        raise Http404
    if audit:
        audit_record(
            actor=user,
            action="view",
            obj=arrangement,
            household_id=arrangement.household_id,
            summary="payment arrangement",
        )
    return arrangement


def household_arrangements(*, household_id: int) -> QuerySet[PaymentArrangement]:
    """For a household the caller has already opened through ``household_detail``."""
    return PaymentArrangement.objects.filter(household_id=household_id).order_by("-created_on")
