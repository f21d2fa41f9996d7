"""Double tap: every form carries a one-time token; a form submitted twice records once.

``OnceMiddleware`` adds a fresh ``_once`` hidden input next to the CSRF input of every form in an
HTML page (so every create form has one, without each template remembering), and on a POST that
carries a token records it in ``UsedFormToken`` (unique) *before* the view runs. The second submit
of the same form - a double tap, a resend after a slow network, two requests racing - finds the
token taken and is redirected back with a message instead of recording again. A POST that ends in
a server error gives its token back, so the user can try again.

Used tokens older than ``KEEP`` are deleted now and then (they only need to outlive a page).
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from verbinding import clock
from verbinding.web.models import UsedFormToken

FIELD = "_once"
KEEP = dt.timedelta(days=2)
_CSRF_INPUT = re.compile(rb'(<input type="hidden" name="csrfmiddlewaretoken" value="[^"]*">)')


def _with_tokens(content: bytes) -> bytes:
    def add(match: re.Match[bytes]) -> bytes:
        token = secrets.token_urlsafe(24).encode()
        return (
            match.group(1)
            + b'<input type="hidden" name="'
            + FIELD.encode()
            + b'" value="'
            + token
            + b'">'
        )

    return _CSRF_INPUT.sub(add, content)


def claim(token: str, *, user: Any, path: str) -> bool:
    """Record the token as used; False when it was used before (or by a racing request)."""
    try:
        with transaction.atomic():
            staff = user if getattr(user, "pk", None) else None
            # A tenant's or partner's page carries its secret link token in the path: keep the
            # path only for staff pages.
            UsedFormToken.objects.create(
                token=token[:64], user=staff, path=path[:200] if staff is not None else ""
            )
    except IntegrityError:
        return False
    if secrets.randbelow(200) == 0:
        UsedFormToken.objects.filter(used_at__lt=clock.now() - KEEP).delete()
    return True


class OnceMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = ""
        if request.method == "POST" and not request.path.startswith("/api/"):
            token = request.POST.get(FIELD, "")  # the CSRF check has parsed the form already
        if token and not claim(token, user=getattr(request, "user", None), path=request.path):
            messages.info(request, _("This form was already sent; it has been recorded once."))
            return HttpResponseRedirect(self._back(request))
        try:
            response = self.get_response(request)
        except Exception:
            if token:
                UsedFormToken.objects.filter(token=token[:64]).delete()
            raise
        if token and response.status_code >= 500:
            UsedFormToken.objects.filter(token=token[:64]).delete()
        if (
            not getattr(response, "streaming", False)
            and response.get("Content-Type", "").startswith("text/html")
            and b"csrfmiddlewaretoken" in response.content
        ):
            response.content = _with_tokens(response.content)
            if response.has_header("Content-Length"):
                response["Content-Length"] = str(len(response.content))
        return response

    @staticmethod
    def _back(request: HttpRequest) -> str:
        referer = request.META.get("HTTP_REFERER", "")
        if referer and url_has_allowed_host_and_scheme(
            referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return referer
        return request.path
