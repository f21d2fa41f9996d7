from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from verbinding import clock
from verbinding.households import selectors as household_selectors
from verbinding.households.models import Household, Tenancy
from verbinding.nuisance import forms, rules, selectors, services
from verbinding.nuisance.models import NuisanceCase, Step
from verbinding.vera import codes
from verbinding.web.access import require_household_work


def _neighbours(*, user: Any, household: Household) -> list[tuple[Household, str]]:
    """Households in reach on the same street (the usual reporters), by house number."""
    tenancy = (
        household.tenancies.filter(status__in=codes.ACTIVE_TENANCY_STATUSES)
        .select_related("unit")
        .first()
    )
    if tenancy is None:
        return []
    unit = tenancy.unit
    rows = (
        Tenancy.objects.filter(
            status__in=codes.ACTIVE_TENANCY_STATUSES,
            unit__street=unit.street,
            unit__city=unit.city,
            household__in=household_selectors.households_for(user=user).values("id"),
        )
        .exclude(household=household)
        .select_related("household", "unit")
        .order_by("unit__house_number", "unit__house_letter", "unit__house_number_addition")[:80]
    )
    return [(t.household, f"{t.unit.address} · {t.household.name}") for t in rows]


@login_required
@require_household_work
def case_list(request: HttpRequest) -> HttpResponse:
    show = request.GET.get("show", "open")
    if show not in ("open", "closed", "all"):
        show = "open"
    page = Paginator(selectors.case_list(user=request.user, show=show), 50).get_page(
        request.GET.get("page")
    )
    page.object_list = list(page.object_list)
    selectors.mask_out_of_reach(
        user=request.user, households=[nc.case.household for nc in page.object_list]
    )
    return render(request, "nuisance/list.html", {"page": page, "show": show})


@login_required
@require_household_work
def report_start(request: HttpRequest) -> HttpResponse:
    """Step 1 of a report: find the household the report is about."""
    query = request.GET.get("q", "").strip()
    results = (
        list(household_selectors.household_list(user=request.user, query=query)[:20])
        if query
        else []
    )
    return render(request, "nuisance/report_start.html", {"query": query, "results": results})


@login_required
@require_household_work
def report_new(request: HttpRequest, household_id: int) -> HttpResponse:
    """Step 2: the report itself, about ``household_id`` (the complained-about party)."""
    household = household_selectors.household_detail(
        user=request.user, household_id=household_id, audit=request.method == "GET"
    )
    neighbours = _neighbours(user=request.user, household=household)
    form = forms.ReportForm(request.POST or None, neighbours=neighbours)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        reporter = None
        if data["reporter_household"]:
            reporter = next(
                (h for h, _label in neighbours if h.id == data["reporter_household"]), None
            )
            if reporter is None:
                raise Http404
        report = services.report_file(
            against=household,
            reporter_household=reporter,
            reporter_name=data["reporter_name"],
            reporter_organisation=data["reporter_organisation"],
            reporter_contact=data["reporter_contact"],
            reporter_role=data["reporter_role"],
            share_identity=data["share_identity"],
            source=data["source"],
            channel=data["channel"],
            detail=data["detail"],
            occurred_on=data["occurred_on"],
            occurred_time=data["occurred_time"],
            place=data["place"],
            what_happened=data["what_happened"],
            frequency=data["frequency"],
            talked_to_neighbour=data["talked_to_neighbour"],
            actor=request.user,
        )
        if hasattr(report, "recurrence"):
            messages.warning(
                request,
                _("Recurrence: a case about this household was closed less than 12 months ago."),
            )
        messages.success(request, _("Report saved."))
        return redirect("nuisance:detail", case_id=report.nuisance_case_id)
    tenancy = next(iter(household.tenancies.all()), None)
    return render(
        request,
        "nuisance/report_form.html",
        {"household": household, "tenancy": tenancy, "form": form},
    )


@login_required
@require_household_work
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    nuisance_case = selectors.case_detail(user=request.user, case_id=case_id)
    return render(request, "nuisance/detail.html", _detail_context(nuisance_case, request.user))


