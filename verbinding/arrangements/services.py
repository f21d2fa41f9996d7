"""Writes for payment arrangements: propose, decide (the advisor or the team lead), track against
the ledger, end; and new policy versions. Every write is audited in the same transaction."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from verbinding import clock
from verbinding.accounts.roles import Role
from verbinding.arrangements import rules
from verbinding.arrangements.models import (
    ACTIVE_STATUSES,
    ApprovalState,
    ArrangementOffer,
    ArrangementPolicy,
    ArrangementStatus,
    Instalment,
    InstalmentStatus,
    PaymentArrangement,
)
from verbinding.audit.services import audit_change, audit_record, snapshot
from verbinding.households.models import Household, Tenancy
from verbinding.ledger.models import LedgerEntry
from verbinding.vera import codes

# The first policy's note, shown to the manager as stored data: Dutch, like the notes managers write
# (sources: domain.md §3).
DEFAULT_POLICY_NOTE = "Standaardmarges uit de praktijk (Wonen Midden-Delfland, NWS, Patrimonium)."


class ArrangementError(ValueError):
    pass


class ArrangementInPlay(ArrangementError):
    """Another arrangement of the tenancy is requested, running or frozen: a new proposal may only
    replace it knowingly (``replaces=``)."""

    def __init__(self, existing: PaymentArrangement) -> None:
        self.existing = existing
        super().__init__(
            _(
                "There is already a payment arrangement for this tenancy (%(status)s, proposed on "
                "%(day)s). A new proposal replaces it only if you confirm that."
            )
            % {
                "status": existing.get_status_display().lower(),
                "day": date_format(existing.created_on),
            }
        )


def arrangement_in_play(*, tenancy: Tenancy) -> PaymentArrangement | None:
    """The tenancy's arrangement that is requested, running or frozen (at most one)."""
    return (
        PaymentArrangement.objects.filter(tenancy=tenancy, status__in=ACTIVE_STATUSES)
        .order_by("-created_on", "-id")
        .first()
    )


def policy_current(*, on: dt.date | None = None) -> ArrangementPolicy:
    """The policy version in force on ``on``; creates version 1 with the defaults if none exists."""
    day = on or clock.today()
    policy = ArrangementPolicy.objects.filter(valid_from__lte=day).first()
    if policy is not None:
        return policy
    first = ArrangementPolicy.objects.order_by("valid_from", "version").first()
    if first is not None:
        return first
    return ArrangementPolicy.objects.create(
        version=1, valid_from=dt.date(2020, 1, 1), note=DEFAULT_POLICY_NOTE
    )


@transaction.atomic
def policy_new_version(*, actor: Any, valid_from: dt.date, **values: Any) -> ArrangementPolicy:
    """Add a version; the old ones stay, arrangements keep pointing at theirs."""
    if getattr(actor, "role", None) != Role.MANAGER:
        raise ArrangementError("Only a manager sets the margins.")
    latest = ArrangementPolicy.objects.aggregate(v=Max("version"))["v"] or 0
    policy = ArrangementPolicy.objects.create(
        version=latest + 1, valid_from=valid_from, created_by=actor, **values
    )
    audit_change(actor=actor, obj=policy, before=None, summary="arrangement policy")
    return policy


def arrangements_past_year(*, tenancy: Tenancy, on: dt.date) -> int:
    """Arrangements that were granted in the 12 months before ``on`` (declined ones do not count)."""
    return (
        PaymentArrangement.objects.filter(
            tenancy=tenancy, decided_on__gt=rules.add_months(on, -12), decided_on__lte=on
        )
        .exclude(status="VER")
        .count()
    )


def evaluate(
    *,
    tenancy: Tenancy,
    amount_cents: int,
    instalment_cents: int,
    on: dt.date,
    policy: ArrangementPolicy | None = None,
) -> tuple[ArrangementPolicy, rules.Verdict]:
    policy = policy or policy_current(on=on)
    proposal = rules.Proposal(
        amount_cents=amount_cents,
        instalment_cents=instalment_cents,
        rent_cents=tenancy.rent_cents,
        tenancy_months=rules.tenancy_months(tenancy.start_date, on),
        arrangements_past_year=arrangements_past_year(tenancy=tenancy, on=on),
    )
    return policy, rules.check(policy.margins(), proposal)


