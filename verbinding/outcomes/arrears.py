"""Arrears figures: now (from the arrears app's per-tenancy state), the trend and durable
clearing (from the ledger's month-end balances), and evictions prevented."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from verbinding.arrears.models import TenancyArrears
from verbinding.escalation.models import Escalation, LegalOutcome, LegalOutcomeKind, StepKind
from verbinding.households.models import Tenancy
from verbinding.outcomes import charts
from verbinding.outcomes.figure import EURO, INT, MONTHS, PCT, TEXT, Column, Figure, pct
from verbinding.outcomes.ledger_months import (
    arrears_by_month,
    cleared_episodes,
    last_refresh,
    month_index,
    month_start,
    reached_threshold,
)
from verbinding.outcomes.scope import Scope, add_months
from verbinding.vera import codes

BANDS: list[tuple[str, Any, Q]] = [
    ("lt1", _("less than 1 month of rent"), Q(months_of_rent__lt=1)),
    ("1to2", _("1 to 2 months"), Q(months_of_rent__gte=1, months_of_rent__lt=2)),
    ("2to3", _("2 to 3 months"), Q(months_of_rent__gte=2, months_of_rent__lt=3)),
    ("3plus", _("3 months or more (court threshold)"), Q(months_of_rent__gte=3)),
]
COURT_MONTHS = 3  # domain.md §1: from 3 months a request to dissolve the lease


def _states(scope: Scope) -> QuerySet[TenancyArrears]:
    qs = TenancyArrears.objects.filter(
        arrears_cents__gt=0, tenancy__status__in=codes.ACTIVE_TENANCY_STATUSES
    )
    tenancies = scope.tenancy_ids()
    if tenancies is not None:
        qs = qs.filter(tenancy_id__in=tenancies)
    return qs


def arrears_now(scope: Scope) -> Figure:
    qs = _states(scope)
    agg = qs.aggregate(
        households=Count("household_id", distinct=True),
        total=Sum("arrears_cents"),
        rent=Sum("rent_cents"),
        **{f"n_{key}": Count("tenancy_id", filter=cond) for key, _l, cond in BANDS},
        **{f"a_{key}": Sum("arrears_cents", filter=cond) for key, _l, cond in BANDS},
    )
    total, rent = agg["total"] or 0, agg["rent"] or 0
    rows = [[label, agg[f"n_{key}"] or 0, agg[f"a_{key}"] or 0] for key, label, _c in BANDS]
    by_hood = (
        qs.order_by()
        .values("tenancy__unit__neighbourhood__name")
        .annotate(n=Count("tenancy_id"), total=Sum("arrears_cents"), rent=Sum("rent_cents"))
        .order_by("-n", "tenancy__unit__neighbourhood__name")
    )
    hood_rows = [
        [
            r["tenancy__unit__neighbourhood__name"],
            r["n"],
            r["total"] or 0,
            round((r["total"] or 0) / r["rent"], 2) if r["rent"] else None,
        ]
        for r in by_hood
    ]
    figure = Figure(
        key="arrears_now",
        title=_("Households in arrears now"),
        definition=_(
            "Running tenancies whose arrears (as computed by the arrears module from the rent "
            "ledger, after the grace days) are above zero today. Months of rent = the arrears "
            "divided by the monthly rent; the headline is the total arrears divided by the total "
            "monthly rent of those households."
        ),
        headline=[
            (_("households in arrears"), agg["households"] or 0, INT),
            (_("total arrears"), total, EURO),
            (_("in months of rent (average)"), round(total / rent, 2) if rent else None, MONTHS),
        ],
        columns=[Column(_("arrears"), TEXT), Column(_("tenancies")), Column(_("amount"), EURO)],
        rows=rows,
        groups=[key for key, _l, _c in BANDS],
        chart=charts.bars(
            [str(r[0]) for r in rows],
            [r[1] for r in rows],
            title=str(_("Tenancies by months of arrears")),
        ),
    )
    figure.extra = {
        "title": _("Per neighbourhood"),
        "columns": [
            Column(_("neighbourhood"), TEXT),
            Column(_("tenancies")),
            Column(_("amount"), EURO),
            Column(_("months of rent"), MONTHS),
        ],
        "rows": hood_rows,
    }
    return figure


def arrears_now_households(scope: Scope, group: str) -> QuerySet[Any]:
    cond = dict((key, c) for key, _l, c in BANDS).get(group)
    qs = _states(scope)
    if cond is not None:
        qs = qs.filter(cond)
    return qs.values("household_id")


def _refresh_note() -> Any:
    run = last_refresh()
    if run is None:
        return _(
            "Month-end balances have not been computed yet: run 'verbinding outcomes_refresh'."
        )
    return _("Month-end balances computed %(at)s, through %(through)s.") % {
        "at": run.at.strftime("%Y-%m-%d %H:%M"),
        "through": run.through.isoformat(),
    }


def _completed_months(scope: Scope) -> tuple[dt.date, dt.date]:
    """The complete months of the period (the current month is not complete yet)."""
    last_complete = month_start(month_index(scope.as_of) - 1)
    last = min(month_start(month_index(scope.end)), last_complete)
    first = month_start(month_index(scope.start))
    return min(first, last), last


def arrears_trend(scope: Scope) -> Figure:
    first, last = _completed_months(scope)
    points = arrears_by_month(first=first, last=last, tenancies=scope.tenancy_ids())
    rows: list[list[Any]] = [
        [p.month.strftime("%Y-%m"), p.tenancies, p.arrears_cents, p.months_of_rent] for p in points
    ]
    return Figure(
        key="arrears_trend",
        note=_refresh_note(),
        title=_("Arrears over time"),
        definition=_(
            "At the end of each complete month: the tenancies whose ledger balance (all charges "
            "minus all payments up to that day) was above zero, and the sum of those balances. "
            "Months of rent = that sum divided by the monthly rent of those tenancies."
        ),
        headline=[
            (_("tenancies in arrears, last month end"), rows[-1][1] if rows else 0, INT),
            (_("arrears, last month end"), rows[-1][2] if rows else 0, EURO),
        ],
        columns=[
            Column(_("month"), TEXT),
            Column(_("tenancies in arrears")),
            Column(_("arrears"), EURO),
            Column(_("months of rent per tenancy"), MONTHS),
        ],
        rows=rows,
        groups=["" for _r in rows],
        chart=charts.line(
            [r[0] for r in rows],
            {str(_("tenancies in arrears")): [r[1] for r in rows]},
            title=str(_("Tenancies in arrears at month end")),
        ),
    )


def _cleared(scope: Scope) -> tuple[list[Any], dt.date, dt.date]:
    # Clearing months whose year-later month end has passed.
    last = month_start(month_index(scope.as_of) - 13)
    first = month_start(month_index(add_months(scope.start, -12)))
    last = min(last, month_start(month_index(scope.end)))
    eps = cleared_episodes(first=first, last=last, tenancies=scope.tenancy_ids(), today=scope.as_of)
    return eps, first, last


def cleared_still_paying(scope: Scope) -> Figure:
    eps, first, last = _cleared(scope)
    known = [e for e in eps if e.still_clear is not None]
    still = sum(1 for e in known if e.still_clear)
    ended = len(eps) - len(known)
    rows = [
        [_("still clear a year later"), still, pct(still, len(known))],
        [
            _("in arrears again within the year"),
            len(known) - still,
            pct(len(known) - still, len(known)),
        ],
        [_("tenancy ended within the year"), ended, None],
    ]
    return Figure(
        key="cleared",
        note=_refresh_note(),
        title=_("Arrears cleared and still paying a year later"),
        definition=_(
            "Arrears of at least one month's rent at a month end, cleared (balance zero or in "
            "credit) at the next month end. Counted for clearings between %(first)s and %(last)s "
            "(the period moved back a year, so that a year later has passed). 'Still clear' = no "
            "month end with a month's rent of arrears in the twelve months after, and no arrears "
            "at the end of the twelfth."
        )
        % {"first": first.strftime("%m-%Y"), "last": last.strftime("%m-%Y")},
        headline=[
            (_("episodes cleared"), len(eps), INT),
            (_("still paying a year later"), pct(still, len(known)), PCT),
        ],
        columns=[Column(_("after a year"), TEXT), Column(_("episodes")), Column(_("share"), PCT)],
        rows=rows,
        groups=["still", "again", "ended"],
    )


def cleared_households(scope: Scope, group: str) -> QuerySet[Any]:
    eps, _f, _l = _cleared(scope)
    want = {"still": True, "again": False, "ended": None}.get(group, "all")
    ids = [e.tenancy_id for e in eps if want == "all" or e.still_clear is want]
    return Tenancy.objects.filter(id__in=ids).values("household_id")


PREVENTED_GROUPS = ("resolved", "still", "evicted", "ended")
COURT_OUTCOMES = (LegalOutcomeKind.DISSOLUTION, LegalOutcomeKind.PAYMENT_JUDGMENT)


def _court_tenancies(scope: Scope) -> set[int]:
    """Tenancies with court proceedings started, or a judgment, in the period."""
    tenancies = scope.tenancy_ids()
    started = Escalation.objects.filter(
        kind=StepKind.COURT, handed_over_on__gte=scope.start, handed_over_on__lte=scope.end
    )
    judged = LegalOutcome.objects.filter(
        kind__in=COURT_OUTCOMES, occurred_on__gte=scope.start, occurred_on__lte=scope.end
    )
    if tenancies is not None:
        started = started.filter(tenancy_id__in=tenancies)
        judged = judged.filter(tenancy_id__in=tenancies)
    return set(started.values_list("tenancy_id", flat=True)) | set(
        judged.values_list("tenancy_id", flat=True)
    )


def _prevented(scope: Scope) -> tuple[set[int], dict[str, list[int]]]:
    reached = reached_threshold(
        first=scope.start, last=scope.end, months=COURT_MONTHS, tenancies=scope.tenancy_ids()
    ) | _court_tenancies(scope)
    states = dict(
        TenancyArrears.objects.filter(tenancy_id__in=reached).values_list(
            "tenancy_id", "months_of_rent"
        )
    )
    active = set(
        Tenancy.objects.filter(
            id__in=reached, status__in=codes.ACTIVE_TENANCY_STATUSES
        ).values_list("id", flat=True)
    )
    evicted = set(
        LegalOutcome.objects.filter(
            tenancy_id__in=reached,
            kind=LegalOutcomeKind.EVICTION_EXECUTED,
            occurred_on__lte=scope.as_of,
        ).values_list("tenancy_id", flat=True)
    )
    groups: dict[str, list[int]] = {g: [] for g in PREVENTED_GROUPS}
    for t in sorted(reached):
        if t in evicted:
            groups["evicted"].append(t)
        elif t not in active:
            groups["ended"].append(t)
        elif states.get(t, Decimal(0)) < 1:
            groups["resolved"].append(t)
        else:
            groups["still"].append(t)
    return reached, groups


def evictions_prevented(scope: Scope) -> Figure:
    reached, groups = _prevented(scope)
    prevented = len(groups["resolved"]) + len(groups["still"])
    rows = [
        [_("prevented: still renting, less than a month of arrears now"), len(groups["resolved"])],
        [_("prevented: still renting, a month of arrears or more now"), len(groups["still"])],
        [_("evicted"), len(groups["evicted"])],
        [_("tenancy ended otherwise"), len(groups["ended"])],
    ]
    return Figure(
        key="prevented",
        note=_refresh_note(),
        title=_("Court threshold reached, eviction prevented"),
        definition=_(
            "Tenancies that, in the period, reached three months of rent in arrears at a month end "
            "(where kantonrechters start to consider dissolving the lease) or had court proceedings "
            "started or a judgment "
            "(dissolution or payment) recorded. 'Eviction prevented' = no eviction carried out "
            "has been recorded for the tenancy and it is still running today; split by whether "
            "the arrears are now below one month of rent. 'Evicted' = an eviction carried out is "
            "recorded on the household's escalation page. A tenancy that ended without a recorded "
            "eviction (moved out, died, ended by notice) is counted apart."
        ),
        headline=[
            (_("reached the court threshold or court"), len(reached), INT),
            (_("eviction prevented"), prevented, INT),
            (_("prevented"), pct(prevented, len(reached)), PCT),
            (_("evicted"), len(groups["evicted"]), INT),
        ],
        columns=[Column(_("today"), TEXT), Column(_("tenancies"))],
        rows=rows,
        groups=list(PREVENTED_GROUPS),
    )


def prevented_households(scope: Scope, group: str) -> QuerySet[Any]:
    _r, groups = _prevented(scope)
    if group == "prevented":
        ids = groups["resolved"] + groups["still"]
    elif group in groups:
        ids = groups[group]
    else:
        ids = [t for g in groups.values() for t in g]
    return Tenancy.objects.filter(id__in=ids).values("household_id")
