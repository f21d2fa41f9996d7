from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from verbinding.audit.selectors import audit_events_for


@login_required
def audit_list(request: HttpRequest) -> HttpResponse:
    household = request.GET.get("household")
    household_id = int(household) if household and household.isdigit() else None
    events = audit_events_for(user=request.user, household_id=household_id)
    page = Paginator(events, 100).get_page(request.GET.get("page"))
    return render(request, "audit/list.html", {"page": page, "household_id": household_id})
