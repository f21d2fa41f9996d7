"""Reads for the escalation guardrails, with the access rules applied."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Prefetch, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from verbinding import clock
from verbinding.accounts.roles import Role
from verbinding.arrangements.models import ApprovalState, ArrangementOffer, PaymentArrangement
from verbinding.contacts.models import ContactMoment
from verbinding.escalation import rules
from verbinding.escalation.models import (
    CollectionStay,
    Escalation,
    LegalOutcome,
    LegalOutcomeKind,
    StayKind,
)
from verbinding.households.models import Household, Tenancy
from verbinding.households.selectors import households_for
from verbinding.letters.models import Letter, LetterKind


def _day(value: dt.datetime | None) -> dt.date | None:
    return timezone.localdate(value) if value is not None else None


# Arrangements that were offered to and agreed with the tenant at some point (a proposal the team
# lead declined, or one removed as recorded wrongly, is no offer).
AGREED = ("ACT", "BEE", "BEV", "ANN")


def guardrail_facts(
    *,
    household: Household,
    tenancy: Tenancy | None = None,
    today: dt.date | None = None,
    stays: list[CollectionStay] | None = None,
) -> rules.Facts:
    """What the file shows on ``today`` (the caller has already passed the household access
    check). The rules keep only the evidence of the tenancy's current arrears episode."""
    from verbinding.arrangements.models import Instalment, InstalmentStatus
    from verbinding.arrears.episodes import current_episode
    from verbinding.arrears.history import policy_on
    from verbinding.earlysignals.models import Outcome, Signal

    day = today or clock.today()
    if tenancy is None:
        tenancy = next((t for t in household.tenancies.all() if t.is_active), None)
    policy = policy_on(day)
    episode = (
        current_episode(
            tenancy.id, on=day, grace_days=policy.grace_days, rent_cents=tenancy.rent_cents
        )
        if tenancy is not None
        else None
    )
    visits = tuple(
        sorted(
            {
                timezone.localdate(at)
                for at in ContactMoment.objects.filter(
                    household=household, channel="BEZ"
                ).values_list("occurred_at", flat=True)
            }
        )
    )
    offers = set(
        ArrangementOffer.objects.filter(household=household).values_list("offered_on", flat=True)
    )
    arrangements = list(
        PaymentArrangement.objects.filter(household=household).values_list(
            "id", "status", "approval", "created_on", "decided_on"
        )
    )
    missed = set(
        Instalment.objects.filter(
            arrangement__household=household, status=InstalmentStatus.MISSED
        ).values_list("arrangement_id", flat=True)
    )
    offers.update(
        created
        for _id, status, approval, created, decided in arrangements
        if status in AGREED and decided is not None and approval != ApprovalState.DECLINED
    )
    kept = max(
        (
            decided or created
            for aid, status, _a, created, decided in arrangements
            if status == "ACT" and aid not in missed
        ),
        default=None,
    )
    pending = min(
        (
            created
            for _id, status, approval, created, _d in arrangements
            if status == "AAN" and approval == ApprovalState.PENDING
        ),
        default=None,
    )
    letters = tuple(
        Letter.objects.filter(household=household, kind=LetterKind.FOURTEEN_DAY)
        .order_by("sent_on", "id")
        .values_list("sent_on", "received_on")
    )
    if stays is None:
        stays = list(CollectionStay.objects.filter(household=household))
    accepted = [s.starts_on for s in stays if s.kind == StayKind.DEBT_HELP]
    signal_rows = list(
        Signal.objects.filter(household=household).values_list(
            "tenancy_id", "signal_date", "outcome", "outcome_on"
        )
    )
    # The municipality reported that the tenant took up help after an early signal.
    accepted += [
        outcome_on
        for _t, _d, outcome, outcome_on in signal_rows
        if outcome in (Outcome.FOLLOW_UP_FINANCIAL, Outcome.FOLLOW_UP_OTHER) and outcome_on
    ]
    agreed = (
        Tenancy.objects.filter(id=tenancy.id)
        .values_list("unit__neighbourhood__district__municipality__receives_signals", flat=True)
        .first()
        if tenancy is not None
        else False
    )
    signals = tuple(d for t, d, _o, _on in signal_rows if tenancy is not None and t == tenancy.id)
    arrears = episode.arrears if episode else None
    return rules.Facts(
        episode_start=episode.start if episode else None,
        arrears_cents=arrears.arrears_cents if arrears else 0,
        months_of_rent=arrears.terms if arrears else Decimal("0"),
        court_threshold_months=Decimal(policy.months_court),
        home_visits=visits,
        offers=tuple(sorted(offers)),
        letters=letters,
        arrangement_kept_since=kept,
        arrangement_pending_since=pending,
        debt_help_accepted=tuple(sorted(accepted)),
        stays=tuple(
            rules.Stay(s.get_kind_display(), s.starts_on, s.ends_on, s.source)
            for s in stays
            if s.kind != StayKind.DEBT_HELP
        ),
        signals_agreed=bool(agreed),
        signals_sent=signals,
    )


