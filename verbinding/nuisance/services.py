"""Every write in a nuisance case: atomic, keyword-only, audited in the same transaction."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from verbinding import clock
from verbinding.audit.services import audit_change, snapshot
from verbinding.cases.models import Case
from verbinding.cases.services import case_change_status, case_open
from verbinding.households.models import Household
from verbinding.nuisance import rules
from verbinding.nuisance.models import (
    NUISANCE_DETAILS,
    PARTY_ROLES,
    REPORTER_ROLES,
    Account,
    Incident,
    Invitation,
    Mediation,
    MediationOutcome,
    NuisanceCase,
    Party,
    Recurrence,
    RecurrenceAction,
    Report,
    Step,
    StepTaken,
)
from verbinding.vera import codes


class NuisanceError(ValueError):
    pass


def _happened(day: dt.date) -> dt.date:
    """A report, account, invitation, incident or referral records what happened: not after today."""
    if day > clock.today():
        raise NuisanceError(_("The date cannot be in the future."))
    return day


def _audit(actor: Any, obj: Any, case: Case, summary: str, before: Any = None, reason: str = ""):
    return audit_change(
        actor=actor,
        obj=obj,
        before=before,
        household_id=case.household_id,
        summary=summary,
        reason=reason,
    )


def _start_work(nuisance_case: NuisanceCase, actor: Any, note: str = "") -> None:
    """A case that is only 'created' moves to 'in progress' when the advisor acts on it."""
    if nuisance_case.case.status == "AAN":
        nuisance_case.case = case_change_status(
            case=nuisance_case.case, status="INB", actor=actor, note=note
        )


def _open_case(
    *,
    household: Household,
    detail: str,
    handler: Any,
    actor: Any,
    opened_on: dt.date,
    previous: NuisanceCase | None = None,
) -> NuisanceCase:
    case = case_open(
        household=household, detail=detail, handler=handler, actor=actor, opened_on=opened_on
    )
    nuisance_case = NuisanceCase.objects.create(case=case, previous=previous)
    _audit(actor, nuisance_case, case, "nuisance case")
    party = Party.objects.create(
        nuisance_case=nuisance_case, role="BEK", household=household, added_on=opened_on
    )
    _audit(actor, party, case, "nuisance party")
    return nuisance_case


def _closed_case_about(household: Household) -> NuisanceCase | None:
    return (
        NuisanceCase.objects.select_related("case")
        .filter(case__household=household, case__status__in=codes.CLOSED_CASE_STATUSES)
        .order_by("-case__closed_on", "-id")
        .first()
    )


def _reporter_party(
    *,
    nuisance_case: NuisanceCase,
    role: str,
    household: Household | None,
    name: str,
    organisation: str,
    contact: str,
    share_identity: bool,
    on: dt.date,
    actor: Any,
) -> Party:
    existing = nuisance_case.parties.filter(role__in=REPORTER_ROLES)
    if household is not None:
        existing = existing.filter(household=household)
    else:
        existing = existing.filter(household=None, name__iexact=name, contact__iexact=contact)
    party = existing.first()
    if party is not None:
        return party
    if household is None and not (name.strip() or organisation.strip()):
        raise NuisanceError("A reporter needs a household, a name or an organisation.")
    return party_add(
        nuisance_case=nuisance_case,
        role=role,
        household=household,
        name=name,
        organisation=organisation,
        contact=contact,
        share_identity=share_identity,
        added_on=on,
        actor=actor,
    )


@transaction.atomic
def report_file(
    *,
    against: Household,
    what_happened: str,
    occurred_on: dt.date,
    frequency: str,
    talked_to_neighbour: str,
    source: str,
    actor: Any,
    detail: str = "GEL",
    reporter_household: Household | None = None,
    reporter_name: str = "",
    reporter_organisation: str = "",
    reporter_contact: str = "",
    reporter_role: str = "KLG",
    share_identity: bool = False,
    channel: str = "TEL",
    occurred_time: dt.time | None = None,
    place: str = "",
    received_on: dt.date | None = None,
    handler: Any = None,
) -> Report:
    """File a report (melding) about ``against``.

    It joins the open nuisance case about that household, if there is one. Otherwise, if a case
    about them was closed within 12 months, that case is reopened (or, when it cannot be reopened
    or the kind differs, a new case is linked to it) and a ``Recurrence`` is stored. Otherwise a
    new case is opened with ``against`` as the complained-about party (BEK).
    """
    if detail not in NUISANCE_DETAILS:
        raise NuisanceError(f"Unknown nuisance kind {detail!r}")
    if reporter_role not in REPORTER_ROLES:
        raise NuisanceError(f"A reporter is MEL or KLG, not {reporter_role!r}")
    if reporter_household is not None and reporter_household.pk == against.pk:
        raise NuisanceError("A household cannot report itself.")
    if not what_happened.strip():
        raise NuisanceError("Describe what happened.")
    _happened(occurred_on)
    received = _happened(received_on or clock.today())
    handler = handler if handler is not None else actor
    nuisance_case = (
        NuisanceCase.objects.select_related("case")
        .filter(case__household=against)
        .exclude(case__status__in=codes.CLOSED_CASE_STATUSES)
        .order_by("-id")
        .first()
    )
    recurrence: tuple[NuisanceCase, str, dt.date] | None = None
    if nuisance_case is None:
        closed = _closed_case_about(against)
        if closed is not None and rules.is_recurrence(closed.case.closed_on, received):
            closed_on = closed.case.closed_on or received
            reopen = closed.case.status in ("AFG", "GES") and closed.case.detail == detail
            if reopen:
                closed.case = case_change_status(
                    case=closed.case,
                    status="INB",
                    actor=actor,
                    note="New report within 12 months (recurrence)",
                )
                nuisance_case = closed
                recurrence = (closed, RecurrenceAction.REOPENED, closed_on)
            else:
                recurrence = (closed, RecurrenceAction.LINKED, closed_on)
        if nuisance_case is None:
            nuisance_case = _open_case(
                household=against,
                detail=detail,
                handler=handler,
                actor=actor,
                opened_on=received,
                previous=recurrence[0] if recurrence else None,
            )
    reporter = _reporter_party(
        nuisance_case=nuisance_case,
        role=reporter_role,
        household=reporter_household,
        name=reporter_name,
        organisation=reporter_organisation,
        contact=reporter_contact,
        share_identity=share_identity,
        on=received,
        actor=actor,
    )
    report = Report.objects.create(
        nuisance_case=nuisance_case,
        reporter=reporter,
        source=source,
        channel=channel,
        received_on=received,
        occurred_on=occurred_on,
        occurred_time=occurred_time,
        place=place.strip(),
        what_happened=what_happened.strip(),
        frequency=frequency,
        talked_to_neighbour=talked_to_neighbour,
        entered_by=actor,
    )
    _audit(actor, report, nuisance_case.case, "nuisance report")
    if reporter_household is not None:
        audit_change(
            actor=actor,
            obj=report,
            before=None,
            household_id=reporter_household.id,
            summary="nuisance report (as reporter)",
        )
    if recurrence is not None:
        previous, action, closed_on = recurrence
        rec = Recurrence.objects.create(
            nuisance_case=nuisance_case,
            previous=previous,
            report=report,
            action=action,
            previous_closed_on=closed_on,
            detected_on=received,
        )
        _audit(actor, rec, nuisance_case.case, "nuisance recurrence")
    return report


@transaction.atomic
def party_add(
    *,
    nuisance_case: NuisanceCase,
    role: str,
    actor: Any,
    household: Household | None = None,
    name: str = "",
    organisation: str = "",
    contact: str = "",
    share_identity: bool = False,
    added_on: dt.date | None = None,
) -> Party:
    """Add a party: a household, or a person or organisation (police, municipality, GGZ ...)."""
    if role not in PARTY_ROLES:
        raise NuisanceError(f"Unknown case role {role!r}")
    if household is None and not (name.strip() or organisation.strip()):
        raise NuisanceError("A party needs a household, a name or an organisation.")
    party = Party.objects.create(
        nuisance_case=nuisance_case,
        role=role,
        household=household,
        name=name.strip(),
        organisation=organisation.strip(),
        contact=contact.strip(),
        share_identity=share_identity,
        added_on=added_on or clock.today(),
    )
    _audit(actor, party, nuisance_case.case, "nuisance party")
    if household is not None and household.pk != nuisance_case.case.household_id:
        audit_change(
            actor=actor, obj=party, before=None, household_id=household.pk, summary="nuisance party"
        )
    return party


@transaction.atomic
def account_record(
    *, party: Party, words: str, actor: Any, heard_on: dt.date | None = None, channel: str = "BEZ"
) -> Account:
    """Record a party's side of the story, in their own words."""
    if not words.strip():
        raise NuisanceError("An account needs the party's own words.")
    account = Account.objects.create(
        party=party,
        words=words.strip(),
        heard_on=_happened(heard_on or clock.today()),
        channel=channel,
        recorded_by=actor,
    )
    nuisance_case = party.nuisance_case
    _audit(actor, account, nuisance_case.case, f"nuisance account ({party.role})")
    _start_work(nuisance_case, actor, note="Party heard")
    return account


