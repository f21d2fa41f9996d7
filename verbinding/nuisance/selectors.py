"""Reads of nuisance cases, with the access rules applied.

An advisor sees a nuisance case when any household that is party to it (the complained-about
household included) is within their reach (``households_for``). Opening a case is audited.
Another party's household shows only as far as the viewer may open it: a household out of reach is
"buurhuishouden", without name, members, address or safety flags (``mask_out_of_reach``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from verbinding import clock
from verbinding.access import selectors as access
from verbinding.audit.models import AuditAction
from verbinding.audit.services import audit_record
from verbinding.cases.models import CaseStatus
from verbinding.households.models import Household, HouseholdMember, SafetyFlag, Tenancy
from verbinding.households.selectors import households_for
from verbinding.nuisance import rules
from verbinding.nuisance.models import (
    REPORTER_ROLES,
    Account,
    Incident,
    Invitation,
    Mediation,
    NuisanceCase,
    Party,
    Recurrence,
    Report,
    Step,
    StepTaken,
)
from verbinding.vera import codes


def nuisance_cases_for(*, user: Any) -> QuerySet[NuisanceCase]:
    """Every nuisance case this user may open: one of its households is in reach.

    The case's own household is always a party too (the complained-about party, added when the
    case is opened), so one subquery on parties covers both; an OR of two subqueries was three
    times slower on PostgreSQL with 100,000 households.
    """
    in_reach = households_for(user=user).values("id")
    party_cases = Party.objects.filter(household__in=in_reach).values("nuisance_case_id")
    return NuisanceCase.objects.filter(id__in=party_cases)


def case_list(*, user: Any, show: str = "open") -> QuerySet[NuisanceCase]:
    """The nuisance cases list, with what the list shows computed in the same query."""
    qs = nuisance_cases_for(user=user).select_related("case__household", "case__handler")
    if show == "open":
        qs = qs.exclude(case__status__in=codes.CLOSED_CASE_STATUSES)
    elif show == "closed":
        qs = qs.filter(case__status__in=codes.CLOSED_CASE_STATUSES)
    heard = Account.objects.filter(party__nuisance_case=OuterRef("pk"), party__role="BEK")
    return qs.annotate(
        report_count=Count("reports", distinct=True),
        new_reports=Count("reports", filter=Q(reports__acknowledged_on=None), distinct=True),
        complained_about_heard=Exists(heard),
    ).order_by("-case__opened_on", "-id")


def case_detail(*, user: Any, case_id: int, audit: bool = True) -> NuisanceCase:
    """One nuisance case with everything its page shows, or 404. Opening it is audited."""
    members = HouseholdMember.objects.select_related("person").order_by("role", "id")
    tenancies = Tenancy.objects.filter(status__in=codes.ACTIVE_TENANCY_STATUSES).select_related(
        "unit"
    )
    flags = SafetyFlag.objects.filter(status=codes.SignaleringStatus.ACT)
    parties = Party.objects.select_related("household").prefetch_related(
        Prefetch("household__members", queryset=members),
        Prefetch("household__tenancies", queryset=tenancies, to_attr="current_tenancies"),
        Prefetch("household__flags", queryset=flags, to_attr="active_flags"),
        Prefetch("accounts", queryset=Account.objects.select_related("recorded_by")),
        Prefetch("invitations", queryset=Invitation.objects.select_related("sent_by")),
    )
    nuisance_case = (
        nuisance_cases_for(user=user)
        .select_related("case__household", "case__handler", "previous__case")
        .prefetch_related(
            Prefetch("parties", queryset=parties),
            Prefetch("reports", queryset=Report.objects.select_related("reporter__household")),
            Prefetch(
                "incidents",
                queryset=Incident.objects.select_related("observer_party__household"),
            ),
            Prefetch("steps", queryset=StepTaken.objects.select_related("by", "party__household")),
            "mediations",
            Prefetch("recurrences", queryset=Recurrence.objects.select_related("previous__case")),
            Prefetch("case__history", queryset=CaseStatus.objects.select_related("by")),
        )
        .filter(id=case_id)
        .first()
    )
    if nuisance_case is None:
        raise Http404
    mask_out_of_reach(user=user, households=_households_in(nuisance_case))
    if audit:
        audit_record(
            actor=user,
            action=AuditAction.VIEW,
            obj=nuisance_case,
            household_id=nuisance_case.case.household_id,
            summary="nuisance case page",
        )
    return nuisance_case


def _households_in(nuisance_case: NuisanceCase) -> list[Household]:
    """Every household instance the case page can show (each relation loads its own copy)."""
    found: list[Household | None] = [nuisance_case.case.household]
    for party in nuisance_case.parties.all():
        found.append(party.household)
    for report in nuisance_case.reports.all():
        found.append(report.reporter.household if report.reporter_id else None)
    for incident in nuisance_case.incidents.all():
        observer = incident.observer_party
        found.append(observer.household if observer is not None else None)
    for step in nuisance_case.steps.all():
        found.append(step.party.household if step.party_id else None)  # type: ignore[union-attr]
    return [h for h in found if h is not None]


def mask_out_of_reach(*, user: Any, households: Iterable[Household]) -> None:
    """Blank, in memory, every household this user may not open (one query for all of them):
    the name becomes "buurhuishouden", no ERP number, members, address or safety flags."""
    households = list(households)
    visible = access.visible_ids(user, sorted({h.id for h in households}))
    label = _("household out of reach")
    for household in households:
        if household.id in visible:
            continue
        household.name = label
        household.external_id = ""
        household.masked = True  # type: ignore[attr-defined]
        household.active_flags = []  # type: ignore[attr-defined]
        household.current_tenancies = []  # type: ignore[attr-defined]
        cache = getattr(household, "_prefetched_objects_cache", None)
        if cache is None:
            cache = household._prefetched_objects_cache = {}  # type: ignore[attr-defined]
        cache["members"] = HouseholdMember.objects.none()
        cache["flags"] = SafetyFlag.objects.none()
        cache["tenancies"] = Tenancy.objects.none()


def party_in_case(*, nuisance_case: NuisanceCase, party_id: int) -> Party:
    for party in nuisance_case.parties.all():
        if party.id == party_id:
            return party
    raise Http404


def complained_about(nuisance_case: NuisanceCase) -> list[Party]:
    return [p for p in nuisance_case.parties.all() if p.role == "BEK"]


def reporters(nuisance_case: NuisanceCase) -> list[Party]:
    return [p for p in nuisance_case.parties.all() if p.role in REPORTER_ROLES]


def case_facts(nuisance_case: NuisanceCase, today: dt.date | None = None) -> rules.CaseFacts:
    """Gather the rule inputs from a case loaded by ``case_detail`` (no further queries)."""
    today = today or clock.today()
    reports = list(nuisance_case.reports.all())
    steps = list(nuisance_case.steps.all())
    bek = complained_about(nuisance_case)
    mediations = sorted(nuisance_case.mediations.all(), key=lambda m: (m.referred_on, m.id))
    warnings = [s.taken_on for s in steps if s.step == Step.WARNING]
    incidents = list(nuisance_case.incidents.all())
    first_warning = min(warnings) if warnings else None
    return rules.CaseFacts(
        kind=nuisance_case.case.detail,
        today=today,
        reporters_talked=any(r.talked_to_neighbour == "yes" for r in reports),
        reporter_feels_unsafe=any(r.talked_to_neighbour == "unsafe" for r in reports),
        steps=frozenset(s.step for s in steps),
        complained_about_heard=bool(bek) and all(p.accounts.all() for p in bek),
        invitations=tuple(i.sent_on for p in bek for i in p.invitations.all()),
        mediation_outcomes=tuple(m.outcome for m in mediations),
        last_mediation_referred_on=mediations[-1].referred_on if mediations else None,
        incidents=len(incidents),
        incidents_after_warning=(
            sum(1 for i in incidents if i.occurred_on > first_warning) if first_warning else 0
        ),
        is_open=nuisance_case.case.is_open,
    )


def reporter_secrets(nuisance_case: NuisanceCase) -> list[str]:
    """Everything that could identify a reporter who has not agreed to be named."""
    secrets: list[str] = []
    for party in reporters(nuisance_case):
        if party.share_identity:
            continue
        secrets += [party.name, party.organisation, party.contact]
        if party.household_id is not None:
            household = party.household
            assert household is not None
            secrets.append(household.name)
            for member in household.members.all():
                person = member.person
                secrets += [person.full_name, person.surname, person.phone, person.email]
            for tenancy in household.current_tenancies:  # type: ignore[attr-defined]
                secrets += [tenancy.unit.address, tenancy.unit.postcode]
    return [s for s in secrets if s]


def names_the_party_may_read(nuisance_case: NuisanceCase, party: Party) -> list[str]:
    """Names that need no masking on the party's page: reporters who agreed to be named, and the
    party's own household (everything else a name-finder finds is masked)."""
    names: list[str] = []
    for p in [*[r for r in reporters(nuisance_case) if r.share_identity], party]:
        names.append(p.name)
        if p.household_id is not None:
            household = p.household
            assert household is not None
            names.append(household.name)
            names += [m.person.full_name for m in household.members.all()]
    return [n for n in names if n]


