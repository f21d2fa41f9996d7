from __future__ import annotations

import csv
from decimal import Decimal
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from verbinding.accounts.models import Team
from verbinding.accounts.roles import Role
from verbinding.areas.models import Neighbourhood
from verbinding.audit.services import audit_record
from verbinding.households.models import Household
from verbinding.households.selectors import households_for
from verbinding.outcomes import snapshots
from verbinding.outcomes.figure import EURO, Figure
from verbinding.outcomes.registry import BY_KEY, FIGURES
from verbinding.outcomes.scope import Scope, scope_from
from verbinding.web.access import require_role
from verbinding.web.spreadsheet import SafeWriter

DASHBOARD_ROLES = (Role.MANAGER, Role.TEAM_LEAD)


def _scope(request: HttpRequest) -> Scope:
    return scope_from(request.GET, user=request.user)


def _fresh(request: HttpRequest) -> bool:
    """``?fresh=1``: compute the figures now instead of reading the night's snapshot."""
    return request.GET.get("fresh") == "1"


@login_required
@require_role(*DASHBOARD_ROLES)
def dashboard(request: HttpRequest) -> HttpResponse:
    scope = _scope(request)
    fresh = _fresh(request)
    figures, snapshot = snapshots.dashboard(scope, fresh=fresh)
    drill = {e.key for e in FIGURES if e.households is not None}
    return render(
        request,
        "outcomes/dashboard.html",
        {
            "scope": scope,
            "figures": figures,
            "snapshot": snapshot,
            "fresh": fresh,
            "drill": drill if getattr(request.user, "works_with_households", False) else set(),
            **_choices(request),
        },
    )


def _choices(request: HttpRequest) -> dict[str, Any]:
    """The teams and neighbourhoods the filter offers: a team lead's own team and its
    neighbourhoods only (``scope_from`` holds them to that whatever the address asks)."""
    teams = Team.objects.order_by("name")
    hoods = Neighbourhood.objects.order_by("name").only("id", "name")
    if getattr(request.user, "is_team_lead", False):
        team_id = getattr(request.user, "team_id", None)
        teams = teams.filter(id__in=[team_id] if team_id else [])
        hoods = hoods.filter(teams__in=[team_id] if team_id else [])
    return {"teams": teams, "neighbourhoods": hoods}


def _figure(key: str, scope: Scope, *, fresh: bool) -> Figure:
    if key not in BY_KEY:
        raise Http404
    return snapshots.figure(key, scope, fresh=fresh)


def _csv_value(value: Any, kind: str) -> Any:
    """As Dutch Excel reads it: a decimal comma (12,5), euros without the sign (1234,56)."""
    if value is None:
        return ""
    if kind == EURO:
        return f"{int(value) / 100:.2f}".replace(".", ",")
    if isinstance(value, float | Decimal):
        return str(value).replace(".", ",")
    return str(value)


@login_required
@require_role(*DASHBOARD_ROLES)
def figure_csv(request: HttpRequest, key: str) -> HttpResponse:
    """The figure's table as CSV: aggregates only, never names of households.

    Made for Dutch Excel: UTF-8 with a byte-order mark, semicolons, decimal commas, and one table
    per file (the header row first; the extra table of a figure is ``?table=extra``)."""
    scope = _scope(request)
    figure = _figure(key, scope, fresh=_fresh(request))
    extra = request.GET.get("table") == "extra"
    if extra and not figure.extra:
        raise Http404
    columns, rows = (figure.columns, figure.rows)
    if extra and figure.extra:
        columns, rows = figure.extra["columns"], figure.extra["rows"]
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"verbinding-{key}{'-extra' if extra else ''}-{scope.start}-{scope.end}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response.write("\ufeff")
    writer = SafeWriter(csv.writer(response, delimiter=";"))
    writer.writerow([str(c.label) for c in columns])
    for row in rows:
        writer.writerow([_csv_value(v, c.kind) for v, c in zip(row, columns, strict=False)])
    audit_record(
        actor=request.user,
        action="export",
        object_type="outcomes.figure",
        object_id=key,
        summary=f"outcomes CSV {key}",
        after={"scope": scope.query()},
    )
    return response


@login_required
@require_role(Role.TEAM_LEAD, Role.ADVISOR)
def figure_households(request: HttpRequest, key: str) -> HttpResponse:
    """The households behind a figure, limited to those this user may open (managers: figures
    only, so no access)."""
    entry = BY_KEY.get(key)
    if entry is None or entry.households is None:
        raise Http404
    scope = _scope(request)
    group = request.GET.get("group", "")
    ids = entry.households(scope, group)
    qs: QuerySet[Household] = households_for(user=request.user)
    qs = qs.filter(id__in=ids if isinstance(ids, QuerySet) else list(ids)).order_by("name", "id")
    page = Paginator(qs.only("id", "name", "external_id"), 50).get_page(request.GET.get("page"))
    figure_title = entry.compute.__name__
    audit_record(
        actor=request.user,
        action="view",
        object_type="outcomes.figure",
        object_id=key,
        summary=f"households behind {key}/{group}",
        after={"scope": scope.query()},
    )
    if not getattr(request.user, "works_with_households", False):
        raise PermissionDenied
    return render(
        request,
        "outcomes/households.html",
        {"page": page, "key": key, "group": group, "scope": scope, "figure_title": figure_title},
    )
