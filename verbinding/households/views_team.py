"""The team lead's view of who owns which household: caseload per advisor, covering an absence,
giving a household to another advisor."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from verbinding import clock
from verbinding.accounts.models import User
from verbinding.accounts.roles import Role
from verbinding.households import ownership, selectors
from verbinding.households.forms import CoverForm, OwnerForm
from verbinding.households.models import Cover
from verbinding.web.access import require_role


def team_advisors(user: Any) -> Any:
    return User.objects.filter(team=user.team_id, role=Role.ADVISOR, is_active=True).order_by(
        "first_name", "last_name"
    )


@login_required
@require_role(Role.TEAM_LEAD)
def team_caseload(request: HttpRequest) -> HttpResponse:
    """Caseload per advisor; cover an absence (handover with a note)."""
    today = clock.today()
    advisors = team_advisors(request.user)
    form = CoverForm(request.POST or None, advisors=advisors, initial={"starts_on": today})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            ownership.cover_start(
                absent=d["absent"],
                substitute=d["substitute"],
                starts_on=d["starts_on"],
                ends_on=d["ends_on"],
                note=d["note"],
                actor=request.user,
            )
        except ownership.OwnershipError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("%(sub)s takes over the households of %(absent)s until %(day)s.")
                % {
                    "sub": d["substitute"],
                    "absent": d["absent"],
                    "day": date_format(d["ends_on"]),
                },
            )
            return redirect("households:team")
    covers = (
        Cover.objects.filter(absent__in=advisors, ends_on__gte=today)
        .select_related("absent", "substitute", "created_by")
        .order_by("starts_on", "id")
    )
    return render(
        request,
        "households/team.html",
        {
            "loads": ownership.caseload(team_lead=request.user, day=today),
            "covers": covers,
            "form": form,
            "today": today,
        },
    )


@login_required
@require_role(Role.TEAM_LEAD)
@require_POST
def household_owner(request: HttpRequest, household_id: int) -> HttpResponse:
    household = selectors.household_detail(
        user=request.user, household_id=household_id, audit=False
    )
    form = OwnerForm(request.POST, advisors=team_advisors(request.user))
    if form.is_valid():
        try:
            ownership.owner_assign(
                household=household,
                advisor=form.cleaned_data["advisor"],
                note=form.cleaned_data["note"],
                actor=request.user,
            )
        except ownership.OwnershipError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Advisor saved."))
    else:
        messages.error(request, _("Could not save: check the fields."))
    return redirect("households:detail", household_id=household.id)
