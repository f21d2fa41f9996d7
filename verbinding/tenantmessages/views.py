"""From the household page: send the tenant the plan, the arrangement or the next appointment,
and record whether the tenant wants reminders."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from verbinding.cases.selectors import household_in_reach
from verbinding.tenantmessages import services
from verbinding.tenantmessages.models import MessageKind
from verbinding.web.access import require_household_work

SENDABLE = (MessageKind.PLAN, MessageKind.ARRANGEMENT, MessageKind.APPOINTMENT)


@login_required
@require_household_work
@require_POST
def send(request: HttpRequest, household_id: int) -> HttpResponse:
    household = household_in_reach(user=request.user, household_id=household_id)
    kind = request.POST.get("kind", "")
    back = reverse("households:detail", args=[household.id]) + "#to-tenant"
    if kind not in SENDABLE:
        messages.error(request, _("Choose what to send."))
        return redirect(back)
    try:
        sent = services.send_to_tenant(household=household, kind=kind, actor=request.user)
    except services.MessageError as error:
        messages.error(request, str(error))
        return redirect(back)
    if sent.pdf is not None:
        response = HttpResponse(sent.pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="brief-{kind}.pdf"'
        response["Cache-Control"] = "no-store"
        return response
    messages.success(
        request,
        _("Sent by %(channel)s and added to the timeline.")
        % {"channel": _("e-mail") if sent.channel == "EMA" else _("text message")},
    )
    return redirect(back)


@login_required
@require_household_work
@require_POST
def consent(request: HttpRequest, household_id: int) -> HttpResponse:
    household = household_in_reach(user=request.user, household_id=household_id)
    given = request.POST.get("given") == "yes"
    services.reminder_consent_set(household=household, given=given, actor=request.user)
    messages.success(
        request,
        _("The tenant receives reminders.") if given else _("The tenant receives no reminders."),
    )
    return redirect(reverse("households:detail", args=[household.id]) + "#to-tenant")