def _team_lead_for(actor: Any) -> Any:
    from verbinding.accounts.models import User

    if getattr(actor, "team_id", None) is None:
        return None
    return (
        User.objects.filter(team_id=actor.team_id, role=Role.TEAM_LEAD, is_active=True)
        .order_by("id")
        .first()
    )


def _append_status(
    arrangement: PaymentArrangement,
    status: str,
    *,
    on: dt.date,
    actor: Any,
    note: str = "",
    end_reason: str = "",
) -> None:
    allowed = codes.ARRANGEMENT_TRANSITIONS.get(arrangement.status, ())
    if status not in allowed:
        raise ArrangementError(f"An arrangement cannot go from {arrangement.status} to {status}.")
    ArrangementStatus.objects.create(
        arrangement=arrangement,
        status=status,
        end_reason=end_reason,
        on=on,
        by=actor if getattr(actor, "pk", None) else None,
        note=note[:300],
    )
    arrangement.status = status
    if end_reason:
        arrangement.end_reason = end_reason
    if status in ("BEE", "ANN", "VER"):
        arrangement.ended_on = on


@transaction.atomic
def arrangement_propose(
    *,
    household: Household,
    tenancy: Tenancy,
    amount_cents: int,
    instalment_cents: int,
    first_due_on: dt.date,
    actor: Any,
    exception_reason: str = "",
    household_kind: str = "",
    income_cents: int | None = None,
    fixed_costs_cents: int | None = None,
    protected_income_cents: int | None = None,
    protected_income_on: dt.date | None = None,
    note: str = "",
    on: dt.date | None = None,
    replaces: PaymentArrangement | None = None,
) -> PaymentArrangement:
    """Record the tenant's proposal. Inside the margins the advisor's word is the decision and the
    arrangement is active at once; outside, a reason is required and the team lead decides.

    One arrangement in play per tenancy: if another one is requested, running or frozen, the
    proposal is refused unless ``replaces`` names exactly that one (the advisor confirmed); it is
    then ended (a request removed, a running one cancelled) in the same transaction. The tenancy
    row is locked so that two proposals at once cannot both pass the check; the database's partial
    unique constraint is the last guard, turned into the same clear message."""
    day = on or clock.today()
    if tenancy.household_id != household.id:
        raise ArrangementError("The tenancy belongs to another household.")
    Tenancy.objects.select_for_update().filter(pk=tenancy.pk).first()
    existing = arrangement_in_play(tenancy=tenancy)
    if existing is not None:
        if replaces is None or replaces.pk != existing.pk:
            raise ArrangementInPlay(existing)
        _end_replaced(existing, on=day, actor=actor)
    if amount_cents <= 0 or instalment_cents <= 0:
        raise ArrangementError("Amount and instalment must be more than zero.")
    if rules.term_months(amount_cents, instalment_cents) > rules.MAX_TERM:
        raise ArrangementError(f"More than {rules.MAX_TERM} instalments.")
    policy, verdict = evaluate(
        tenancy=tenancy, amount_cents=amount_cents, instalment_cents=instalment_cents, on=day
    )
    reason = exception_reason.strip()
    if not verdict.inside and not reason:
        raise ArrangementError("Outside the margins: give a reason for the team lead.")
    fields = dict(
        household=household,
        tenancy=tenancy,
        policy=policy,
        amount_cents=amount_cents,
        instalment_cents=instalment_cents,
        first_due_on=first_due_on,
        term_months=verdict.term,
        rent_cents=tenancy.rent_cents,
        inside_margins=verdict.inside,
        breaches=[{"code": b.code, "message": b.message} for b in verdict.breaches],
        exception_reason="" if verdict.inside else reason[:300],
        approval=ApprovalState.NOT_NEEDED if verdict.inside else ApprovalState.PENDING,
        approver=None if verdict.inside else _team_lead_for(actor),
        household_kind=household_kind,
        income_cents=income_cents,
        fixed_costs_cents=fixed_costs_cents,
        protected_income_cents=protected_income_cents,
        protected_income_on=protected_income_on,
        note=note.strip()[:300],
        status="AAN",
        created_by=actor,
        created_on=day,
    )
    try:
        with transaction.atomic():
            arrangement = PaymentArrangement.objects.create(**fields)
    except IntegrityError as error:  # a concurrent proposal won the race
        raise ArrangementError(
            _(
                "Someone else just recorded a payment arrangement for this tenancy. Open the "
                "household to see it; nothing was saved."
            )
        ) from error
    ArrangementStatus.objects.create(
        arrangement=arrangement, status="AAN", on=day, by=actor, note=reason[:300]
    )
    Instalment.objects.bulk_create(
        Instalment(arrangement=arrangement, number=i, due_on=due, amount_cents=amount)
        for i, (due, amount) in enumerate(
            rules.schedule(amount_cents, instalment_cents, first_due_on), start=1
        )
    )
    if verdict.inside:
        _append_status(arrangement, "ACT", on=day, actor=actor, note="inside the margins")
        arrangement.decided_on = day
        arrangement.save(update_fields=["status", "decided_on"])
    audit_change(
        actor=actor,
        obj=arrangement,
        before=None,
        household_id=household.id,
        summary="payment arrangement",
        reason=reason,
    )
    return arrangement