@dataclass
class PartyView:
    """What the complained-about party may see: facts and their own side, never the reporters."""

    party: Party
    kind: str
    opened_on: dt.date
    incidents: list[dict[str, Any]]
    accounts: list[Account]
    invitations: list[Invitation]
    steps: list[StepTaken]
    report_count: int


def party_view(*, user: Any, nuisance_case: NuisanceCase, party: Party) -> PartyView:
    """The case as the complained-about party sees it (for a letter or a conversation summary).

    Free text is run through ``rules.redact`` with every identifying detail of the reporters, as a
    safety net on top of the rule that incidents are written without names. Audited as an export.
    """
    if party.role != "BEK":
        raise Http404
    secrets = reporter_secrets(nuisance_case)
    allowed = names_the_party_may_read(nuisance_case, party)
    incidents = [
        {
            "occurred_on": i.occurred_on,
            "occurred_time": i.occurred_time,
            "fact": rules.redact(i.fact, secrets, allowed=allowed),
            "observer": i.get_observer_kind_display(),
        }
        for i in nuisance_case.incidents.all()
    ]
    steps = [
        s
        for s in nuisance_case.steps.all()
        if s.party_id in (None, party.id) and s.step != Step.OWN
    ]
    audit_record(
        actor=user,
        action=AuditAction.EXPORT,
        obj=nuisance_case,
        household_id=party.household_id or nuisance_case.case.household_id,
        summary="nuisance case as the complained-about party sees it",
    )
    return PartyView(
        party=party,
        kind=nuisance_case.case.get_detail_display(),
        opened_on=nuisance_case.case.opened_on,
        incidents=incidents,
        accounts=list(party.accounts.all()),
        invitations=list(party.invitations.all()),
        steps=steps,
        report_count=len(nuisance_case.reports.all()),
    )


