"""Break-the-glass: open one household outside one's reach, with a reason, until the end of day."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from verbinding import clock
from verbinding.access.models import AccessGrant
from verbinding.accounts.roles import FIELD_ROLES
from verbinding.audit.models import AuditAction
from verbinding.audit.services import audit_record
from verbinding.households.models import Household

MIN_REASON = 10  # characters: "ziek" is not a reason the privacy officer can judge


class GlassError(ValueError):
    pass


def end_of_day(now: dt.datetime) -> dt.datetime:
    """Local midnight after ``now``: a grant lasts the rest of the working day."""
    local = timezone.localtime(now)
    tomorrow = local.date() + dt.timedelta(days=1)
    return timezone.make_aware(dt.datetime.combine(tomorrow, dt.time.min))


@transaction.atomic
def break_glass(*, household: Household, reason: str, actor: Any) -> AccessGrant:
    """Give ``actor`` access to ``household`` for the rest of the day. Audited (the reason stays in
    the grant, which the privacy officer reviews in the register ``access:grants``)."""
    if getattr(actor, "role", None) not in FIELD_ROLES or not getattr(actor, "is_active", False):
        raise GlassError("Only advisors and team leads open household files.")
    reason = reason.strip()
    if len(reason) < MIN_REASON:
        raise GlassError("Give a reason the privacy officer can judge.")
    now = clock.now()
    grant = AccessGrant.objects.create(
        user=actor,
        household=household,
        reason=reason[:500],
        granted_at=now,
        expires_at=end_of_day(now),
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=grant,
        household_id=household.id,
        summary="break the glass",
        after={"household": household.id, "user": actor.pk},
    )
    return grant
