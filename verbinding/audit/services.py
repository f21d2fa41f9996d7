"""Writing the audit log. Services call these inside their own transaction."""

from __future__ import annotations

import datetime as dt
import decimal
import functools
from collections.abc import Iterable
from typing import Any

from django.db import connection, models, transaction

from verbinding import clock
from verbinding.audit import chain, channel, context
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
        return channel.label("system")
    return channel.label(str(getattr(actor, "username", actor)))


def _is_reference(model: type[models.Model] | None, name: str, value: Any) -> bool:
    """May this value stand in the log? References (ids, codes, yes/no) may; free text,
    amounts, dates and anything else personal may not: only the field's name is kept."""
    if value is None or isinstance(value, bool):
        return True
    if model is None:
        return False
    try:
        field = model._meta.get_field(name)
    except Exception:
        return False
    if field.is_relation:
        if isinstance(value, list):  # many-to-many: a list of ids
            return all(isinstance(v, int) for v in value)
        return isinstance(value, int | str) and str(value).isdigit()
    return bool(getattr(field, "choices", None))


def scrub(
    model: type[models.Model] | None, values: dict[str, Any] | None
) -> tuple[dict[str, Any] | None, list[str]]:
    """Split a before/after dict into (the reference values that may be logged, every name)."""
    if values is None:
        return None, []
    kept = {k: _json_value(v) for k, v in values.items() if _is_reference(model, k, v)}
    return kept, list(values)


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
    model: type[models.Model] | None = None,
) -> AuditEvent:
    """Append one audit row. ``actor`` is a user or ``None`` for the system (imports by cron).

    ``before``/``after`` may hold any field values: only their names and the values that are
    references (ids, codes, yes/no) are stored, never free text. ``summary`` must be a fixed label
    or references only. The row is chained onto the previous one (see audit.chain)."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = obj.pk if object_id is None else object_id
        model = model or type(obj)
    if action not in AuditAction.values:
        raise ValueError(f"Unknown audit action {action!r}")
    request_state = context.current()
    if request_state is not None and action == AuditAction.VIEW:
        # Inside a request: the middleware writes one row for the page (see audit.context).
        request_state.seen.append(
            (object_type or "", "" if object_id is None else str(object_id), household_id)
        )
        return AuditEvent(action=action, object_type=object_type or "", household_id=household_id)
    row = build_row(
        actor=actor,
        action=action,
        object_type=object_type or "",
        object_id=object_id,
        household_id=household_id,
        summary=summary,
        reason=reason,
        before=before,
        after=after,
        model=model,
    )
    (event,) = write_rows([row])
    if request_state is not None and action == AuditAction.EXPORT:
        request_state.exported = True
    return event


def build_row(
    *,
    actor: Any,
    action: str,
    object_type: str,
    object_id: str | int | None = None,
    household_id: int | None = None,
    summary: str = "",
    reason: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    model: type[models.Model] | None = None,
) -> dict[str, Any]:
    """One audit row as a dict, scrubbed (see ``scrub``), not yet chained or written."""
    before_kept, before_names = scrub(model, before)
    after_kept, after_names = scrub(model, after)
    user = actor if getattr(actor, "pk", None) is not None else None
    return {
        "at": clock.now(),
        "actor_id": user.pk if user is not None else None,
        "actor_label": _label(actor),
        "action": str(action),
        "object_type": object_type,
        "object_id": "" if object_id is None else str(object_id),
        "household_id": household_id,
        "summary": summary[:300],
        "reason": reason[:300],
        "fields": sorted(set(before_names) | set(after_names)),
        "before": before_kept,
        "after": after_kept,
    }


def write_rows(rows: list[dict[str, Any]]) -> list[AuditEvent]:
    """Chain ``rows`` onto the log and insert them, holding the chain lock (see audit.chain)."""
    events = []
    with transaction.atomic(savepoint=False):
        prev = chain.lock_and_last_hash()
        for row in rows:
            digest = chain.row_hash(prev, row)
            events.append(AuditEvent(**row, prev_hash=prev, hash=digest))
            prev = digest
        if len(events) == 1:
            _insert_one(events[0])
        else:
            # bulk_create keeps the list order, so ids follow the chain order.
            AuditEvent.objects.bulk_create(events, batch_size=1000)
    return events


@functools.cache
def _insert_sql(vendor: str, returning: bool) -> tuple[str, tuple[models.Field[Any, Any], ...]]:
    """The INSERT of one audit row, written once per process (vendor: the quoting)."""
    meta = AuditEvent._meta
    fields = tuple(f for f in meta.concrete_fields if not f.primary_key)
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    values = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({values})"  # noqa: S608 - names from the model, values are parameters
    if returning:
        sql += f" RETURNING {quote(meta.pk.column)}"  # type: ignore[union-attr]
    return sql, fields


def _insert_one(event: AuditEvent) -> None:
    """What ``event.save(force_insert=True)`` does (the values prepared by each field, as the ORM
    prepares them; the same row), without compiling the INSERT on every page view (~0.3 ms)."""
    returning = connection.features.can_return_columns_from_insert
    sql, fields = _insert_sql(connection.vendor, returning)
    params = [f.get_db_prep_save(f.pre_save(event, True), connection) for f in fields]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        event.pk = cursor.fetchone()[0] if returning else cursor.lastrowid
    event._state.adding = False
    event._state.db = connection.alias


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
