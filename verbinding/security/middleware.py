"""Transport middleware: no caching of dynamic pages, sessions that end when idle or too old."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from verbinding import clock

STARTED = "verbinding_session_started"
LAST_SEEN = "verbinding_session_last_seen"
# Write the last-seen time at most this often (a session write per request would be wasteful).
TOUCH_EVERY_SECONDS = 60


class NoStoreMiddleware:
    """Every dynamic response (pages, PDFs, CSV exports, JSON) is ``Cache-Control: no-store``: a
    shared computer's browser or a proxy keeps no copy of a household's file. Static files are
    served by whitenoise above this middleware and keep their long cache headers; a view that set
    its own ``Cache-Control`` keeps it (the service worker script: ``no-cache``; never_cache)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not response.has_header("Cache-Control"):  # a view that chose (the service worker)
            patch_cache_control(response, no_store=True, private=True)
        return response


def mark_session_start(request: HttpRequest) -> None:
    now = clock.now().timestamp()
    request.session[STARTED] = now
    request.session[LAST_SEEN] = now


class SessionTimeoutMiddleware:
    """A logged-in session ends after ``SESSION_IDLE_SECONDS`` without a request (default 30
    minutes) and after ``SESSION_COOKIE_AGE`` since login whatever happens (default 10 hours;
    refreshing the idle clock writes the session, which would otherwise extend the cookie)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        session = getattr(request, "session", None)
        if user is None or session is None or not user.is_authenticated:
            return self.get_response(request)
        now = clock.now().timestamp()
        started = session.get(STARTED)
        last_seen = session.get(LAST_SEEN)
        if started is None or last_seen is None:
            mark_session_start(request)
        elif (
            now - last_seen > settings.SESSION_IDLE_SECONDS
            or now - started > settings.SESSION_COOKIE_AGE
        ):
            logout(request)
            messages.info(
                request, _("You were logged out because the session ended. Log in again.")
            )
            return redirect_to_login(request.get_full_path())
        elif now - last_seen >= TOUCH_EVERY_SECONDS:
            session[LAST_SEEN] = now
        return self.get_response(request)
