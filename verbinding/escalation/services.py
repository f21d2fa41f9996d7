"""Recording a handover to a bailiff/collection agency or a court step, behind the guardrails."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from verbinding import clock
from verbinding.accounts.roles import Role
from verbinding.arrears.episodes import current_episode
from verbinding.arrears.history import arrears_for
from verbinding.arrears.rules import is_term
from verbinding.audit.services import audit_change
from verbinding.escalation import rules
from verbinding.escalation.models import (
    CollectionStay,
    Escalation,
    LegalOutcome,
    LegalOutcomeKind,
    StayKind,
    StepKind,
)
from verbinding.escalation.selectors import guardrail_facts
from verbinding.households.models import Household, Tenancy
from verbinding.letters import rules as letter_rules
from verbinding.letters.models import Letter, LetterKind
from verbinding.vera import codes


class GuardrailsNotMet(PermissionError):
    def __init__(self, missing: list[str]) -> None:
        super().__init__("Missing: " + ", ".join(missing))
        self.missing = missing


class EscalationError(ValueError):
    pass


@transaction.atomic
def stay_record(
    *,
    household: Household,
    kind: str,
    starts_on: dt.date,
    source: str,
    actor: Any,
    ends_on: dt.date | None = None,
) -> CollectionStay:
    """Record a debt settlement, WSNP or court stay, or the day the tenant accepted municipal debt
    help: handovers and court starts are blocked while it runs. Audited."""
    if not getattr(actor, "works_with_households", False):
        raise PermissionError("Only advisors and team leads record stays.")
    if kind not in StayKind.values:
        raise EscalationError(f"Unknown stay {kind!r}")
    if starts_on > clock.today():
        raise EscalationError(_("The date cannot be in the future."))
    if ends_on is not None and ends_on < starts_on:
        raise EscalationError(_("The end date cannot be before the start date."))
    if not source.strip():
        raise EscalationError(_("Say where this comes from (e.g. the letter of the court)."))
    stay = CollectionStay.objects.create(
        household=household,
        kind=kind,
        starts_on=starts_on,
        ends_on=ends_on,
        source=source.strip()[:200],
        created_by=actor,
    )
    audit_change(
        actor=actor, obj=stay, before=None, household_id=household.id, summary=f"stay: {kind}"
    )
    return stay


@dataclass(frozen=True)
class HandoverClaim:
    """What a handover carries: the principal and costs of the 14-dagenbrief, not more."""

    letter: Letter | None
    principal_cents: int
    costs_cents: int
    needs_new_letter: tuple[dt.date, ...]  # rent terms in default that the letter did not claim


def handover_claim(*, tenancy: Tenancy, on: dt.date) -> HandoverClaim:
    """The claim a handover on ``on`` carries (art. 6:96 lid 6 BW): the months of the latest
    14-dagenbrief of this arrears episode whose term has expired, as far as still unpaid, and its
    costs (over the principal still unpaid, never more than the letter stated). Months that became
    due after the letter are listed: they need a new letter before costs may be claimed on them."""
    episode = current_episode(tenancy.id, on=on, rent_cents=tenancy.rent_cents)
    if episode is None:
        return HandoverClaim(None, 0, 0, ())
    unpaid: dict[dt.date, int] = {}
    for entry, part in episode.arrears.unpaid:
        if is_term(entry):
            unpaid[entry.due] = unpaid.get(entry.due, 0) + part
    letters = Letter.objects.filter(
        tenancy=tenancy,
        kind=LetterKind.FOURTEEN_DAY,
        received_on__isnull=False,
        sent_on__gte=episode.start,
        sent_on__lte=on,
    ).order_by("-sent_on", "-id")
    letter = next(
        (x for x in letters if x.received_on and letter_rules.term_last_day(x.received_on) < on),
        None,
    )
    if letter is None:
        return HandoverClaim(None, 0, 0, tuple(sorted(unpaid)))
    claimed = {dt.date.fromisoformat(m["due"]): int(m["cents"]) for m in letter.months}
    principal = sum(min(cents, unpaid.get(due, 0)) for due, cents in claimed.items())
    costs = 0
    if principal > 0:
        base = letter_rules.collection_costs(principal)
        vat = letter_rules.vat_cents(base, settings.LETTERS_VAT_PERCENT) if letter.vat_cents else 0
        costs = min(letter.costs_cents, base + vat)
    later = tuple(sorted(due for due in unpaid if due not in claimed))
    return HandoverClaim(letter, principal, costs, later)


@transaction.atomic
def escalation_record(
    *,
    household: Household,
    tenancy: Tenancy,
    kind: str,
    start_reason: str,
    reason: str,
    actor: Any,
    handed_over_on: dt.date | None = None,
    override_reason: str = "",
) -> Escalation:
    """Record the step if every guardrail is met; otherwise only a team lead may, with a reason
    (the override is audited and appears in the override report)."""
    day = handed_over_on or clock.today()
    if day > clock.today():
        # A handover dated ahead would pass guardrails (arrears, terms) that are not met today.
        raise EscalationError(_("The date cannot be in the future."))
    if kind not in StepKind.values:
        raise EscalationError(f"Unknown step {kind!r}")
    if start_reason not in codes.ExterneIncassoStartReden.values:
        raise EscalationError(f"Unknown reason {start_reason!r}")
    if tenancy.household_id != household.id:
        raise EscalationError("The tenancy belongs to another household.")
    if not reason.strip():
        raise EscalationError("Give the reason for this step.")
    checks = [
        c
        for c in rules.checks(guardrail_facts(household=household, tenancy=tenancy, today=day), day)
        if rules.applies(c, kind)
    ]
    missing = [c.code for c in checks if not c.met]
    override = override_reason.strip()
    hard = [code for code in missing if code in rules.NOT_OVERRIDABLE]
    if hard or (missing and (getattr(actor, "role", None) != Role.TEAM_LEAD or not override)):
        raise GuardrailsNotMet(missing)
    claim = handover_claim(tenancy=tenancy, on=day)
    escalation = Escalation.objects.create(
        letter=claim.letter,
        claim_principal_cents=claim.principal_cents,
        claim_costs_cents=claim.costs_cents,
        needs_new_letter=[d.isoformat() for d in claim.needs_new_letter],
        household=household,
        tenancy=tenancy,
        kind=kind,
        start_reason=start_reason,
        handed_over_on=day,
        reason=reason.strip()[:300],
        arrears_cents=arrears_for(tenancy.id, today=day).arrears_cents,
        checks=[
            {
                "code": c.code,
                "met": c.met,
                "evidence_on": c.evidence_on.isoformat() if c.evidence_on else None,
                "detail": c.detail,
            }
            for c in checks
        ],
        overridden=bool(missing),
        override_reason=override[:300] if missing else "",
        override_by=actor if missing else None,
        created_by=actor,
    )
    audit_change(
        actor=actor,
        obj=escalation,
        before=None,
        household_id=household.id,
        summary="guardrails overridden: " + ", ".join(missing) if missing else "escalation",
        reason=override if missing else reason,
    )
    return escalation


@transaction.atomic
def legal_outcome_record(
    *,
    escalation: Escalation,
    kind: str,
    occurred_on: dt.date,
    actor: Any,
    note: str = "",
    today: dt.date | None = None,
) -> LegalOutcome:
    """Append what happened after a handover or court start (a judgment, an eviction carried out
    or called off, the case withdrawn). The order is checked against ``rules.NEXT_OUTCOMES``;
    nothing is edited. The caller has checked that the actor may open the household."""
    if not getattr(actor, "works_with_households", False):
        raise PermissionError("Only advisors and team leads record legal outcomes.")
    if kind not in LegalOutcomeKind.values:
        raise EscalationError(f"Unknown outcome {kind!r}")
    # Lock the step so two people cannot append conflicting outcomes at the same time.
    step = Escalation.objects.select_for_update().get(pk=escalation.pk)
    latest = step.outcomes.order_by("-occurred_on", "-id").first()
    if kind not in rules.next_outcomes(step.kind, latest.kind if latest else None):
        raise EscalationError(
            _("This cannot follow %(latest)s.")
            % {"latest": latest.get_kind_display() if latest else step.get_kind_display()}
        )
    if occurred_on > (today or clock.today()):
        raise EscalationError(_("The date cannot be in the future."))
    earliest = latest.occurred_on if latest else step.handed_over_on
    if occurred_on < earliest:
        raise EscalationError(
            _("The date cannot be before %(day)s.") % {"day": earliest.strftime("%d-%m-%Y")}
        )
    outcome = LegalOutcome.objects.create(
        escalation=step,
        household_id=step.household_id,
        tenancy_id=step.tenancy_id,
        kind=kind,
        occurred_on=occurred_on,
        note=note.strip()[:300],
        created_by=actor,
    )
    audit_change(
        actor=actor,
        obj=outcome,
        before=None,
        household_id=step.household_id,
        summary=f"legal outcome: {kind}",
        reason=outcome.note,
    )
    return outcome
