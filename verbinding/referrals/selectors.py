"""Reads of the warm referral for the case page and the household's 'lopende zaken'.

Callers pass a household or case they already opened through the access rule."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from verbinding.referrals.models import Referral, ReferralStatus

# A referral is still 'running' while the partner has not answered, or has accepted it or planned
# an intake; 'not for us' and 'closed' end it.
RUNNING = (ReferralStatus.SENT, ReferralStatus.ACCEPTED, ReferralStatus.INTAKE)


def referrals_for_case(case: Any) -> QuerySet[Referral]:
    """The case's referrals, newest first, with the partner's answer (the case timeline)."""
    return Referral.objects.filter(case=case).select_related("partner", "created_by")


def is_running(referral: Referral) -> bool:
    """Still in play and the consent not withdrawn (as ``running_referrals`` selects)."""
    return referral.status in RUNNING and referral.consent_revoked_at is None


def household_referrals(household: Any) -> tuple[list[Referral], int]:
    """The household's running referrals (as ``running_referrals``) and how many it has in all,
    from one query."""
    every = list(
        Referral.objects.filter(household=household)
        .select_related("partner")
        .order_by("-created_at", "-id")
    )
    return [r for r in every if is_running(r)], len(every)


def running_referrals(household: Any) -> list[Referral]:
    """Referrals of the household still in play whose consent was not withdrawn."""
    return list(
        Referral.objects.filter(
            household=household, status__in=RUNNING, consent_revoked_at__isnull=True
        )
        .select_related("partner")
        .order_by("-created_at", "-id")
    )
