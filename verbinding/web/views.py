from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from verbinding.accounts.models import Role
from verbinding.accounts.selectors import colleagues_for, neighbourhoods_for
from verbinding.households.selectors import households_for
from verbinding.web.selectors import neighbourhood_overview


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The start page, by role: the worklist for advisors and team leads (verbinding.worklist)."""
    user: Any = request.user
    if user.role in (Role.ADVISOR, Role.TEAM_LEAD):
        from verbinding.worklist.views import start_page

        return start_page(request)
    if user.role == Role.MANAGER:
        return redirect("outcomes:dashboard")  # the manager starts with the outcomes
    context: dict[str, object] = {}
    if user.role in (Role.ADVISOR, Role.TEAM_LEAD):
        context["neighbourhoods"] = neighbourhoods_for(user=user).select_related("district")
        context["household_count"] = households_for(user=user).count()
        context["colleagues"] = colleagues_for(user=user)
    if user.role == Role.MANAGER:
        context["overview"] = neighbourhood_overview()
    return render(request, "web/home.html", context)


def health(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")
