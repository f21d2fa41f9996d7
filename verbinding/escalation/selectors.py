"""Reads for the escalation guardrails, with the access rules applied."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Max, Prefetch, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from verbinding.accounts.roles import Role
from verbinding.arrangements.models import ArrangementOffer, PaymentArrangement
from verbinding.contacts.models import ContactMoment
from verbinding.escalation import rules
from verbinding.escalation.models import Escalation, LegalOutcome, LegalOutcomeKind
from verbinding.households.models import Household
from verbinding.households.selectors import households_for
from verbinding.letters.models import Letter, LetterKind


def _day(value: dt.datetime | None) -> dt.date | None:
    return timezone.localdate(value) if value is not None else None


def guardrail_facts(*, household: Household) -> rules.Facts:
    """What the file shows (the caller has already passed the household access check)."""
    visit = ContactMoment.objects.filter(household=household, channel="BEZ").aggregate(
        m=Max("occurred_at")
    )["m"]
    arrangement = PaymentArrangement.objects.filter(household=household).aggregate(
        m=Max("created_on")
    )["m"]
    offer = ArrangementOffer.objects.filter(household=household).aggregate(m=Max("offered_on"))["m"]
    offered = max((d for d in (arrangement, offer) if d is not None), default=None)
    letter = (
        Letter.objects.filter(household=household, kind=LetterKind.FOURTEEN_DAY)
        # The latest receipt first (NULLs last: PostgreSQL sorts them first when descending).
        .order_by(F("received_on").desc(nulls_last=True), "-sent_on")
        .only("sent_on", "received_on")
        .first()
    )
    return rules.Facts(
        home_visit_on=_day(visit),
        arrangement_offered_on=offered,
        letter_sent_on=letter.sent_on if letter else None,
        letter_received_on=letter.received_on if letter else None,
    )


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
