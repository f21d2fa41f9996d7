"""Cursor pagination, never offsets: by id, or — with ``?changed_since=`` — by change sequence.

The change sequence is the audit log's id: every write through a service leaves an audit row in
the same transaction, so the latest audit row of an object says when (in commit order) it last
changed. A page of changes is ordered by that number and the cursor is the last number served, so
each change is served exactly once across pages; an object changed again later comes back once
more, on a later page.
"""

from __future__ import annotations

import base64
import datetime as dt
from collections import OrderedDict
from typing import Any

from django.db.models import CharField, F, Max, OuterRef, QuerySet, Subquery
from django.db.models.functions import Cast
from django.utils.dateparse import parse_datetime
from rest_framework import exceptions, pagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from verbinding.audit.models import AuditEvent

CHANGE_ACTIONS = ("create", "update", "delete")


def encode(value: int) -> str:
    return base64.urlsafe_b64encode(f"v1:{value}".encode()).decode().rstrip("=")


def decode(text: str) -> int:
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)).decode()
        version, number = raw.split(":", 1)
        if version != "v1":
            raise ValueError
        value = int(number)
        if value < 0:
            raise ValueError
        return value
    except (ValueError, UnicodeDecodeError) as exc:
        raise exceptions.ValidationError({"cursor": ["Invalid cursor."]}) from exc


def parse_since(text: str) -> dt.datetime:
    value = parse_datetime(text) if text else None
    if value is None or value.tzinfo is None:
        raise exceptions.ValidationError(
            {"changed_since": ["An ISO 8601 date-time with an offset, e.g. 2026-06-01T00:00Z."]}
        )
    return value


def with_change_sequence(qs: QuerySet[Any], object_types: tuple[str, ...]) -> QuerySet[Any]:
    latest = (
        AuditEvent.objects.filter(
            object_type__in=object_types,
            object_id=Cast(OuterRef("pk"), CharField()),
            action__in=CHANGE_ACTIONS,
        )
        .order_by()
        .values("object_id")
        .annotate(seq=Max("id"))
        .values("seq")
    )
    return qs.annotate(vb_change_seq=Subquery(latest))


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
            types = tuple(getattr(view, "change_types", ()))
            qs = with_change_sequence(queryset, types).filter(vb_change_seq__isnull=False)
            if cursor_text:
                after = decode(cursor_text)
            else:
                since = parse_since(since_text)
                first = (
                    AuditEvent.objects.filter(at__gte=since)
                    .order_by("id")
                    .values_list("id", flat=True)
                    .first()
                )
                last = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first()
                after = (first - 1) if first is not None else (last or 0)
            qs = qs.filter(vb_change_seq__gt=after).order_by("vb_change_seq")
            key = "vb_change_seq"
        else:
            qs = queryset.order_by("id")
            if cursor_text:
                qs = qs.filter(id__gt=decode(cursor_text))
            key = "id"
        rows = list(qs[: size + 1])
        self.has_next = len(rows) > size
        rows = rows[:size]
        self.next_cursor = encode(getattr(rows[-1], key)) if rows and self.has_next else None
        if self.by_change and rows and not self.has_next:
            # The last page still hands back a cursor: the next pull starts after it.
            self.next_cursor = encode(getattr(rows[-1], key))
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
        if getattr(view, "change_types", None):
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


__all__ = ["CursorPagination", "F", "decode", "encode"]
