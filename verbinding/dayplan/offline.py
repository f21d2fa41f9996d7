"""Offline-tolerant visits (ADR 0017): the pages the service worker keeps for today's round, the
worker itself, the web app manifest, and a logout that wipes the device.

Only the advisor's own round of *today* can be fetched here (a household not on it is a 404), and
only the compact page: who lives there, the address and phone, safety flags and the work in
progress (no ledger, no contact history). Responses stay ``no-store``: the service worker puts
them in its own cache on purpose, the browser's HTTP cache never holds them.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from verbinding import clock
from verbinding.contacts.forms import OUTCOMES_BY_CHANNEL
from verbinding.contacts.models import Outcome
from verbinding.dayplan import selectors
from verbinding.households.glance import household_glance
from verbinding.web.access import require_household_work

STATIC_DIR = Path(__file__).resolve().parent / "static" / "dayplan"
# What the offline pages need besides themselves (static URLs, resolved per deployment).
ASSETS = ("verbinding/app.css", "verbinding/menu.js", "verbinding/tables.js", "dayplan/offline.js")


def offline_pages(stops: list[selectors.Stop]) -> list[str]:
    return [reverse("dayplan:offline_household", args=[s.visit.household_id]) for s in stops]


def offline_assets() -> list[str]:
    return [static(name) for name in ASSETS]


@never_cache
@login_required
@require_household_work
def offline_round(request: HttpRequest) -> HttpResponse:
    """Today's round as the service worker keeps it: names, addresses, links to each household's
    offline page, and the contacts not yet sent from this device."""
    stops = selectors.round_for(user=request.user, day=clock.today())
    return render(request, "dayplan/offline_round.html", {"stops": stops, "day": clock.today()})


@never_cache
@login_required
@require_household_work
def offline_household(request: HttpRequest, household_id: int) -> HttpResponse:
    """A planned household's compact page with the offline contact form (today's round only)."""
    today = clock.today()
    stop = next(
        (
            s
            for s in selectors.round_for(user=request.user, day=today)
            if s.visit.household_id == household_id
        ),
        None,
    )
    if stop is None:
        raise Http404
    household = stop.visit.household
    glance = household_glance(user=request.user, household=household, today=today)
    tenant = household.members.filter(role="HUU").select_related("person").first()
    # Audited by the view-audit middleware ("page dayplan:offline_household", the household).
    outcomes = [(value, Outcome(value).label) for value in OUTCOMES_BY_CHANNEL["BEZ"]]
    return render(
        request,
        "dayplan/offline_household.html",
        {
            "stop": stop,
            "household": household,
            "glance": glance,
            "phone": tenant.person.phone if tenant else "",
            "outcomes": outcomes,
        },
    )


@cache
def _worker_source() -> bytes:
    return (STATIC_DIR / "sw.js").read_bytes()


def service_worker(request: HttpRequest) -> HttpResponse:
    """``/sw.js``: served from the site root so its scope is the whole site."""
    response = HttpResponse(_worker_source(), content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"  # the browser checks for a new worker on every load
    response["Service-Worker-Allowed"] = "/"
    return response


def manifest(request: HttpRequest) -> JsonResponse:
    """``/manifest.webmanifest``: makes the app installable on a phone."""
    data: dict[str, Any] = {
        "name": "Verbinding",
        "short_name": "Verbinding",
        "description": _("Casework for neighbourhood advisors"),
        "lang": "nl",
        "start_url": reverse("dayplan:today"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#1f4e79",
        "icons": [
            {"src": static("dayplan/icon.svg"), "sizes": "any", "type": "image/svg+xml"},
            {"src": static("dayplan/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("dayplan/icon-512.png"), "sizes": "512x512", "type": "image/png"},
        ],
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json"
    return response


class LogoutView(auth_views.LogoutView):
    """Django's logout, plus ``Clear-Site-Data``: the browser drops the service worker's cache,
    IndexedDB (the unsent contacts and their key) and the HTTP cache of this site. The page
    script wipes the same before it submits (for browsers that ignore the header)."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        response["Clear-Site-Data"] = '"cache", "storage"'
        return response


def round_context(stops: list[selectors.Stop]) -> dict[str, str]:
    """For the day plan page: what to ask the service worker to keep (as JSON attributes)."""
    return {
        "offline_pages": json.dumps(offline_pages(stops)),
        "offline_assets": json.dumps(offline_assets()),
    }