def _detail_context(nuisance_case: NuisanceCase, user: Any) -> dict[str, Any]:
    today = clock.today()
    parties = list(nuisance_case.parties.all())
    complained = [p for p in parties if p.role == "BEK"]
    facts = selectors.case_facts(nuisance_case, today)
    suggestion = rules.suggest_next_step(facts)
    for party in complained:
        party.invitation_form = forms.InvitationForm(prefix=f"invite{party.id}")  # type: ignore[attr-defined]
        party.invite_state = rules.invitation_state(  # type: ignore[attr-defined]
            [i.sent_on for i in party.invitations.all()], bool(party.accounts.all()), today
        )
    reports_by_party: dict[int, list[Any]] = {}
    for report in nuisance_case.reports.all():
        reports_by_party.setdefault(report.reporter_id, []).append(report)
    reporters = [p for p in parties if p.is_reporter]
    for party in reporters:
        party.party_reports = reports_by_party.get(party.id, [])  # type: ignore[attr-defined]
    mediations = list(nuisance_case.mediations.all())
    for mediation in mediations:
        mediation.outcome_form = forms.MediationOutcomeForm(prefix=f"outcome{mediation.id}")  # type: ignore[attr-defined]
    context: dict[str, Any] = {
        "nc": nuisance_case,
        "case": nuisance_case.case,
        "complained": complained,
        "reporters": reporters,
        "others": [p for p in parties if p.role == "OVE"],
        "suggestion": suggestion,
        "suggested_label": Step(suggestion.step).label if suggestion.step else "",
        "visit_flags": selectors.visit_flags(nuisance_case),
        "new_reports": [r for r in nuisance_case.reports.all() if r.acknowledged_on is None],
        "mediations": mediations,
        "pending_mediations": [m for m in mediations if not m.outcome],
        "account_form": forms.AccountForm(parties=parties, prefix="account"),
        "incident_form": forms.IncidentForm(prefix="incident"),
        "step_form": forms.StepForm(initial={"step": suggestion.step}, prefix="step"),
        "mediation_form": forms.MediationForm(prefix="mediation"),
        "party_form": forms.PartyForm(
            prefix="party",
            neighbours=_neighbours(user=user, household=nuisance_case.case.household),
        ),
        "close_form": forms.CloseForm(prefix="close"),
        "today": today,
    }
    return context


def case_action(view: Callable[..., None]) -> Callable[..., HttpResponse]:
    """POST-only actions on a case in reach; invalid forms come back as a message."""

    @login_required
    @require_household_work
    @require_POST
    @wraps(view)
    def wrapped(request: HttpRequest, case_id: int, **kwargs: Any) -> HttpResponse:
        nuisance_case = selectors.case_detail(user=request.user, case_id=case_id, audit=False)
        try:
            view(request, nuisance_case, **kwargs)
        except (services.NuisanceError, ValueError) as error:
            messages.error(request, _("Not saved: %(error)s") % {"error": error})
        return redirect("nuisance:detail", case_id=nuisance_case.id)

    return wrapped


def _invalid(request: HttpRequest, form: Any) -> None:
    errors = "; ".join(str(e) for errs in form.errors.values() for e in errs)
    messages.error(request, _("Not saved: %(error)s") % {"error": errors})


@case_action
def account_add(request: HttpRequest, nc: NuisanceCase) -> None:
    form = forms.AccountForm(request.POST, parties=nc.parties.all(), prefix="account")
    if not form.is_valid():
        return _invalid(request, form)
    services.account_record(
        party=selectors.party_in_case(nuisance_case=nc, party_id=form.cleaned_data["party"]),
        words=form.cleaned_data["words"],
        heard_on=form.cleaned_data["heard_on"],
        channel=form.cleaned_data["channel"],
        actor=request.user,
    )
    messages.success(request, _("Account saved."))


@case_action
def invitation_add(request: HttpRequest, nc: NuisanceCase, party_id: int) -> None:
    party = selectors.party_in_case(nuisance_case=nc, party_id=party_id)
    form = forms.InvitationForm(request.POST, prefix=f"invite{party.id}")
    if not form.is_valid():
        return _invalid(request, form)
    services.invitation_send(party=party, actor=request.user, **form.cleaned_data)
    messages.success(request, _("Invitation recorded."))


