"""Error pages of the transport layer."""

from __future__ import annotations

from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """400: a bad query parameter (``BadRequest`` raised by a view with a Dutch reason) or a
    malformed request. The reason is our own text, never what the visitor typed."""
    reason = str(exception) if isinstance(exception, BadRequest) else ""
    return render(request, "400.html", {"reason": reason}, status=400)
