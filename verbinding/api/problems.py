"""Errors as ``application/problem+json`` (RFC 9457), with per-item errors for bulk requests."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_handler

PROBLEM = "application/problem+json"
TYPE_BASE = "https://verbinding.example/problems/"

TITLES = {
    400: "Bad request",
    401: "Not authenticated",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    406: "Not acceptable",
    409: "Conflict",
    415: "Unsupported media type",
    422: "Unprocessable content",
    429: "Too many requests",
}


class BulkRejected(exceptions.APIException):
    """A bulk request refused whole: nothing was written. ``errors`` name the item and field."""

    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_detail = "The request was refused whole; nothing was written."

    def __init__(self, errors: list[dict[str, Any]], detail: str | None = None) -> None:
        super().__init__(detail or self.default_detail)
        self.errors = errors


class AlreadyRated(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "This contact has already been rated; the first answer stays."


class IdempotencyConflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "This Idempotency-Key was used before with another request body."


def _flatten(data: Any, prefix: str = "") -> list[dict[str, Any]]:
    """DRF's nested validation errors as a flat list of {pointer, detail}."""
    out: list[dict[str, Any]] = []
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "non_field_errors":
                out.extend(_flatten(value, prefix))
            else:
                out.extend(_flatten(value, f"{prefix}/{key}"))
    elif isinstance(data, list):
        if all(not isinstance(v, dict | list) for v in data):
            out.extend({"pointer": prefix or "/", "detail": str(v)} for v in data)
        else:
            for i, value in enumerate(data):
                if value:
                    out.extend(_flatten(value, f"{prefix}/{i}"))
    else:
        out.append({"pointer": prefix or "/", "detail": str(data)})
    return out


def problem(status_code: int, detail: str, **extra: Any) -> Response:
    title = TITLES.get(status_code, "Error")
    body = {
        "type": TYPE_BASE + title.lower().replace(" ", "-"),
        "title": title,
        "status": status_code,
        "detail": detail,
        **extra,
    }
    return Response(body, status=status_code, content_type=PROBLEM)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_handler(exc, context)
    if response is None or not isinstance(exc, exceptions.APIException):
        return response
    request = context.get("request")
    extra: dict[str, Any] = {"instance": request.get_full_path() if request else ""}
    if isinstance(exc, BulkRejected):
        extra["errors"] = exc.errors
        detail = str(exc.detail)
    elif isinstance(exc, exceptions.ValidationError):
        extra["errors"] = _flatten(exc.detail)
        detail = "The request does not match the schema."
    else:
        detail = str(exc.detail) if not isinstance(exc.detail, dict | list) else exc.default_detail
    result = problem(response.status_code, detail, **extra)
    for header in ("WWW-Authenticate", "Retry-After", "Allow"):
        if header in response:
            result[header] = response[header]
    return result