@transaction.atomic
def invitation_send(
    *, party: Party, channel: str, actor: Any, sent_on: dt.date | None = None, note: str = ""
) -> Invitation:
    """Record an invitation to give one's side (the second one is a reminder)."""
    invitation = Invitation.objects.create(
        party=party,
        channel=channel,
        sent_on=_happened(sent_on or clock.today()),
        note=note.strip(),
        sent_by=actor,
    )
    _audit(actor, invitation, party.nuisance_case.case, "nuisance invitation")
    _start_work(party.nuisance_case, actor, note="Party invited")
    return invitation


@transaction.atomic
def incident_record(
    *,
    nuisance_case: NuisanceCase,
    occurred_on: dt.date,
    fact: str,
    observer_kind: str,
    actor: Any,
    occurred_time: dt.time | None = None,
    observer_party: Party | None = None,
    observer_name: str = "",
) -> Incident:
    """Add a fact to the incident log."""
    if not fact.strip():
        raise NuisanceError("Describe the fact.")
    if observer_party is not None and observer_party.nuisance_case_id != nuisance_case.pk:
        raise NuisanceError("The observer is not a party to this case.")
    incident = Incident.objects.create(
        nuisance_case=nuisance_case,
        occurred_on=_happened(occurred_on),
        occurred_time=occurred_time,
        fact=fact.strip(),
        observer_kind=observer_kind,
        observer_party=observer_party,
        observer_name=observer_name.strip(),
        recorded_by=actor,
    )
    _audit(actor, incident, nuisance_case.case, "nuisance incident")
    return incident


