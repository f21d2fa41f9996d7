from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from verbinding import clock
from verbinding.accounts.roles import Role
from verbinding.arrangements import rules, selectors, services
from verbinding.arrangements.forms import (
    DecisionForm,
    EndForm,
    OfferForm,
    PolicyForm,
    ProposalForm,
    to_cents,
)
from verbinding.arrangements.models import ArrangementPolicy
from verbinding.arrangements.reference import PROTECTED_INCOME_TOOL, figure_outdated_since
from verbinding.arrears.selectors import arrears_for_tenancy
from verbinding.households.selectors import household_detail
from verbinding.web.access import require_household_work, require_role


def _current_tenancy(household: Any) -> Any:
    tenancies = list(household.tenancies.all())
    current = next((t for t in tenancies if t.is_active), None)
    if current is None:
        raise Http404
    return current


@login_required
@require_household_work
def arrangement_list(request: HttpRequest) -> HttpResponse:
    state = request.GET.get("state", "running")
    qs = selectors.arrangement_list(user=request.user, state=state)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "arrangements/list.html", {"page": page, "state": state})


def _first_of_next_month(today: dt.date) -> dt.date:
    return rules.add_months(today.replace(day=1), 1)


@login_required
@require_household_work
def arrangement_new(request: HttpRequest, household_id: int) -> HttpResponse:
    household = household_detail(user=request.user, household_id=household_id, audit=False)
    tenancy = _current_tenancy(household)
    today = clock.today()
    balance = arrears_for_tenancy(tenancy, today=today)
    form = ProposalForm(
        request.POST or None,
        initial={
            "amount": balance.arrears_cents / 100 if balance.arrears_cents else None,
            "first_due_on": _first_of_next_month(today),
        },
    )
    existing = services.arrangement_in_play(tenancy=tenancy)
    context: dict[str, Any] = {
        "household": household,
        "tenancy": tenancy,
        "balance": balance,
        "form": form,
        "existing": existing,
        "protected_tool": PROTECTED_INCOME_TOOL,
    }
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        amount, instalment = to_cents(data["amount"]) or 0, to_cents(data["instalment"]) or 0
        policy, verdict = services.evaluate(
            tenancy=tenancy, amount_cents=amount, instalment_cents=instalment, on=today
        )
        context.update(
            policy=policy,
            verdict=verdict,
            fit=rules.what_fits(policy.margins(), verdict, amount),
            schedule=rules.schedule(amount, instalment, data["first_due_on"]),
            replace_checked=request.POST.get("replaces") == str(getattr(existing, "id", "")),
        )
        kind = data["household_kind"]
        protected = to_cents(data["protected_income"])
        protected_on = data["protected_income_on"]
        context["protected"] = protected
        context["protected_on"] = protected_on
        context["protected_outdated"] = (
            figure_outdated_since(protected_on, today) if protected_on else None
        )
        if data["income"] is not None:
            context["worksheet"] = rules.Affordability(
                income_cents=to_cents(data["income"]) or 0,
                rent_cents=tenancy.rent_cents,
                fixed_costs_cents=to_cents(data["fixed_costs"]) or 0,
                protected_cents=protected or 0,
                instalment_cents=instalment,
            )
        if request.POST.get("action") == "save":
            replaces = existing if context["replace_checked"] else None
            if not verdict.inside and not data["exception_reason"].strip():
                form.add_error(
                    "exception_reason", _("Outside the margins: give a reason for the team lead.")
                )
            elif existing is not None and replaces is None:
                context["replace_error"] = True
            else:
                try:
                    arrangement = services.arrangement_propose(
                        household=household,
                        tenancy=tenancy,
                        amount_cents=amount,
                        instalment_cents=instalment,
                        first_due_on=data["first_due_on"],
                        actor=request.user,
                        exception_reason=data["exception_reason"],
                        household_kind=kind,
                        income_cents=to_cents(data["income"]),
                        fixed_costs_cents=to_cents(data["fixed_costs"]),
                        protected_income_cents=protected,
                        protected_income_on=protected_on,
                        note=data["note"],
                        on=today,
                        replaces=replaces,
                    )
                except services.ArrangementError as error:
                    # e.g. a colleague recorded an arrangement a moment ago: say so, keep the form
                    context["save_error"] = str(error)
                    context["existing"] = services.arrangement_in_play(tenancy=tenancy)
                    return render(request, "arrangements/new.html", context, status=409)
                if arrangement.status == "ACT":
                    messages.success(request, _("Arrangement agreed. It is running now."))
                else:
                    messages.success(request, _("Sent to the team lead for a decision."))
                return redirect("arrangements:detail", arrangement_id=arrangement.id)
    return render(request, "arrangements/new.html", context)