def _end_replaced(existing: PaymentArrangement, *, on: dt.date, actor: Any) -> None:
    """End the arrangement a new proposal replaces: a request is removed (VER), a running or
    frozen arrangement cancelled (ANN, 'does not work')."""
    existing = PaymentArrangement.objects.select_for_update().get(pk=existing.pk)
    if existing.status not in ACTIVE_STATUSES:
        return
    before = snapshot(existing)
    note = "replaced by a new proposal"
    if existing.status == "AAN":
        _append_status(existing, "VER", on=on, actor=actor, note=note)
        if existing.approval == ApprovalState.PENDING:
            existing.approval = ApprovalState.REPLACED
    else:
        _append_status(existing, "ANN", on=on, actor=actor, note=note, end_reason="VOL")
    existing.save()
    audit_change(
        actor=actor,
        obj=existing,
        before=before,
        household_id=existing.household_id,
        summary="arrangement replaced",
        reason=note,
    )


@transaction.atomic
def arrangement_decide(
    *,
    arrangement: PaymentArrangement,
    approve: bool,
    actor: Any,
    note: str = "",
    on: dt.date | None = None,
) -> PaymentArrangement:
    """The team lead approves (→ ACT) or declines (→ VER, 'not granted') an exception."""
    day = on or clock.today()
    if getattr(actor, "role", None) != Role.TEAM_LEAD:
        raise ArrangementError("Only a team lead decides on an exception.")
    arrangement = PaymentArrangement.objects.select_for_update().get(pk=arrangement.pk)
    if arrangement.approval == ApprovalState.REPLACED or (
        arrangement.approval == ApprovalState.PENDING and arrangement.status != "AAN"
    ):
        raise ArrangementError(
            _(
                "This request was replaced by a newer payment arrangement: there is nothing to decide."
            )
        )
    if arrangement.approval != ApprovalState.PENDING:
        raise ArrangementError(_("This arrangement is not waiting for a decision."))
    newer = (
        PaymentArrangement.objects.filter(tenancy_id=arrangement.tenancy_id, id__gt=arrangement.pk)
        .exclude(status="VER")
        .exists()
    )
    if newer and approve:
        raise ArrangementError(
            _(
                "This request was replaced by a newer payment arrangement: there is nothing to decide."
            )
        )
    before = snapshot(arrangement)
    if approve:
        _append_status(arrangement, "ACT", on=day, actor=actor, note=note or "approved")
        arrangement.approval = ApprovalState.APPROVED
        arrangement.decided_on = day
    else:
        _append_status(arrangement, "VER", on=day, actor=actor, note=note or "declined")
        arrangement.approval = ApprovalState.DECLINED
    arrangement.approver = actor
    arrangement.approval_note = note.strip()[:300]
    arrangement.save()
    audit_change(
        actor=actor,
        obj=arrangement,
        before=before,
        household_id=arrangement.household_id,
        summary="arrangement approved" if approve else "arrangement declined",
        reason=note,
    )
    return arrangement


