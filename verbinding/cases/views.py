from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from verbinding.cases import selectors, services
from verbinding.cases.forms import CaseOpenForm, CaseStatusForm
from verbinding.vera import codes
from verbinding.web.access import require_household_work


def _next_or(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return target
    return default


@login_required
@require_household_work
def case_open(request: HttpRequest) -> HttpResponse:
    """Open a case in one step: ``/cases/open/?household=<id>&detail=HUA`` shows one button."""
    data = request.POST if request.method == "POST" else request.GET
    household = selectors.household_in_reach(user=request.user, household_id=data.get("household"))
    household_url = reverse("households:detail", args=[household.id])
    if request.method == "POST":
        form = CaseOpenForm(request.POST)
        if form.is_valid():
            case = services.case_open(
                household=household,
                detail=form.cleaned_data["detail"],
                summary=form.cleaned_data["summary"],
                handler=request.user,
                actor=request.user,
            )
            messages.success(
                request,
                _("Case opened: %(case)s.") % {"case": case.get_detail_display()},
            )
            return redirect(_next_or(request, household_url))
    else:
        detail = data.get("detail") or "HUA"
        form = CaseOpenForm(initial={"detail": detail, "summary": data.get("summary", "")})
    open_same = [
        c for c in household.cases.all() if c.is_open and c.detail == form["detail"].value()
    ]
    return render(
        request,
        "cases/open.html",
        {
            "household": household,
            "form": form,
            "open_same": open_same,
            "next": _next_or(request, household_url),
        },
    )


@login_required
@require_household_work
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    case = selectors.case_detail(user=request.user, case_id=case_id)
    allowed = codes.CASE_TRANSITIONS.get(case.status, ())
    form = CaseStatusForm()
    form.fields["status"].choices = [  # type: ignore[attr-defined]
        (c, label) for c, label in codes.ZaakstatusSoort.choices if c in allowed
    ]
    return render(
        request, "cases/detail.html", {"case": case, "form": form, "can_move": bool(allowed)}
    )


@login_required
@require_household_work
def case_status(request: HttpRequest, case_id: int) -> HttpResponse:
    case = selectors.case_detail(user=request.user, case_id=case_id)
    if request.method != "POST":
        return redirect("cases:detail", case_id=case.id)
    form = CaseStatusForm(request.POST)
    if form.is_valid():
        try:
            services.case_change_status(
                case=case,
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
                actor=request.user,
                seen=form.cleaned_data["seen"] or None,
            )
            messages.success(request, _("Status changed."))
        except services.StaleStatus as error:
            messages.error(request, str(error))
        except services.TransitionNotAllowed:
            messages.error(request, _("That status change is not allowed."))
    else:
        messages.error(request, _("Choose a status."))
    return redirect("cases:detail", case_id=case.id)
