"""Cursor pagination, never offsets: by id, or — with ``?changed_since=`` — by change sequence.

The change sequence is the audit log's id: every write through a service leaves an audit row in
the same transaction, so the latest audit row of an object says when (in commit order) it last
changed. Each resource says where its changes are recorded (:class:`Changes`: the object's own
rows, a related object's, or the household's). A page of changes is ordered by (that number, id)
and the cursor is the last pair served — rows sharing one audit row, such as the lines of one
import, are told apart by id — so each change is served exactly once across pages; an object
changed again later comes back once more, on a later page.
"""

from __future__ import annotations

import base64
import datetime as dt
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import CharField, F, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Cast, Coalesce, Greatest
from django.utils.dateparse import parse_datetime
from rest_framework import exceptions, pagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from verbinding.audit.models import AuditEvent

CHANGE_ACTIONS = ("create", "update", "delete")


def encode(value: int, row: int | None = None) -> str:
    """``v1:<id>``, or with ``row`` ``v2:<change sequence>:<id>`` (rows sharing one audit row,
    e.g. the lines of one import, are told apart by their id)."""
    text = f"v1:{value}" if row is None else f"v2:{value}:{row}"
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def decode_pair(text: str) -> tuple[int, int]:
    """A cursor as (number, id): ``v1`` cursors have id 0 (before every row of that number)."""
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)).decode()
        version, *numbers = raw.split(":")
        if (version, len(numbers)) not in (("v1", 1), ("v2", 2)):
            raise ValueError
        values = [int(n) for n in numbers] + [0]
        if min(values) < 0 or max(values) > 2**63 - 1:
            raise ValueError
        return values[0], values[1]
    except (ValueError, UnicodeDecodeError) as exc:
        raise exceptions.ValidationError({"cursor": ["Invalid cursor."]}) from exc


def decode(text: str) -> int:
    return decode_pair(text)[0]


def parse_since(text: str) -> dt.datetime:
    value = parse_datetime(text) if text else None
    if value is None or value.tzinfo is None:
        raise exceptions.ValidationError(
            {"changed_since": ["An ISO 8601 date-time with an offset, e.g. 2026-06-01T00:00Z."]}
        )
    return value


@dataclass(frozen=True)
class Changes:
    """Where the audit log records a change of a resource's row: audit rows of
    ``object_types`` (with one of ``actions``) whose object is the row's ``ref`` field, or — with
    ``ids`` — one of the ids that subquery yields (correlated with ``OuterRef(OuterRef(...))``),
    or — with ``by_household`` — whose household is the row's ``ref``."""

    object_types: tuple[str, ...]
    ref: str = "pk"
    ids: Callable[[], QuerySet[Any]] | None = None
    by_household: bool = False
    actions: tuple[str, ...] = CHANGE_ACTIONS

    def latest(self) -> Subquery:
        events = AuditEvent.objects.filter(
            object_type__in=self.object_types, action__in=self.actions
        )
        if self.by_household:
            events = events.filter(household_id=OuterRef(self.ref))
        elif self.ids is not None:
            events = events.filter(object_id__in=self.ids())
        else:
            events = events.filter(object_id=Cast(OuterRef(self.ref), CharField()))
        return Subquery(events.order_by("-id").values("id")[:1])


def text_ids(qs: QuerySet[Any], field: str = "id") -> QuerySet[Any]:
    """``qs``'s ``field`` as text, to compare with the audit log's object ids."""
    return qs.annotate(vb_text_id=Cast(field, CharField())).values("vb_text_id")


def with_change_sequence(qs: QuerySet[Any], changes: tuple[Changes, ...]) -> QuerySet[Any]:
    """``vb_change_seq``: the id of the latest audit row recording a change of the row (0: none
    recorded)."""
    terms: list[Any] = [Coalesce(c.latest(), Value(0)) for c in changes] or [Value(0)]
    return qs.annotate(vb_change_seq=terms[0] if len(terms) == 1 else Greatest(*terms))


class CursorPagination(pagination.BasePagination):
    page_size = 100
    max_page_size = 1000
    cursor_query_param = "cursor"

    def paginate_queryset(self, queryset: Any, request: Request, view: Any = None) -> list[Any]:
        self.request = request
        size_text = request.query_params.get("page_size", "")
        try:
            size = int(size_text) if size_text else self.page_size
        except ValueError:
            raise exceptions.ValidationError({"page_size": ["A whole number."]}) from None
        if not 1 <= size <= self.max_page_size:
            raise exceptions.ValidationError({"page_size": ["Between 1 and 1000."]})
        cursor_text = request.query_params.get(self.cursor_query_param, "")
        since_text = request.query_params.get("changed_since", "")
        self.by_change = bool(since_text) or getattr(view, "changes_only", False)
        if self.by_change:
            qs = with_change_sequence(queryset, tuple(getattr(view, "changes", ())))
            if cursor_text:
                after, after_id = decode_pair(cursor_text)
            else:
                since = parse_since(since_text)
                first = (
                    AuditEvent.objects.filter(at__gte=since)
                    .order_by("id")
                    .values_list("id", flat=True)
                    .first()
                )
                last = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first()
                after, after_id = (first - 1) if first is not None else (last or 0), 0
            qs = qs.filter(vb_change_seq__gt=0).filter(
                Q(vb_change_seq__gt=after) | Q(vb_change_seq=after, id__gt=after_id)
            )
            qs = qs.order_by("vb_change_seq", "id")
        else:
            qs = queryset.order_by("id")
            if cursor_text:
                qs = qs.filter(id__gt=decode(cursor_text))
        rows = list(qs[: size + 1])
        self.has_next = len(rows) > size
        rows = rows[:size]
        self.next_cursor = None
        if rows and self.by_change:
            # The last page still hands back a cursor: the next pull starts after it.
            self.next_cursor = encode(rows[-1].vb_change_seq, rows[-1].id)
        elif rows and self.has_next:
            self.next_cursor = encode(rows[-1].id)
        return rows

    def next_link(self) -> str | None:
        if not self.has_next or not self.next_cursor:
            return None
        url = self.request.build_absolute_uri()
        return replace_query_param(url, self.cursor_query_param, self.next_cursor)

    def get_paginated_response(self, data: Any) -> Response:
        response = Response(
            OrderedDict(
                [("next", self.next_link()), ("cursor", self.next_cursor), ("results", data)]
            )
        )
        if self.next_cursor:
            response["X-Parameters-Cursor"] = self.next_cursor
        return response

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        return {
            "type": "object",
            "required": ["next", "cursor", "results"],
            "properties": {
                "next": {"type": "string", "nullable": True, "format": "uri"},
                "cursor": {
                    "type": "string",
                    "nullable": True,
                    "description": "Pass as ?cursor= for the next page (with changed_since: "
                    "for the next pull, too).",
                },
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        params = [
            {
                "name": "cursor",
                "in": "query",
                "required": False,
                "description": "The cursor from the previous page.",
                "schema": {"type": "string"},
            },
            {
                "name": "page_size",
                "in": "query",
                "required": False,
                "schema": {"type": "integer", "minimum": 1, "maximum": 1000, "default": 100},
            },
        ]
        if getattr(view, "changes", None):
            params.append(
                {
                    "name": "changed_since",
                    "in": "query",
                    "required": False,
                    "description": "Only objects changed at or after this instant, in the order "
                    "of change; each change once across pages.",
                    "schema": {"type": "string", "format": "date-time"},
                }
            )
        return params


__all__ = ["Changes", "CursorPagination", "F", "decode", "encode", "text_ids"]