@case_action
def incident_add(request: HttpRequest, nc: NuisanceCase) -> None:
    form = forms.IncidentForm(request.POST, prefix="incident")
    if not form.is_valid():
        return _invalid(request, form)
    services.incident_record(nuisance_case=nc, actor=request.user, **form.cleaned_data)
    messages.success(request, _("Incident added to the log."))


@case_action
def step_add(request: HttpRequest, nc: NuisanceCase) -> None:
    form = forms.StepForm(request.POST, prefix="step")
    if not form.is_valid():
        return _invalid(request, form)
    suggestion = rules.suggest_next_step(selectors.case_facts(nc))
    services.step_record(
        nuisance_case=nc,
        suggested=suggestion.step,
        actor=request.user,
        **form.cleaned_data,
    )
    messages.success(request, _("Step recorded."))


@case_action
def step_done(request: HttpRequest, nc: NuisanceCase, step_id: int) -> None:
    step = next((s for s in nc.steps.all() if s.id == step_id), None)
    if step is None:
        raise Http404
    services.follow_up_mark_done(step=step, actor=request.user)
    messages.success(request, _("Follow-up done."))


@case_action
def mediation_add(request: HttpRequest, nc: NuisanceCase) -> None:
    form = forms.MediationForm(request.POST, prefix="mediation")
    if not form.is_valid():
        return _invalid(request, form)
    suggestion = rules.suggest_next_step(selectors.case_facts(nc))
    services.mediation_refer(
        nuisance_case=nc, suggested=suggestion.step, actor=request.user, **form.cleaned_data
    )
    messages.success(request, _("Mediation referral recorded."))


@case_action
def mediation_outcome(request: HttpRequest, nc: NuisanceCase, mediation_id: int) -> None:
    mediation = selectors.mediation_in_case(nuisance_case=nc, mediation_id=mediation_id)
    form = forms.MediationOutcomeForm(request.POST, prefix=f"outcome{mediation.id}")
    if not form.is_valid():
        return _invalid(request, form)
    services.mediation_outcome_record(mediation=mediation, actor=request.user, **form.cleaned_data)
    messages.success(request, _("Mediation outcome recorded."))


@case_action
def party_add(request: HttpRequest, nc: NuisanceCase) -> None:
    neighbours = _neighbours(user=request.user, household=nc.case.household)
    form = forms.PartyForm(request.POST, prefix="party", neighbours=neighbours)
    if not form.is_valid():
        return _invalid(request, form)
    data = form.cleaned_data
    chosen = data.pop("household")
    household = next((h for h, _label in neighbours if h.id == chosen), None) if chosen else None
    if household is not None and nc.parties.filter(household=household, role=data["role"]).exists():
        raise services.NuisanceError(_("This household already has that role in the case."))
    services.party_add(nuisance_case=nc, actor=request.user, household=household, **data)
    messages.success(request, _("Party added."))


@case_action
def acknowledge(request: HttpRequest, nc: NuisanceCase) -> None:
    services.reports_acknowledge(nuisance_case=nc, actor=request.user)
    messages.success(request, _("Reports taken up."))


@case_action
def close(request: HttpRequest, nc: NuisanceCase) -> None:
    form = forms.CloseForm(request.POST, prefix="close")
    if not form.is_valid():
        return _invalid(request, form)
    services.nuisance_close(nuisance_case=nc, note=form.cleaned_data["note"], actor=request.user)
    messages.success(request, _("Case closed."))


@login_required
@require_household_work
def party_view(request: HttpRequest, case_id: int, party_id: int) -> HttpResponse:
    """The case as the complained-about party sees it: printable, without any reporter."""
    nuisance_case = selectors.case_detail(user=request.user, case_id=case_id, audit=False)
    party = selectors.party_in_case(nuisance_case=nuisance_case, party_id=party_id)
    view = selectors.party_view(user=request.user, nuisance_case=nuisance_case, party=party)
    return render(request, "nuisance/party_view.html", {"view": view, "nc": nuisance_case})
