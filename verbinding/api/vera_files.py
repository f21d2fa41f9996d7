"""VERA JSON files, for associations without an API integration: the same resources, fields and
checks as the API (the same serializers for export; the same bulk services for import).

A file is ``{"format": "verbinding-vera/1", "resource": "huurovereenkomsten", "items": [...]}``;
an export can be imported again (every item then counts as unchanged).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from django.db import transaction

from verbinding import clock
from verbinding.api import services
from verbinding.api import views as v
from verbinding.api.problems import BulkRejected
from verbinding.audit.models import AuditAction
from verbinding.audit.services import audit_record

FORMAT = "verbinding-vera/1"
EXPORTS: dict[str, type[v.Resource]] = {
    "huishoudens": v.HuishoudenViewSet,
    "huurovereenkomsten": v.HuurovereenkomstViewSet,
    "betalingsregelingen": v.BetalingsregelingViewSet,
    "contactmomenten": v.ContactmomentViewSet,
    "zaken": v.ZaakViewSet,
    "vroegsignaleringen": v.VroegsignaleringViewSet,
}
IMPORTS = ("huishoudens", "huurovereenkomsten", "boekingen")


class VeraFileError(ValueError):
    """The file is refused whole; ``problems`` are (item index or None, pointer, message)."""

    def __init__(self, problems: list[tuple[int | None, str, str]]) -> None:
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


@transaction.atomic
def export_vera(
    *, resource: str, user: Any, changed_since: dt.datetime | None = None
) -> dict[str, Any]:
    """Every item of ``resource`` the user may see (the API's selectors and serializers)."""
    view_class = EXPORTS[resource]
    view = view_class()
    view.request = SimpleNamespace(user=user)  # type: ignore[assignment]
    qs = view.reach()
    if changed_since is not None and view_class.changes:
        from verbinding.api.pagination import with_change_sequence
        from verbinding.audit.models import AuditEvent

        first = (
            AuditEvent.objects.filter(at__gte=changed_since)
            .order_by("id")
            .values_list("id", flat=True)
            .first()
        )
        qs = with_change_sequence(qs, view_class.changes).filter(
            vb_change_seq__gte=first if first is not None else 2**62
        )
    rows = list(qs.order_by("id"))
    items = view_class.serializer_class(rows, many=True).data
    audit_record(
        actor=user,
        action=AuditAction.EXPORT,
        object_type=f"api.{resource}",
        summary=f"VERA JSON export {resource}: {len(rows)} item(s)",
        after={"households": sorted({getattr(r, "household_id", r.pk) for r in rows})[:500]},
    )
    return {
        "format": FORMAT,
        "resource": resource,
        "exported_at": clock.now().isoformat(),
        "items": items,
    }


def import_vera(*, path: Path, actor: Any) -> tuple[str, dict[str, int]]:
    """Import a VERA JSON file, all or nothing, idempotent (by idExtern)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise VeraFileError([(None, "/", f"not JSON: {exc}")]) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise VeraFileError([(None, "/format", f"expected {FORMAT!r}")])
    resource = data.get("resource")
    if resource not in IMPORTS:
        raise VeraFileError([(None, "/resource", f"one of {', '.join(IMPORTS)} expected")])
    items = data.get("items")
    try:
        if resource == "huishoudens":
            summary = services.households_bulk_upsert(items=items, actor=actor)
        elif resource == "huurovereenkomsten":
            summary = services.tenancies_bulk_upsert(items=items, actor=actor)
        else:
            summary = services.bookings_bulk_add(items=items, actor=actor, client=None)
    except BulkRejected as exc:
        raise VeraFileError(
            [(e.get("index"), "/items" + e.get("pointer", ""), e["detail"]) for e in exc.errors]
        ) from None
    return str(resource), summary
