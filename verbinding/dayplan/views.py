"""The day plan: pick today's households from the worklist, walk them in order, one tap for
'not at home', and print the cards for the letterbox."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from verbinding import clock
from verbinding.audit.models import AuditAction
from verbinding.audit.services import audit_record
from verbinding.dayplan import offline, selectors, services
from verbinding.dayplan.models import PlannedVisit
from verbinding.web.access import require_household_work
from verbinding.worklist.selectors import fill_page, worklist_for

CANDIDATES = 40


def _day(raw: str | None, today: dt.date) -> dt.date:
    return today + dt.timedelta(days=1) if raw == "tomorrow" else today


@login_required
@require_household_work
def today(request: HttpRequest) -> HttpResponse:
    """Today's (or tomorrow's) round, and the worklist's households to choose from."""
    now = clock.today()
    day = _day(request.GET.get("day") or request.POST.get("day"), now)
    if request.method == "POST":
        try:
            ids = [int(i) for i in request.POST.getlist("household")]
            services.day_plan_set(actor=request.user, day=day, household_ids=ids, today=now)
        except ValueError as error:  # DayPlanError, or an id that is not a number
            messages.error(
                request,
                str(error)
                if isinstance(error, services.DayPlanError)
                else _("That choice could not be read."),
            )
        else:
            messages.success(request, _("Round saved: %(n)d households.") % {"n": len(ids)})
        suffix = "?day=tomorrow" if day != now else ""
        return redirect(f"{request.path}{suffix}")
    stops = selectors.round_for(user=request.user, day=day)
    planned = {s.visit.household_id for s in stops}
    worklist = worklist_for(user=request.user, today=now, recent_days=30)
    candidates = worklist.rows[:CANDIDATES]
    fill_page(candidates)
    audit_record(
        actor=request.user,
        action=AuditAction.VIEW,
        object_type="dayplan.dayplan",
        summary="day plan",
        after={"day": day.isoformat(), "households": len(stops)},
    )
    return render(
        request,
        "dayplan/today.html",
        {
            "day": day,
            "is_today": day == now,
            "stops": stops,
            "planned": planned,
            "candidates": candidates,
            "with_two": sum(s.with_two for s in stops),
            **(offline.round_context(stops) if day == now and stops else {}),
        },
    )


@login_required
@require_household_work
@require_POST
def not_home(request: HttpRequest, visit_id: int) -> HttpResponse:
    visit = PlannedVisit.objects.filter(pk=visit_id, plan__advisor_id=request.user.pk).first()
    if visit is None:
        raise Http404
    services.visit_not_home(visit=visit, actor=request.user)
    messages.success(request, _("Recorded: not at home, card left."))
    return redirect("dayplan:today")


@login_required
@require_household_work
def cards(request: HttpRequest) -> HttpResponse:
    """'Niet thuis' cards to print: no name, address or reason on them (a letterbox is not
    private), only who came and how to reach them."""
    now = clock.today()
    day = _day(request.GET.get("day"), now)
    stops = selectors.round_for(user=request.user, day=day)
    return render(request, "dayplan/cards.html", {"day": day, "count": max(len(stops), 1)})
