from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse

from verbinding import clock
from verbinding.accounts.models import Role
from verbinding.accounts.selectors import colleagues_for, neighbourhoods_for
from verbinding.arrears.selectors import policy_on
from verbinding.web.access import require_household_work
from verbinding.worklist import selectors
from verbinding.worklist.forms import WorklistFilterForm, widgets
from verbinding.worklist.rendering import rows_html

PAGE_SIZE = 50


def _contact_url() -> str:
    """The 'log a contact' page if the contacts app has it, else empty (link to the household)."""
    try:
        return reverse("contacts:new")
    except NoReverseMatch:  # pragma: no cover - depends on the contacts app
        return ""


def start_page(request: HttpRequest) -> HttpResponse:
    """The advisor's (own) and team lead's (team) worklist: who needs me today, and why."""
    user = request.user
    today = clock.today()
    is_lead = getattr(user, "role", None) == Role.TEAM_LEAD
    neighbourhoods = list(neighbourhoods_for(user=user).order_by("name"))
    team = list(colleagues_for(user=user)) if is_lead else []  # one query for both uses
    advisors = [u for u in team if u.role == Role.ADVISOR] if is_lead else None
    kinds = selectors.source_kinds()
    form = WorklistFilterForm(
        request.GET or None,
        neighbourhoods=[(n.id, n.name) for n in neighbourhoods],
        kinds=kinds,
        advisors=None if advisors is None else [(a.id, str(a)) for a in advisors],
    )
    default_days = policy_on(today).recent_contact_days
    options: dict[str, object] = {}
    days = default_days
    if form.is_valid():
        data = form.cleaned_data
        days = data.get("days") or default_days
        chosen = data.get("advisor")
        options = {
            "neighbourhood_id": data.get("neighbourhood"),
            "kind": data.get("kind") or "",
            "advisor": next((a for a in advisors or [] if a.id == chosen), None),
            "only_without_recent_contact": bool(data.get("without_contact")),
        }
    worklist = selectors.worklist_for(
        user=user,
        today=today,
        recent_days=days,
        team_ids={u.id for u in team} if is_lead else None,
        **options,  # type: ignore[arg-type]
    )
    page = Paginator(worklist.rows, PAGE_SIZE).get_page(request.GET.get("page"))
    shown = list(page.object_list)
    selectors.fill_page(shown, team_lead=user if is_lead else None)
    contact_url = _contact_url()
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "worklist/worklist.html",
        {
            "form": form,
            "widgets": widgets(form),
            "page": page,
            "worklist": worklist,
            "is_lead": is_lead,
            "days": days,
            "today": today,
            "contact_url": contact_url,
            "rows_html": rows_html(shown, is_lead=is_lead, contact_url=contact_url),
            "filter_query": query.urlencode(),
            "without_recent": sum(1 for r in worklist.rows if not r.recent_personal),
        },
    )


@login_required
@require_household_work
def index(request: HttpRequest) -> HttpResponse:
    return start_page(request)
