"""Every view of a page with personal data is audited, and every attempt to open an id out of reach.

One row per page view: the page's name, the record its URL names (see audit.pages) and the
household, taken from the URL or from what the page's selectors opened (they note it in
audit.context instead of writing a row each). Exports (PDF, CSV) write their own row in the view.
A 403/404 on a URL with ids is written as an attempt (``denied``), for GET and POST. Anonymous
requests (the tenant's feedback form) are never logged against a household.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from verbinding.audit import context, pages
from verbinding.audit.models import AuditAction


class AuditViewsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            # Anonymous (a tenant's or a partner's link, an API token checked later by the
            # view): selectors and services write their own rows at once, no page row.
            return self.get_response(request)
        state = context.start_request()
        try:
            response = self.get_response(request)
        finally:
            context.end_request()
        self._audit(request, response, state)
        return response

    def _audit(
        self, request: HttpRequest, response: HttpResponse, state: context.RequestAudit
    ) -> None:
        match = getattr(request, "resolver_match", None)
        user = getattr(request, "user", None)
        if match is None or user is None or not user.is_authenticated:
            return
        name = match.view_name
        if name.startswith("admin:"):
            return
        status = response.status_code
        personal = name not in pages.NOT_PERSONAL
        if status in (403, 404) and match.kwargs and personal:
            action = AuditAction.DENIED
        elif 200 <= status < 300 and (
            state.seen or (personal and request.method in ("GET", "HEAD") and not state.exported)
        ):
            action = AuditAction.VIEW
        else:
            return
        from verbinding.audit.services import audit_record

        seen = bool(state.seen) and action == AuditAction.VIEW
        object_type, object_id, household_id = pages.resolve(name, match.kwargs, household=not seen)
        if seen:
            seen_type, seen_id, seen_household = state.seen[0]
            if object_type == "page":
                object_type, object_id = seen_type, seen_id
            household_id = household_id or seen_household
        audit_record(
            actor=user,
            action=action,
            object_type=object_type,
            object_id=object_id,
            household_id=household_id,
            summary=f"page {name}",
        )
