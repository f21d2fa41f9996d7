from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms.models import model_to_dict
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from verbinding import clock
from verbinding.accounts.roles import MANAGEMENT_ROLES
from verbinding.arrears import services
from verbinding.arrears.forms import PolicyForm
from verbinding.arrears.selectors import policy_history, policy_on
from verbinding.web.access import require_role


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
