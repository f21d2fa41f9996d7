"""Reading the audit log: the privacy officer's view."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from verbinding.audit.models import AuditEvent


def audit_events_for(*, user: Any, household_id: int | None = None) -> QuerySet[AuditEvent]:
    """Only the privacy officer / functional administrator reads the audit log."""
    if not getattr(user, "is_privacy_officer", False):
        raise PermissionDenied
    qs = AuditEvent.objects.select_related("actor")
    if household_id is not None:
        qs = qs.filter(household_id=household_id)
    return qs
