"""Figures about casework: durable solutions, payment arrangements, escalation, nuisance, and
tenant appreciation per channel."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, DateField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from verbinding.arrangements.models import PaymentArrangement
from verbinding.cases.models import Case
from verbinding.escalation.models import Escalation, LegalOutcome, LegalOutcomeKind, StepKind
from verbinding.feedback import selectors as feedback
from verbinding.feedback.models import MIN_GROUP
from verbinding.nuisance.models import Mediation, MediationOutcome
from verbinding.nuisance.selectors import recurrence_stats
from verbinding.outcomes import charts
from verbinding.outcomes.figure import GRADE, INT, PCT, TEXT, Column, Figure, pct
from verbinding.outcomes.scope import Scope

SOLVED = ("AFG", "GES")  # completed or closed; cancelled (GEA) is not a solution
JUDGMENTS = (LegalOutcomeKind.DISSOLUTION, LegalOutcomeKind.PAYMENT_JUDGMENT)


def _in_scope(qs: QuerySet[Any], scope: Scope, field: str = "household_id") -> QuerySet[Any]:
    households = scope.household_ids()
    return qs if households is None else qs.filter(**{f"{field}__in": households})


# --- durable solutions -------------------------------------------------------------------------


def _durable(scope: Scope, months: int) -> QuerySet[Case]:
    """Cases solved in the period whose ``months`` have passed, annotated with ``recurred``: a new
    case of the same kind for the same household opened within ``months`` after closing."""
    days = 183 if months == 6 else 365
    horizon = scope.as_of - dt.timedelta(days=days)
    again = Case.objects.filter(
        household_id=OuterRef("household_id"),
        kind=OuterRef("kind"),
        opened_on__gt=OuterRef("closed_on"),
        opened_on__lte=ExpressionWrapper(
            OuterRef("closed_on") + dt.timedelta(days=days), output_field=DateField()
        ),
    )
    qs = Case.objects.filter(
        status__in=SOLVED,
        closed_on__gte=scope.start,
        closed_on__lte=min(scope.end, horizon),
    )
    return _in_scope(qs, scope).annotate(recurred=Exists(again))


def durable_cases(scope: Scope) -> Figure:
    rows, groups = [], []
    headline = []
    for months in (6, 12):
        agg = _durable(scope, months).aggregate(
            n=Count("id"), again=Count("id", filter=Q(recurred=True))
        )
        n, again = agg["n"] or 0, agg["again"] or 0
        rows.append([_("%(m)s months") % {"m": months}, n, n - again, again, pct(n - again, n)])
        groups.append(str(months))
        headline.append(
            (_("without recurrence after %(m)s months") % {"m": months}, pct(n - again, n), PCT)
        )
    return Figure(
        key="durable",
        title=_("Durable solutions: cases closed without recurrence"),
        definition=_(
            "Cases completed or closed in the period (cancelled cases not counted) whose 6 or 12 "
            "months have passed by today. Recurrence = a new case of the same kind (financial, "
            "social, nuisance) for the same household opened within 6 (183 days) or 12 (365 "
            "days) months after closing."
        ),
        headline=headline,
        columns=[
            Column(_("window"), TEXT),
            Column(_("cases closed")),
            Column(_("no recurrence")),
            Column(_("recurred")),
            Column(_("durable"), PCT),
        ],
        rows=rows,
        groups=groups,
    )


def durable_households(scope: Scope, group: str) -> QuerySet[Any]:
    months = 12 if group == "12" else 6
    return _durable(scope, months).values("household_id")


# --- payment arrangements ----------------------------------------------------------------------

MADE = ("ACT", "BEE", "ANN", "BEV")  # granted and in force at some time (not requested/removed)
RESULTS: list[tuple[str, Any, Q]] = [
    ("completed", _("completed (paid off)"), Q(status="BEE")),
    ("not_kept", _("not kept (cancelled)"), Q(status="ANN")),
    ("running", _("still running"), Q(status__in=("ACT", "BEV"))),
]


def _arrangements(scope: Scope) -> QuerySet[PaymentArrangement]:
    qs = PaymentArrangement.objects.filter(
        status__in=MADE, created_on__gte=scope.start, created_on__lte=scope.end
    )
    return _in_scope(qs, scope)


def arrangements(scope: Scope) -> Figure:
    agg = _arrangements(scope).aggregate(
        **{
            f"{margin}_{key}": Count("id", filter=cond & Q(inside_margins=inside))
            for margin, inside in (("in", True), ("out", False))
            for key, _l, cond in RESULTS
        }
    )
    rows: list[list[Any]] = []
    groups: list[str] = []
    for margin, label in (("in", _("inside the margins")), ("out", _("outside the margins"))):
        counts = [agg[f"{margin}_{key}"] or 0 for key, _l, _c in RESULTS]
        made = sum(counts)
        ended = counts[0] + counts[1]
        rows.append([label, made, *counts, pct(counts[0], ended)])
        groups.append(margin)
    made_total = rows[0][1] + rows[1][1]
    return Figure(
        key="arrangements",
        title=_("Payment arrangements made, completed and not kept"),
        definition=_(
            "Payment arrangements proposed in the period that were granted (VERA "
            "BETALINGSREGELINGSTATUS active, ended, cancelled or frozen; requests not granted and "
            "removed ones not counted), split by whether they were inside the association's "
            "margins when made. Completed = ended, every instalment paid (BEE); not kept = "
            "cancelled (ANN). 'Kept' = completed out of completed plus not kept."
        ),
        headline=[
            (_("arrangements made"), made_total, INT),
            (_("inside the margins"), pct(rows[0][1], made_total), PCT),
        ],
        columns=[
            Column(_("margins"), TEXT),
            Column(_("made")),
            *[Column(label) for _k, label, _c in RESULTS],
            Column(_("kept"), PCT),
        ],
        rows=rows,
        groups=groups,
        chart=charts.stacked(
            [str(r[0]) for r in rows],
            {str(label): [r[2 + i] for r in rows] for i, (_k, label, _c) in enumerate(RESULTS)},
            title=str(_("How the arrangements turned out")),
        ),
    )


def arrangement_households(scope: Scope, group: str) -> QuerySet[Any]:
    qs = _arrangements(scope)
    if group in ("in", "out"):
        qs = qs.filter(inside_margins=group == "in")
    return qs.values("household_id")


# --- escalation --------------------------------------------------------------------------------


def _escalations(scope: Scope) -> QuerySet[Escalation]:
    qs = Escalation.objects.filter(handed_over_on__gte=scope.start, handed_over_on__lte=scope.end)
    return _in_scope(qs, scope)


def _legal_outcomes(scope: Scope) -> QuerySet[LegalOutcome]:
    qs = LegalOutcome.objects.filter(occurred_on__gte=scope.start, occurred_on__lte=scope.end)
    return _in_scope(qs, scope)


def escalations(scope: Scope) -> Figure:
    steps = dict(
        _escalations(scope)
        .order_by()
        .values_list("kind")
        .annotate(n=Count("id"))
        .values_list("kind", "n")
    )
    outcomes = dict(
        _legal_outcomes(scope)
        .order_by()
        .values_list("kind")
        .annotate(n=Count("id"))
        .values_list("kind", "n")
    )
    rows: list[list[Any]] = [[kind.label, steps.get(kind.value, 0)] for kind in StepKind]
    rows += [[kind.label, outcomes.get(kind.value, 0)] for kind in LegalOutcomeKind]
    judgments = sum(outcomes.get(k, 0) for k in JUDGMENTS)
    evictions = outcomes.get(LegalOutcomeKind.EVICTION_EXECUTED, 0)
    return Figure(
        key="escalations",
        title=_("Handovers to the bailiff, court cases and evictions"),
        definition=_(
            "Escalation steps recorded in the period: handovers to a bailiff or collection agency "
            "(VERA EXTERNEINCASSOSOORT DEU/INC) and court proceedings started; and what followed "
            "them, as recorded on the household's escalation page, dated in the period: judgments "
            "dissolving the lease or for payment only, evictions carried out, evictions called "
            "off after a judgment (for example the debt was paid or an arrangement made) and "
            "cases withdrawn or settled. An eviction counts on the day it was carried out."
        ),
        headline=[
            (_("handovers and court cases"), sum(steps.values()), INT),
            (_("judgments"), judgments, INT),
            (_("evictions carried out"), evictions, INT),
        ],
        columns=[Column(_("step or outcome"), TEXT), Column(_("number"))],
        rows=rows,
        groups=[*StepKind.values, *(f"out_{k}" for k in LegalOutcomeKind.values)],
        chart=charts.hbars(
            [str(r[0]) for r in rows], [r[1] for r in rows], title=str(_("Steps and outcomes"))
        ),
    )


def escalation_households(scope: Scope, group: str) -> QuerySet[Any]:
    if group.startswith("out_"):
        return _legal_outcomes(scope).filter(kind=group.removeprefix("out_")).values("household_id")
    qs = _escalations(scope)
    if group in StepKind.values:
        qs = qs.filter(kind=group)
    return qs.values("household_id")


# --- nuisance ----------------------------------------------------------------------------------


def _nuisance_closed(scope: Scope) -> QuerySet[Case]:
    qs = Case.objects.filter(
        nuisance__isnull=False,
        status__in=SOLVED,
        closed_on__gte=scope.start,
        closed_on__lte=scope.end,
    )
    return _in_scope(qs, scope)


def _mediations(scope: Scope) -> QuerySet[Mediation]:
    qs = Mediation.objects.filter(outcome_on__gte=scope.start, outcome_on__lte=scope.end).exclude(
        outcome=""
    )
    return _in_scope(qs, scope, "nuisance_case__case__household_id")


def nuisance(scope: Scope) -> Figure:
    resolved = _nuisance_closed(scope).count()
    outcomes = dict(
        _mediations(scope)
        .order_by()
        .values_list("outcome")
        .annotate(n=Count("id"))
        .values_list("outcome", "n")
    )
    stats = recurrence_stats(start=scope.start, end=scope.end, household_ids=scope.household_ids())
    rows = [[_("nuisance cases resolved"), resolved]]
    groups = ["resolved"]
    for outcome in MediationOutcome:
        rows.append([_("mediation: %(o)s") % {"o": outcome.label}, outcomes.get(outcome.value, 0)])
        groups.append(f"mediation_{outcome.value}")
    rows.append([_("closures followed by a new report within 12 months"), stats.recurred])
    groups.append("")
    return Figure(
        key="nuisance",
        title=_("Nuisance: resolved, mediation, recurrence"),
        definition=_(
            "Nuisance cases completed or closed in the period; outcomes of neighbourhood mediation "
            "recorded in the period; and recurrence as the nuisance module counts it: of the "
            "closures in the period, how many drew a new report about the same party within 12 months."
        ),
        headline=[
            (_("resolved"), resolved, INT),
            (_("recurred after closing"), pct(stats.recurred, stats.closures), PCT),
        ],
        columns=[Column(_("what"), TEXT), Column(_("number"))],
        rows=rows,
        groups=groups,
    )


def nuisance_households(scope: Scope, group: str) -> QuerySet[Any]:
    if group.startswith("mediation_"):
        return (
            _mediations(scope)
            .filter(outcome=group.removeprefix("mediation_"))
            .values("nuisance_case__case__household_id")
        )
    return _nuisance_closed(scope).values("household_id")


# --- tenant appreciation -----------------------------------------------------------------------


def appreciation(scope: Scope) -> Figure:
    answers = feedback.answers_in(
        since=scope.start,
        until=scope.end,
        households=scope.household_ids() if scope.neighbourhood_id else None,
        authors=scope.staff_ids(),
    )
    per_channel = feedback.by_channel(answers)
    personal, other = feedback.personal_vs_other(answers)
    rows = [
        [f.label, _("personal") if f.personal else _("other"), f.answers, f.mean]
        for f in per_channel
    ]
    shown = [f for f in per_channel if f.shown]
    return Figure(
        key="appreciation",
        title=_("Tenant appreciation per channel"),
        definition=_(
            "Grades (1-10) that tenants gave after a contact, in the period, per channel of that "
            "contact; given on the advisor's phone or through a link or QR code. Anonymous: a mean "
            "is shown only for %(n)s answers or more."
        )
        % {"n": MIN_GROUP},
        headline=[
            (_("personal contact"), personal.mean, GRADE),
            (_("other channels"), other.mean, GRADE),
            (_("answers"), personal.answers + other.answers, INT),
        ],
        columns=[
            Column(_("channel"), TEXT),
            Column(_("kind"), TEXT),
            Column(_("answers")),
            Column(_("mean grade"), GRADE),
        ],
        rows=rows,
        groups=["" for _r in rows],
        chart=charts.hbars(
            [f.label for f in shown],
            [f.mean or 0 for f in shown],
            title=str(_("Mean grade per channel")),
            max_value=10,
        ),
    )
