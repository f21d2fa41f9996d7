from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms.models import model_to_dict
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from verbinding import clock
from verbinding.accounts.roles import MANAGEMENT_ROLES
from verbinding.arrears import services
from verbinding.arrears.forms import DueDayForm, PolicyForm
from verbinding.arrears.selectors import policy_history, policy_on
from verbinding.households.selectors import household_detail
from verbinding.web.access import require_household_work, require_role


@login_required
@require_role(*MANAGEMENT_ROLES)
def policy(request: HttpRequest) -> HttpResponse:
    """The arrears thresholds: the version in force, a form for a new version, the history."""
    today = clock.today()
    current = policy_on(today)
    if request.method == "POST":
        form = PolicyForm(request.POST)
        if form.is_valid():
            data = dict(form.cleaned_data)
            services.policy_create(
                actor=request.user,
                valid_from=data.pop("valid_from"),
                note=data.pop("note"),
                **data,
            )
            messages.success(
                request, _("New policy version saved. The next signals run will use it.")
            )
            return redirect("arrears:policy")
    else:
        initial = model_to_dict(current, fields=list(services.POLICY_FIELDS))
        form = PolicyForm(initial={**initial, "valid_from": today, "note": ""})
    return render(
        request,
        "arrears/policy.html",
        {
            "current": current,
            "history": policy_history(),
            "form": form,
            "fields": services.POLICY_FIELDS,
        },
    )


@login_required
@require_household_work
@require_POST
def due_day(request: HttpRequest, household_id: int) -> HttpResponse:
    """Agree the day of the month the household's rent falls due (from the household page)."""
    household = household_detail(user=request.user, household_id=household_id, audit=False)
    tenancy = next((t for t in household.tenancies.all() if t.is_active), None)
    if tenancy is None:
        raise Http404
    form = DueDayForm(request.POST)
    if form.is_valid():
        try:
            services.due_day_agree(
                tenancy=tenancy,
                actor=request.user,
                today=clock.today(),
                **form.cleaned_data,
            )
        except services.DueDayError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _(
                    "Due day agreed: the rent now counts as arrears from day %(day)s + the grace days."
                )
                % {"day": form.cleaned_data["day"]},
            )
    else:
        messages.error(
            request,
            _("The due day was not saved: %(errors)s")
            % {"errors": " ".join(str(e) for errs in form.errors.values() for e in errs)},
        )
    return redirect(reverse("households:detail", args=[household.id]) + "#arrears")
