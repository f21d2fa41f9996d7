from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from verbinding.accounts.models import Role


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The start page, by role: the worklist for advisors and team leads (verbinding.worklist),
    the outcomes for managers, a greeting with the way to their work for the other roles."""
    user: Any = request.user
    if user.role in (Role.ADVISOR, Role.TEAM_LEAD):
        from verbinding.worklist.views import start_page

        return start_page(request)
    if user.role == Role.MANAGER:
        return redirect("outcomes:dashboard")  # the manager starts with the outcomes
    return render(request, "web/home.html")


def health(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")