@login_required
@require_household_work
def arrangement_detail(request: HttpRequest, arrangement_id: int) -> HttpResponse:
    arrangement = selectors.arrangement_detail(user=request.user, arrangement_id=arrangement_id)
    today = clock.today()
    instalments = list(arrangement.instalments.all())
    for inst in instalments:
        inst.shown = rules.shown_state(  # type: ignore[attr-defined]
            status=inst.status,
            due_on=inst.due_on,
            paid_cents=inst.paid_cents,
            amount_cents=inst.amount_cents,
            today=today,
        )
        inst.shown_label = rules.SHOWN_STATES[inst.shown]  # type: ignore[attr-defined]
    waiting = arrangement.approval == "pending" and arrangement.status == "AAN"
    context: dict[str, Any] = {
        "arrangement": arrangement,
        "instalments": instalments,
        "fold_instalments": len(instalments) > 6,
        "paid_cents": sum(i.paid_cents for i in instalments),
        "can_decide": getattr(request.user, "role", None) == Role.TEAM_LEAD and waiting,
        "decision_form": DecisionForm(),
        "end_form": EndForm(),
        "protected_outdated": figure_outdated_since(arrangement.protected_income_on, today)
        if arrangement.protected_income_on
        else None,
    }
    if waiting:
        # What the team lead weighs: the arrears over time and the recent contacts.
        from verbinding.arrears.selectors import household_section
        from verbinding.contacts.selectors import timeline

        context["arrears_section"] = household_section(
            tenancy=arrangement.tenancy, today=today, ledger=False
        )
        context["recent_contacts"] = timeline(
            user=request.user, household=arrangement.household, limit=5
        )
    return render(request, "arrangements/detail.html", context)


@login_required
@require_role(Role.TEAM_LEAD)
@require_POST
def arrangement_decide(request: HttpRequest, arrangement_id: int) -> HttpResponse:
    arrangement = selectors.arrangement_detail(
        user=request.user, arrangement_id=arrangement_id, audit=False
    )
    form = DecisionForm(request.POST)
    form.is_valid()
    approve = request.POST.get("decision") == "approve"
    try:
        services.arrangement_decide(
            arrangement=arrangement,
            approve=approve,
            actor=request.user,
            note=form.cleaned_data.get("note", ""),
        )
    except services.ArrangementError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Approved.") if approve else _("Declined."))
    return redirect("arrangements:detail", arrangement_id=arrangement.id)


@login_required
@require_household_work
@require_POST
def arrangement_status(request: HttpRequest, arrangement_id: int) -> HttpResponse:
    arrangement = selectors.arrangement_detail(
        user=request.user, arrangement_id=arrangement_id, audit=False
    )
    form = EndForm(request.POST)
    if form.is_valid():
        try:
            services.arrangement_change_status(
                arrangement=arrangement,
                status=form.cleaned_data["status"],
                end_reason=form.cleaned_data["end_reason"],
                note=form.cleaned_data["note"],
                actor=request.user,
            )
        except services.ArrangementError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Status saved."))
    return redirect("arrangements:detail", arrangement_id=arrangement.id)


@login_required
@require_household_work
def arrangement_offer(request: HttpRequest, household_id: int) -> HttpResponse:
    household = household_detail(user=request.user, household_id=household_id, audit=False)
    form = OfferForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.arrangement_offer_record(
            household=household,
            offered_on=form.cleaned_data["offered_on"],
            channel=form.cleaned_data["channel"],
            terms=form.cleaned_data["terms"],
            response=form.cleaned_data["response"],
            note=form.cleaned_data["note"],
            actor=request.user,
        )
        messages.success(request, _("Offer recorded."))
        return redirect("households:detail", household_id=household.id)
    return render(request, "arrangements/offer.html", {"household": household, "form": form})


@login_required
@require_role(Role.MANAGER)
def policy(request: HttpRequest) -> HttpResponse:
    current = services.policy_current()
    initial = {
        f: getattr(current, f) for f in PolicyForm.Meta.fields if f not in ("valid_from", "note")
    }
    initial["min_instalment"] = current.min_instalment_cents / 100
    initial["valid_from"] = clock.today()
    form = PolicyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        values = {f: form.cleaned_data[f] for f in PolicyForm.Meta.fields}
        valid_from = values.pop("valid_from")
        values["min_instalment_cents"] = to_cents(form.cleaned_data["min_instalment"]) or 0
        new = services.policy_new_version(actor=request.user, valid_from=valid_from, **values)
        messages.success(request, _("Version %(v)s saved.") % {"v": new.version})
        return redirect("arrangements:policy")
    return render(
        request,
        "arrangements/policy.html",
        {
            "current": current,
            "versions": ArrangementPolicy.objects.select_related("created_by")[:50],
            "form": form,
        },
    )
