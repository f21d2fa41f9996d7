"""Break-the-glass: the form (linked from the 'not found' page) and the privacy officer's register."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from verbinding.access import selectors, services
from verbinding.access.forms import GlassForm
from verbinding.access.models import AccessGrant
from verbinding.accounts.roles import Role
from verbinding.households.models import Household
from verbinding.web.access import require_household_work, require_role


@login_required
@require_household_work
def glass(request: HttpRequest, household_id: int) -> HttpResponse:
    """Open a household outside one's reach after giving a reason. Shows no data of the
    household before the reason is given (not even whether it exists)."""
    if not 0 < household_id < selectors.MAX_ID:
        raise Http404
    target = reverse("households:detail", args=[household_id])
    if selectors.can_see(request.user, household_id):
        return redirect(target)
    form = GlassForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        household = Household.objects.filter(pk=household_id).first()
        if household is None:
            raise Http404
        grant = services.break_glass(
            household=household, reason=form.cleaned_data["reason"], actor=request.user
        )
        messages.warning(
            request,
            _("Opened with a reason, until %(until)s. The privacy officer is informed.")
            % {"until": grant.expires_at.astimezone().strftime("%H:%M")},
        )
        return redirect(target)
    return render(request, "access/glass.html", {"form": form, "household_id": household_id})


@login_required
@require_role(Role.PRIVACY_OFFICER)
def grants(request: HttpRequest) -> HttpResponse:
    """Every break-the-glass opening, newest first, with the reason, for the privacy officer."""
    qs = AccessGrant.objects.select_related("user", "household").order_by("-granted_at", "-id")
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "access/grants.html", {"page": page})
