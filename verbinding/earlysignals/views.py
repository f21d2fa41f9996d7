from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from verbinding import clock
from verbinding.accounts.roles import Role
from verbinding.earlysignals import rules, selectors, services
from verbinding.earlysignals.forms import (
    DataSetForm,
    EvidenceForm,
    ExportForm,
    OutcomeForm,
    PolicyForm,
)
from verbinding.earlysignals.models import Evidence, Signal, SignalPolicy
from verbinding.households.selectors import household_detail, households_for
from verbinding.web.access import require_household_work, require_role

STATUS_LABELS = {
    rules.DUE: gettext_lazy("Due to send"),
    rules.NOT_IN_ARREARS: gettext_lazy("No arrears"),
    rules.TOO_EARLY: gettext_lazy("Not yet due"),
    rules.NOT_READY: gettext_lazy("Checklist not complete"),
    rules.OBJECTED: gettext_lazy("Tenant objects"),
    rules.NO_AGREEMENT: gettext_lazy("Municipality does not receive signals"),
    rules.ALREADY_SENT: gettext_lazy("Already sent"),
    rules.ARRANGEMENT: gettext_lazy("Arrangement running"),
    rules.WAITING: gettext_lazy("Waiting: the tenant may still object"),
}
STEP_LABELS = {
    rules.CONTACT: gettext_lazy("(a) Tried to reach the tenant in person"),
    rules.DEBT_HELP: gettext_lazy("(b) Pointed to debt help"),
    rules.REMINDER: gettext_lazy("(c) At least one written reminder"),
    rules.OFFER: gettext_lazy("(d) Offered in that reminder to pass on the contact details"),
}


@login_required
@require_household_work
def signal_list(request: HttpRequest) -> HttpResponse:
    today = clock.today()
    ids = list(households_for(user=request.user).values_list("id", flat=True))
    rows = selectors.readiness(household_ids=ids, today=today)
    shown = request.GET.get("status", rules.DUE)
    visible = [r for r in rows if r.status == shown] if shown != "all" else rows
    counts = {s: sum(1 for r in rows if r.status == s) for s in STATUS_LABELS}
    sent = Signal.objects.filter(household_id__in=ids).select_related("household", "municipality")
    return render(
        request,
        "earlysignals/list.html",
        {
            "rows": sorted(visible, key=lambda r: r.readiness.arose_on or today)[:200],
            "shown": shown,
            "counts": [(s, STATUS_LABELS[s], counts[s]) for s in STATUS_LABELS],
            "status_labels": STATUS_LABELS,
            "today": today,
            "can_export": getattr(request.user, "role", None) == Role.TEAM_LEAD,
            "export_form": ExportForm(),
            "sent": sent[:50],
            "outcome_form": OutcomeForm(),
        },
    )


@login_required
@require_role(Role.TEAM_LEAD)
@require_POST
def signal_export(request: HttpRequest) -> HttpResponse:
    form = ExportForm(request.POST)
    if not form.is_valid():
        raise Http404
    ids = list(households_for(user=request.user).values_list("id", flat=True))
    fmt = form.cleaned_data["file_format"]
    content, count = services.signals_export(
        adapter="generic", file_format=fmt, actor=request.user, household_ids=ids
    )
    if not count:
        messages.info(request, _("No signals are due."))
        return redirect("earlysignals:list")
    response = HttpResponse(
        content, content_type="text/csv; charset=utf-8" if fmt == "csv" else "application/json"
    )
    name = f"vroegsignalering-{clock.today():%Y%m%d}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_household_work
def household_checklist(request: HttpRequest, household_id: int) -> HttpResponse:
    household = household_detail(user=request.user, household_id=household_id, audit=False)
    form = EvidenceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.evidence_record(household=household, actor=request.user, **form.cleaned_data)
        except services.SignalError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Saved."))
            return redirect("earlysignals:household", household_id=household.id)
    today = clock.today()
    rows = selectors.readiness(household_ids=[household.id], today=today, only_in_arrears=False)
    return render(
        request,
        "earlysignals/household.html",
        {
            "household": household,
            "rows": rows,
            "steps": [(code, STEP_LABELS[code]) for code in rules.STEPS],
            "status_labels": STATUS_LABELS,
            "policy": selectors.policy_current(on=today),
            "form": form,
            "evidence": Evidence.objects.filter(household=household).select_related("created_by"),
            "signals": Signal.objects.filter(household=household),
        },
    )


@login_required
@require_household_work
@require_POST
def signal_outcome(request: HttpRequest, signal_id: int) -> HttpResponse:
    signal = (
        Signal.objects.filter(household__in=households_for(user=request.user).values("id"))
        .filter(id=signal_id)
        .first()
    )
    if signal is None:
        raise Http404
    form = OutcomeForm(request.POST)
    if form.is_valid():
        services.signal_outcome_record(
            signal=signal,
            outcome=form.cleaned_data["outcome"],
            on=form.cleaned_data["on"],
            actor=request.user,
        )
        messages.success(request, _("Outcome saved."))
    return redirect("earlysignals:list")


@login_required
@require_role(Role.MANAGER)
def policy(request: HttpRequest) -> HttpResponse:
    today = clock.today()
    current = selectors.policy_current(on=today)
    is_data_set = request.method == "POST" and "data-municipality" in request.POST
    form = PolicyForm(
        request.POST if request.method == "POST" and not is_data_set else None,
        initial={
            "valid_from": today,
            "days_late": current.days_late,
            "while_arrangement": current.while_arrangement,
            "waiting_days": current.waiting_days,
        },
    )
    data_form = DataSetForm(request.POST if is_data_set else None)
    if is_data_set and data_form.is_valid():
        try:
            services.data_set_save(
                actor=request.user,
                municipality=data_form.cleaned_data["municipality"],
                fields=list(data_form.cleaned_data["data_fields"]),
                note=data_form.cleaned_data["note"],
            )
        except services.SignalError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Saved."))
            return redirect("earlysignals:policy")
    elif request.method == "POST" and not is_data_set and form.is_valid():
        services.policy_new_version(actor=request.user, **form.cleaned_data)
        messages.success(request, _("Saved."))
        return redirect("earlysignals:policy")
    return render(
        request,
        "earlysignals/policy.html",
        {
            "current": current,
            "form": form,
            "data_form": data_form,
            "data_sets": [
                (m, selectors.data_set_words(fields))
                for m, fields in selectors.data_sets_by_municipality()
            ],
            "versions": SignalPolicy.objects.all()[:50],
        },
    )