def stays_for(*, household: Household) -> list[CollectionStay]:
    """The household's stays, newest first (the caller has passed the access check)."""
    return list(CollectionStay.objects.filter(household=household).select_related("created_by"))


def overrides_for(*, user: Any) -> QuerySet[Escalation]:
    """The override report: team leads see their households; the privacy officer and managers
    see all (managers only as counts, see ``override_counts``)."""
    qs = Escalation.objects.filter(overridden=True).select_related(
        "override_by", "tenancy__unit__neighbourhood", "household"
    )
    if getattr(user, "role", None) in (Role.MANAGER, Role.PRIVACY_OFFICER):
        return qs
    if getattr(user, "role", None) == Role.TEAM_LEAD:
        return qs.filter(household__in=households_for(user=user).values("id"))
    return qs.none()


# A count below this is not shown to a manager (a small group points at a household).
MIN_COUNT = 5


@dataclass(frozen=True)
class OverrideCount:
    neighbourhood: str
    month: dt.date
    count: int | None  # None: fewer than MIN_COUNT


def override_counts(overrides: QuerySet[Escalation]) -> list[OverrideCount]:
    """Overrides per neighbourhood and month, for managers: no reasons, no names, no days, and
    counts below ``MIN_COUNT`` suppressed."""
    rows = (
        overrides.annotate(month=TruncMonth("handed_over_on"))
        .values("tenancy__unit__neighbourhood__name", "month")
        .annotate(n=Count("id"))
        .order_by("-month", "tenancy__unit__neighbourhood__name")
    )
    return [
        OverrideCount(
            neighbourhood=r["tenancy__unit__neighbourhood__name"],
            month=r["month"],
            count=r["n"] if r["n"] >= MIN_COUNT else None,
        )
        for r in rows
    ]


def steps_with_outcomes(*, household: Household) -> list[Escalation]:
    """The household's steps, newest first, each with its outcomes in order and what may follow
    (the caller has already passed the household access check). Two queries."""
    steps: list[Escalation] = list(
        Escalation.objects.filter(household=household)
        .select_related("created_by")
        .prefetch_related(
            Prefetch(
                "outcomes",
                queryset=LegalOutcome.objects.select_related("created_by").order_by(
                    "occurred_on", "id"
                ),
                to_attr="outcome_list",
            )
        )
    )
    for step in steps:
        outcomes = step.outcome_list  # type: ignore[attr-defined]
        latest = outcomes[-1].kind if outcomes else None
        allowed = rules.next_outcomes(step.kind, latest)
        step.next_outcomes = [k for k in LegalOutcomeKind if k in allowed]  # type: ignore[attr-defined]
        step.next_labels = [k.label for k in step.next_outcomes]  # type: ignore[attr-defined]
    return steps
