from __future__ import annotations

import csv

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from verbinding import clock
from verbinding.audit import register
from verbinding.audit.models import AuditAction
from verbinding.audit.selectors import audit_events_for
from verbinding.audit.services import audit_record
from verbinding.web.spreadsheet import SafeWriter

PAGE_SIZE = 100


@login_required
def audit_list(request: HttpRequest) -> HttpResponse:
    """The register: filters by person, household (name or address), period and action."""
    events = audit_events_for(user=request.user)
    form = register.RegisterFilter(request.GET or None)
    if request.GET and not form.is_valid():
        return render(request, "audit/list.html", {"form": form, "page": None}, status=400)
    data = form.cleaned_data if form.is_bound else {}
    events = register.filtered(events, data)
    page = Paginator(events, PAGE_SIZE).get_page(data.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/list.html",
        {
            "form": form,
            "page": page,
            "lines": register.lines(page.object_list),
            "query": query.urlencode(),
        },
    )


@login_required
def audit_csv(request: HttpRequest) -> HttpResponse:
    """The filtered register as CSV (semicolons, UTF-8 with BOM for Dutch Excel)."""
    events = audit_events_for(user=request.user)
    form = register.RegisterFilter(request.GET or None)
    if request.GET and not form.is_valid():
        return render(request, "audit/list.html", {"form": form, "page": None}, status=400)
    data = form.cleaned_data if form.is_bound else {}
    events = register.filtered(events, data)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="auditregister-{clock.today().isoformat()}.csv"'
    )
    response.write("\ufeff")
    writer = SafeWriter(csv.writer(response, delimiter=";"))
    writer.writerow([str(h) for h in register.CSV_HEADER])
    count = 0
    for chunk_start in range(0, events.count(), 2000):
        for line in register.lines(events[chunk_start : chunk_start + 2000]):
            writer.writerow(register.csv_row(line))
            count += 1
    audit_record(
        actor=request.user,
        action=AuditAction.EXPORT,
        object_type="audit.register",
        summary=f"audit register CSV, {count} rows",
    )
    return response
