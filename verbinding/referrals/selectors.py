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


def running_referrals(household: Any) -> list[Referral]:
    """Referrals of the household still in play whose consent was not withdrawn."""
    return list(
        Referral.objects.filter(
            household=household, status__in=RUNNING, consent_revoked_at__isnull=True
        )
        .select_related("partner")
        .order_by("-created_at", "-id")
    )
