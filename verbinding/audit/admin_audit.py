"""Changes made in the Django admin go into the audit log too (roles, teams, neighbourhoods).

``AuditedAdmin`` records one row per save, with the names of the fields the form changed and,
for references (role, team, neighbourhoods, flags), the values before and after.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from verbinding.audit.models import AuditAction
from verbinding.audit.services import audit_record


def _value(obj: models.Model, name: str) -> Any:
    field = obj._meta.get_field(name)
    if field.many_to_many:
        return sorted(getattr(obj, name).values_list("pk", flat=True)) if obj.pk else []
    return getattr(obj, getattr(field, "attname", name), None)


class AuditedAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        names = [n for n in form.changed_data if n in {f.name for f in obj._meta.get_fields()}]
        before = None
        if change:
            fresh = type(obj)._default_manager.get(pk=obj.pk)
            before = {n: _value(fresh, n) for n in names}
        request._audit_admin = (names, before)  # type: ignore[attr-defined]
        super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        names, before = getattr(request, "_audit_admin", ([], None))
        obj = form.instance
        audit_record(
            actor=request.user,
            action=AuditAction.UPDATE if change else AuditAction.CREATE,
            obj=obj,
            summary="changed in the admin",
            before=before,
            after={n: _value(obj, n) for n in names},
        )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        audit_record(
            actor=request.user, action=AuditAction.DELETE, obj=obj, summary="changed in the admin"
        )
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for obj in queryset:
            audit_record(
                actor=request.user,
                action=AuditAction.DELETE,
                obj=obj,
                summary="changed in the admin",
            )
        super().delete_queryset(request, queryset)