@transaction.atomic
def reports_acknowledge(*, nuisance_case: NuisanceCase, actor: Any) -> int:
    """Mark the new reports of a case as taken up (they leave the worklist)."""
    today = clock.today()
    pending = list(nuisance_case.reports.filter(acknowledged_on=None))
    for report in pending:
        before = snapshot(report)
        report.acknowledged_on = today
        report.save(update_fields=["acknowledged_on"])
        _audit(actor, report, nuisance_case.case, "nuisance report taken up", before=before)
    if pending:
        _start_work(nuisance_case, actor, note="Reports taken up")
    return len(pending)


@transaction.atomic
def step_record(
    *,
    nuisance_case: NuisanceCase,
    step: str,
    reason: str,
    actor: Any,
    suggested: str = "",
    party: Party | None = None,
    taken_on: dt.date | None = None,
    follow_up_on: dt.date | None = None,
) -> StepTaken:
    """Append a step the advisor chose, with the reason (the ladder is a suggestion only)."""
    if step not in Step.values:
        raise NuisanceError(f"Unknown step {step!r}")
    if not reason.strip():
        raise NuisanceError("Say why you chose this step.")
    taken = StepTaken.objects.create(
        nuisance_case=nuisance_case,
        step=step,
        party=party,
        reason=reason.strip(),
        suggested=suggested if suggested in Step.values else "",
        taken_on=taken_on or clock.today(),
        follow_up_on=follow_up_on,
        by=actor,
    )
    _audit(actor, taken, nuisance_case.case, f"nuisance step {step}", reason=reason)
    reports_acknowledge(nuisance_case=nuisance_case, actor=actor)
    _start_work(nuisance_case, actor, note="Step taken")
    return taken


@transaction.atomic
def follow_up_mark_done(*, step: StepTaken, actor: Any) -> StepTaken:
    before = snapshot(step)
    step.follow_up_done = True
    step.save(update_fields=["follow_up_done"])
    _audit(actor, step, step.nuisance_case.case, "nuisance follow-up done", before=before)
    return step


@transaction.atomic
def mediation_refer(
    *,
    nuisance_case: NuisanceCase,
    organisation: str,
    reason: str,
    actor: Any,
    referred_on: dt.date | None = None,
    suggested: str = "",
) -> Mediation:
    """Refer the parties to neighbourhood mediation; also appended as a step on the ladder."""
    on = _happened(referred_on or clock.today())
    mediation = Mediation.objects.create(
        nuisance_case=nuisance_case,
        organisation=organisation.strip() or "Buurtbemiddeling",
        referred_on=on,
        referred_by=actor,
    )
    _audit(actor, mediation, nuisance_case.case, "nuisance mediation referral")
    step_record(
        nuisance_case=nuisance_case,
        step=Step.MEDIATION,
        reason=reason,
        suggested=suggested,
        taken_on=on,
        follow_up_on=on + dt.timedelta(days=rules.MEDIATION_CHECK_AFTER_DAYS),
        actor=actor,
    )
    return mediation


@transaction.atomic
def mediation_outcome_record(
    *,
    mediation: Mediation,
    outcome: str,
    actor: Any,
    outcome_on: dt.date | None = None,
    note: str = "",
) -> Mediation:
    """Record how mediation ended (resolved / partly / not resolved / refused)."""
    if outcome not in MediationOutcome.values:
        raise NuisanceError(f"Unknown mediation outcome {outcome!r}")
    if mediation.outcome:
        raise NuisanceError("This referral already has an outcome; refer again for a new round.")
    before = snapshot(mediation)
    mediation.outcome = outcome
    mediation.outcome_on = outcome_on or clock.today()
    mediation.outcome_note = note.strip()
    mediation.save(update_fields=["outcome", "outcome_on", "outcome_note"])
    _audit(
        actor, mediation, mediation.nuisance_case.case, "nuisance mediation outcome", before=before
    )
    mediation.nuisance_case.steps.filter(step=Step.MEDIATION, follow_up_done=False).update(
        follow_up_done=True
    )
    return mediation


@transaction.atomic
def nuisance_close(*, nuisance_case: NuisanceCase, note: str, actor: Any) -> NuisanceCase:
    """Close the case (completed). A new report within 12 months reopens it as a recurrence."""
    _start_work(nuisance_case, actor, note="Closing")
    nuisance_case.case = case_change_status(
        case=nuisance_case.case, status="AFG", actor=actor, note=note
    )
    return nuisance_case