@transaction.atomic
def arrangement_change_status(
    *,
    arrangement: PaymentArrangement,
    status: str,
    actor: Any,
    end_reason: str = "",
    note: str = "",
    on: dt.date | None = None,
) -> PaymentArrangement:
    """Freeze (BEV), resume (ACT), cancel (ANN) or complete (BEE); an end needs an end reason."""
    day = on or clock.today()
    arrangement = PaymentArrangement.objects.select_for_update().get(pk=arrangement.pk)
    if status in ("ANN", "BEE") and end_reason not in codes.BetalingsregelingEindeReden.values:
        raise ArrangementError("Give the reason why the arrangement ends.")
    before = snapshot(arrangement)
    _append_status(arrangement, status, on=day, actor=actor, note=note, end_reason=end_reason)
    arrangement.save()
    audit_change(
        actor=actor,
        obj=arrangement,
        before=before,
        household_id=arrangement.household_id,
        summary="arrangement status",
        reason=note,
    )
    return arrangement


@transaction.atomic
def arrangement_offer_record(
    *,
    household: Household,
    offered_on: dt.date,
    channel: str,
    actor: Any,
    note: str = "",
    terms: str = "",
    response: str = "open",
) -> ArrangementOffer:
    """An arrangement was offered to the tenant, with its terms (a guardrail before the bailiff),
    also if the tenant declined it."""
    offer = ArrangementOffer.objects.create(
        household=household,
        offered_on=offered_on,
        channel=channel,
        terms=terms.strip()[:300],
        response=response,
        note=note.strip()[:300],
        created_by=actor,
    )
    audit_change(
        actor=actor, obj=offer, before=None, household_id=household.id, summary="arrangement offer"
    )
    return offer


def track(*, tenancy_ids: Collection[int] | None, today: dt.date) -> int:
    """Decide every instalment of the running arrangements from the ledger; returns how many
    instalments changed. A fully paid arrangement ends (BEE, AFB); a missed instalment does
    *not* end it: it goes on the worklist and the advisor decides."""
    arrangements = PaymentArrangement.objects.filter(status="ACT")
    if tenancy_ids is not None:
        arrangements = arrangements.filter(tenancy_id__in=list(tenancy_ids))
    running = list(arrangements.select_related("policy"))
    if not running:
        return 0
    by_arrangement: dict[int, list[Instalment]] = defaultdict(list)
    for inst in Instalment.objects.filter(arrangement__in=running).order_by("number"):
        by_arrangement[inst.arrangement_id].append(inst)
    start = min(a.decided_on or a.created_on for a in running)
    moves: dict[int, list[tuple[dt.date, int]]] = defaultdict(list)
    for tenancy_id, booked_on, amount in LedgerEntry.objects.filter(
        tenancy_id__in={a.tenancy_id for a in running}, booked_on__gte=start, booked_on__lte=today
    ).values_list("tenancy_id", "booked_on", "amount_cents"):
        moves[tenancy_id].append((booked_on, -int(amount)))
    changed: list[Instalment] = []
    finished: list[PaymentArrangement] = []
    for arrangement in running:
        begin = arrangement.decided_on or arrangement.created_on
        insts = by_arrangement[arrangement.id]
        covered = rules.allocate(
            instalments=[(i.due_on, i.amount_cents) for i in insts],
            available=[(d, c) for d, c in moves[arrangement.tenancy_id] if d >= begin],
            today=today,
            grace_days=arrangement.policy.grace_days,
        )
        for inst, cover in zip(insts, covered, strict=True):
            if (inst.paid_cents, inst.status) != (cover.paid_cents, cover.status):
                inst.paid_cents, inst.status = cover.paid_cents, cover.status
                changed.append(inst)
        if insts and all(i.paid_cents >= i.amount_cents for i in insts):
            finished.append(arrangement)
    Instalment.objects.bulk_update(changed, ["paid_cents", "status"], batch_size=500)
    for arrangement in finished:
        arrangement_change_status(
            arrangement=arrangement,
            status="BEE",
            end_reason="AFB",
            actor=None,
            note="all instalments paid",
            on=today,
        )
    if changed:
        audit_record(
            actor=None,
            action="update",
            object_type="arrangements.instalment",
            summary=f"instalments tracked: {len(changed)} changed, {len(finished)} paid off",
        )
    return len(changed)


def on_ledger_changed(*, tenancy_ids: Collection[int] | None, today: dt.date) -> None:
    """Ledger listener (``verbinding.ledger.hooks``): re-track after every import."""
    track(tenancy_ids=tenancy_ids, today=today)


def missed_instalments(arrangement: PaymentArrangement) -> list[Instalment]:
    return [
        i
        for i in arrangement.instalments.all()
        if i.status in (InstalmentStatus.MISSED, InstalmentStatus.PARTLY_PAID)
    ]