def mediation_in_case(*, nuisance_case: NuisanceCase, mediation_id: int) -> Mediation:
    for mediation in nuisance_case.mediations.all():
        if mediation.id == mediation_id:
            return mediation
    raise Http404


@dataclass(frozen=True)
class RecurrenceStats:
    closures: int  # nuisance cases closed (completed or cancelled) in the period
    recurred: int  # of those closures, how many got a new report within 12 months
    recurrences_detected: int  # recurrences noticed in the period (whenever the case closed)

    @property
    def rate(self) -> float | None:
        return self.recurred / self.closures if self.closures else None


def recurrence_stats(
    *, start: dt.date, end: dt.date, household_ids: Iterable[int] | QuerySet[Any] | None = None
) -> RecurrenceStats:
    """Recurrence for the outcomes dashboard: of the nuisance cases closed between ``start`` and
    ``end`` (inclusive), how many drew a new report about the same party within 12 months.

    A reopened case that closes again counts as a second closure. ``household_ids`` limits the
    count to cases about those households (e.g. one neighbourhood); the caller applies access.
    """
    first_instant, after_last = clock.day_range(start, end)
    closures = CaseStatus.objects.filter(
        case__nuisance__isnull=False,
        status__in=("AFG", "GEA"),
        at__gte=first_instant,
        at__lt=after_last,
    )
    recurred = Recurrence.objects.filter(previous_closed_on__gte=start, previous_closed_on__lte=end)
    detected = Recurrence.objects.filter(detected_on__gte=start, detected_on__lte=end)
    if household_ids is not None:
        closures = closures.filter(case__household_id__in=household_ids)
        recurred = recurred.filter(previous__case__household_id__in=household_ids)
        detected = detected.filter(nuisance_case__case__household_id__in=household_ids)
    return RecurrenceStats(
        closures=closures.count(),
        recurred=recurred.values("previous_id", "previous_closed_on").distinct().count(),
        recurrences_detected=detected.count(),
    )


def visit_flags(nuisance_case: NuisanceCase) -> list[tuple[Party, SafetyFlag]]:
    """Active safety flags on the households that are party to the case (for planning visits)."""
    out: list[tuple[Party, SafetyFlag]] = []
    for party in nuisance_case.parties.all():
        if party.household_id is None:
            continue
        for flag in party.household.active_flags:  # type: ignore[union-attr]
            out.append((party, flag))
    return out
