from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from verbinding import clock
from verbinding.accounts.roles import Role
from verbinding.escalation import rules, selectors, services
from verbinding.escalation.forms import EscalationForm, LegalOutcomeForm, StayForm
from verbinding.escalation.models import Escalation
from verbinding.households.selectors import household_detail
from verbinding.web.access import require_household_work, require_role


@login_required
@require_household_work
def escalation_page(request: HttpRequest, household_id: int) -> HttpResponse:
    household = household_detail(user=request.user, household_id=household_id, audit=False)
    tenancy = next((t for t in household.tenancies.all() if t.is_active), None)
    steps = Escalation.objects.filter(household=household)
    if tenancy is None and not steps.exists():
        raise Http404
    today = clock.today()
    posted = request.POST if request.method == "POST" else None
    is_outcome = posted is not None and "outcome-kind" in posted
    is_stay = posted is not None and "stay-kind" in posted
    form = EscalationForm(
        None if is_outcome or is_stay else posted, initial={"handed_over_on": today}
    )
    stay_form = StayForm(posted if is_stay else None, initial={"starts_on": today})
    if is_stay and stay_form.is_valid():
        try:
            services.stay_record(household=household, actor=request.user, **stay_form.cleaned_data)
        except services.EscalationError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Saved."))
            return redirect("escalation:household", household_id=household.id)
    outcome_form = LegalOutcomeForm(
        posted if is_outcome else None, steps=steps, initial={"occurred_on": today}
    )
    if is_outcome and outcome_form.is_valid():
        try:
            services.legal_outcome_record(actor=request.user, **outcome_form.cleaned_data)
        except services.EscalationError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Outcome recorded."))
            return redirect("escalation:household", household_id=household.id)
    elif (
        posted is not None
        and not is_outcome
        and not is_stay
        and tenancy is not None
        and form.is_valid()
    ):
        try:
            services.escalation_record(
                household=household,
                tenancy=tenancy,
                actor=request.user,
                **form.cleaned_data,
            )
        except services.GuardrailsNotMet as refused:
            names = ", ".join(str(rules.LABELS[code]) for code in refused.missing)
            messages.error(
                request,
                _("Not recorded: the file is not complete or something blocks it: %(names)s.")
                % {"names": names},
            )
        except services.EscalationError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Step recorded."))
            return redirect("escalation:household", household_id=household.id)
    stays = selectors.stays_for(household=household)
    checks = rules.checks(
        selectors.guardrail_facts(household=household, tenancy=tenancy, today=today, stays=stays),
        today,
    )
    handover = [c for c in checks if not c.court_only]
    return render(
        request,
        "escalation/household.html",
        {
            "household": household,
            "tenancy": tenancy,
            "requirements": [c for c in checks if not c.blocker],
            "blockers": [c for c in checks if c.blocker],
            "all_met": all(c.met for c in handover),
            "hard_missing": any(not c.met and not c.overridable for c in handover),
            "stays": stays,
            "stay_form": stay_form,
            "is_team_lead": getattr(request.user, "role", None) == Role.TEAM_LEAD,
            "form": form,
            "outcome_form": outcome_form,
            "steps": selectors.steps_with_outcomes(household=household),
        },
    )


@login_required
@require_role(Role.TEAM_LEAD, Role.MANAGER, Role.PRIVACY_OFFICER)
def override_report(request: HttpRequest) -> HttpResponse:
    """Team leads see their overrides with names and reasons, the privacy officer every override
    with its reason (no names); a manager sees counts per neighbourhood and month only, small
    counts suppressed: a reason is personal free text."""
    role = getattr(request.user, "role", None)
    qs = selectors.overrides_for(user=request.user)
    is_manager = role == Role.MANAGER
    return render(
        request,
        "escalation/overrides.html",
        {
            "overrides": [] if is_manager else list(qs[:200]),
            "counts": selectors.override_counts(qs) if is_manager else None,
            "min_count": selectors.MIN_COUNT,
            "show_names": role == Role.TEAM_LEAD,
            "labels": rules.LABELS,
        },
    )
