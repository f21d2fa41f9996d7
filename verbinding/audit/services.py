"""Writing the audit log. Services call these inside their own transaction."""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Iterable
from typing import Any

from django.db import models

from verbinding.audit.models import AuditAction, AuditEvent


def _json_value(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    return value


def snapshot(obj: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """A JSON-safe dict of a model's concrete fields (foreign keys by id)."""
    names = (
        list(fields) if fields is not None else [f.attname for f in obj._meta.concrete_fields]  # type: ignore[union-attr]
    )
    return {name: _json_value(getattr(obj, name)) for name in names}


def _label(actor: Any) -> str:
    if actor is None:
        return "system"
    return str(getattr(actor, "username", actor))


def audit_record(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    object_type: str | None = None,
    object_id: str | int | None = None,
    household_id: int | None = None,
    summary: str = "",
    reason: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one audit row. ``actor`` is a user or ``None`` for the system (imports by cron)."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = obj.pk if object_id is None else object_id
    if action not in AuditAction.values:
        raise ValueError(f"Unknown audit action {action!r}")
    user = actor if getattr(actor, "pk", None) is not None else None
    return AuditEvent.objects.create(
        actor=user,
        actor_label=_label(actor),
        action=action,
        object_type=object_type or "",
        object_id="" if object_id is None else str(object_id),
        household_id=household_id,
        summary=summary[:300],
        reason=reason[:300],
        before=before,
        after=after,
    )


def audit_change(
    *,
    actor: Any,
    obj: models.Model,
    before: dict[str, Any] | None,
    household_id: int | None = None,
    summary: str = "",
    reason: str = "",
) -> AuditEvent:
    """Record a create (``before is None``) or an update, with the changed fields only."""
    after = snapshot(obj)
    if before is None:
        return audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=obj,
            household_id=household_id,
            summary=summary,
            reason=reason,
            after=after,
        )
    changed = [k for k in after if before.get(k) != after[k]]
    return audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=obj,
        household_id=household_id,
        summary=summary,
        reason=reason,
        before={k: before.get(k) for k in changed},
        after={k: after[k] for k in changed},
    )
