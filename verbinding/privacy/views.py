"""The privacy officer's pages: find a household, produce its subject-access export."""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from verbinding import clock
from verbinding.accounts.roles import PRIVACY_ROLES
from verbinding.audit.models import AuditAction
from verbinding.audit.register import household_ids_matching
from verbinding.audit.services import audit_record
from verbinding.households.models import Household
from verbinding.privacy import pdf, subject_access
from verbinding.web.access import require_role


@login_required
@require_role(*PRIVACY_ROLES)
def index(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    found = []
    if query:
        found = list(
            Household.objects.filter(id__in=household_ids_matching(query)).order_by("name")[:50]
        )
    return render(request, "privacy/index.html", {"query": query, "found": found})


def _export(request: HttpRequest, household_id: int, fmt: str) -> HttpResponse:
    household = get_object_or_404(Household, id=household_id)
    data = subject_access.collect(household, today=clock.today())
    audit_record(
        actor=request.user,
        action=AuditAction.EXPORT,
        obj=household,
        household_id=household.id,
        summary=f"subject access export ({fmt})",
    )
    name = f"inzage-{household.external_id}-{clock.today().isoformat()}.{fmt}"
    if fmt == "json":
        body = json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
    else:
        response = HttpResponse(pdf.render(data), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_role(*PRIVACY_ROLES)
def export_json(request: HttpRequest, household_id: int) -> HttpResponse:
    return _export(request, household_id, "json")


@login_required
@require_role(*PRIVACY_ROLES)
def export_pdf(request: HttpRequest, household_id: int) -> HttpResponse:
    return _export(request, household_id, "pdf")
