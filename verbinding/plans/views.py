from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from verbinding import clock
from verbinding.audit.models import AuditAction
from verbinding.audit.services import audit_record
from verbinding.cases.selectors import household_in_reach
from verbinding.network import selectors as network_selectors
from verbinding.network.models import NetworkMember
from verbinding.plans import pdf, rules, selectors, services
from verbinding.plans.forms import AgreementForm, AgreementStatusForm, GoalForm
from verbinding.web.access import require_household_work


def _members(request: HttpRequest, household: object) -> list[NetworkMember]:
    entries = network_selectors.network_on(user=request.user, household=household)  # type: ignore[arg-type]
    return [e.member for e in entries if e.member.category != "household"]


@login_required
@require_household_work
def plan_detail(request: HttpRequest, household_id: int) -> HttpResponse:
    household = household_in_reach(user=request.user, household_id=household_id)
    view = selectors.plan_view(user=request.user, household=household)
    return render(
        request,
        "plans/plan.html",
        {
            "household": household,
            "view": view,
            "goal_form": GoalForm(),
            "agreement_form": AgreementForm(members=_members(request, household), goals=view.goals),
            "transitions": rules.AGREEMENT_TRANSITIONS,
            "today": clock.today(),
        },
    )


@login_required
@require_household_work
@require_POST
def goal_add(request: HttpRequest, household_id: int) -> HttpResponse:
    household = household_in_reach(user=request.user, household_id=household_id)
    form = GoalForm(request.POST)
    if form.is_valid():
        plan = services.plan_for_household(household=household, actor=request.user)
        services.goal_add(plan=plan, text=form.cleaned_data["text"], actor=request.user)
        messages.success(request, _("Goal added."))
    else:
        messages.error(request, _("Write the goal first."))
    return redirect("plans:plan", household_id=household.id)


@login_required
@require_household_work
@require_POST
def agreement_add(request: HttpRequest, household_id: int) -> HttpResponse:
    household = household_in_reach(user=request.user, household_id=household_id)
    members = _members(request, household)
    plan_view = selectors.plan_view(user=request.user, household=household)
    form = AgreementForm(request.POST, members=members, goals=plan_view.goals)
    if not form.is_valid():
        messages.error(request, _("Could not add the agreement: say what and who."))
        return redirect("plans:plan", household_id=household.id)
    d = form.cleaned_data
    plan = services.plan_for_household(household=household, actor=request.user)
    owner, member = d["owner"], None
    if owner.startswith("member:"):
        member = next(m for m in members if str(m.id) == owner.split(":", 1)[1])
        owner_kind = services.owner_kind_for(member)
    else:
        owner_kind = owner
    goal = next((g for g in plan_view.goals if str(g.id) == d["goal"]), None)
    services.agreement_add(
        plan=plan,
        what=d["what"],
        owner_kind=owner_kind,
        owner_member=member,
        owner_name=d["owner_name"] if owner == "agency" else "",
        due_on=d["due_on"],
        goal=goal,
        actor=request.user,
    )
    messages.success(request, _("Agreement added."))
    return redirect("plans:plan", household_id=household.id)


@login_required
@require_household_work
@require_POST
def agreement_status(request: HttpRequest, agreement_id: int) -> HttpResponse:
    agreement = selectors.agreement_in_reach(user=request.user, agreement_id=agreement_id)
    form = AgreementStatusForm(request.POST)
    if form.is_valid():
        try:
            services.agreement_change_status(
                agreement=agreement,
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
    return redirect("plans:plan", household_id=agreement.plan.household_id)


def _printable(request: HttpRequest, household_id: int) -> selectors.PlanView:
    household = household_in_reach(user=request.user, household_id=household_id)
    view = selectors.plan_view(user=request.user, household=household)
    if view.plan is None:
        raise Http404  # no plan yet
    return view


@login_required
@require_household_work
def plan_print(request: HttpRequest, household_id: int) -> HttpResponse:
    """The plan for the tenant, in plain language, ready to print."""
    view = _printable(request, household_id)
    audit_record(
        actor=request.user,
        action=AuditAction.EXPORT,
        obj=view.plan,
        household_id=view.household.id,
        summary="plan printed",
    )
    return render(request, "plans/print.html", {"view": view, "today": clock.today()})


@login_required
@require_household_work
def plan_pdf(request: HttpRequest, household_id: int) -> HttpResponse:
    view = _printable(request, household_id)
    audit_record(
        actor=request.user,
        action=AuditAction.EXPORT,
        obj=view.plan,
        household_id=view.household.id,
        summary="plan PDF",
    )
    response = HttpResponse(pdf.render(view, today=clock.today()), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="plan-{view.household.id}.pdf"'
    return response
