from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from verbinding.accounts.roles import MANAGEMENT_ROLES
from verbinding.arrears.selectors import policy_history, policy_on
from verbinding.web.access import require_role


@login_required
@require_role(*MANAGEMENT_ROLES)
def policy(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "arrears/policy.html",
        {"current": policy_on(), "history": policy_history()},
    )
