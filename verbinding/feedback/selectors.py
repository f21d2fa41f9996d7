"""Reads for tenant appreciation, with the anonymity rule applied.

- Individual answers are never shown to the advisor whose contact it was, unless the tenant gave
  their name; then that advisor and their team lead may read it.
- Every figure is an aggregate of at least ``MIN_GROUP`` answers; smaller groups show the count only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Avg, Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from verbinding import clock
from verbinding.accounts.models import Role
from verbinding.contacts.models import ContactMoment
from verbinding.feedback.models import LINK_DAYS, MIN_GROUP, Appreciation
from verbinding.feedback.services import RATEABLE_OUTCOMES
from verbinding.households.selectors import households_for
from verbinding.vera import codes

RECENT_DAYS = 14


def contacts_to_rate(*, user: Any, days: int = RECENT_DAYS, limit: int = 50) -> list[ContactMoment]:
    """The user's own recent contacts that a tenant can rate, newest first, with ``answered``."""
    since = clock.now() - dt.timedelta(days=days)
    return list(
        ContactMoment.objects.filter(
            author=user,
            household__in=households_for(user=user),
            outcome__in=RATEABLE_OUTCOMES,
            occurred_at__gte=since,
        )
        .annotate(answered=Exists(Appreciation.objects.filter(contact=OuterRef("pk"))))
        .select_related("household")
        .defer("note", "tenant_words", "agreed")
        .order_by("-occurred_at", "-id")[:limit]
    )


def survey_requests_for(*, user: Any, days: int = LINK_DAYS) -> QuerySet[ContactMoment]:
    """Contacts of the households in the user's reach that a tenant can rate (the last ``days``
    days), with ``answered``: what an external survey tool may ask about. No grades."""
    return (
        ContactMoment.objects.filter(
            household__in=households_for(user=user),
            outcome__in=RATEABLE_OUTCOMES,
            occurred_at__gte=clock.now() - dt.timedelta(days=days),
        )
        .annotate(answered=Exists(Appreciation.objects.filter(contact=OuterRef("pk"))))
        .select_related("household")
        .defer("note", "tenant_words", "agreed")
    )


def contact_for_feedback(*, user: Any, contact_id: int) -> ContactMoment:
    """A contact this user made themselves, of a household in reach, that can be rated, or 404:
    a colleague cannot hand the phone over (or make a link) for another advisor's contact."""
    contact = (
        ContactMoment.objects.filter(
            id=contact_id,
            author=user,
            household__in=households_for(user=user),
            outcome__in=RATEABLE_OUTCOMES,
        )
        .select_related("household")
        .defer("note", "tenant_words", "agreed")
        .first()
    )
    if contact is None:
        raise Http404
    return contact


def _midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


@dataclass(frozen=True)
class ChannelFigure:
    channel: str
    label: str
    personal: bool
    answers: int
    mean: float | None  # None when fewer than MIN_GROUP answers

    @property
    def shown(self) -> bool:
        return self.mean is not None


def answers_in(
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    households: QuerySet[Any] | None = None,
    authors: QuerySet[Any] | None = None,
) -> QuerySet[Appreciation]:
    """Answers given in a period, for contacts with some households and/or by some staff."""
    qs = Appreciation.objects.all()
    if since:
        qs = qs.filter(answered_at__gte=_midnight(since))
    if until:
        qs = qs.filter(answered_at__lt=_midnight(until + dt.timedelta(days=1)))
    if households is not None:
        qs = qs.filter(contact__household_id__in=households)
    if authors is not None:
        qs = qs.filter(contact__author_id__in=authors)
    return qs


def by_channel(
    answers: QuerySet[Appreciation], *, min_group: int = MIN_GROUP
) -> list[ChannelFigure]:
    """Mean grade and number of answers per contact channel (one GROUP BY), personal first."""
    rows = {
        r["channel"]: r
        for r in answers.order_by().values("channel").annotate(n=Count("id"), mean=Avg("grade"))
    }
    figures = []
    for channel in codes.CommunicatieKanaal:
        row = rows.get(channel.value)
        if not row:
            continue
        n = row["n"]
        figures.append(
            ChannelFigure(
                channel=channel.value,
                label=str(channel.label),
                personal=channel.value in codes.PERSONAL_CHANNELS,
                answers=n,
                mean=round(float(row["mean"]), 1) if n >= min_group else None,
            )
        )
    figures.sort(key=lambda f: (not f.personal, -f.answers))
    return figures


def personal_vs_other(
    answers: QuerySet[Appreciation], *, min_group: int = MIN_GROUP
) -> list[ChannelFigure]:
    """Two groups: personal channels (home visit, phone, front desk) and all others."""
    personal = Q(channel__in=codes.PERSONAL_CHANNELS)
    agg = answers.order_by().aggregate(
        pn=Count("id", filter=personal),
        pm=Avg("grade", filter=personal),
        on=Count("id", filter=~personal),
        om=Avg("grade", filter=~personal),
    )
    out = []
    for key, label, is_personal in (("p", "personal", True), ("o", "other", False)):
        n = agg[f"{key}n"] or 0
        mean = agg[f"{key}m"]
        out.append(
            ChannelFigure(
                channel=label,
                label=label,
                personal=is_personal,
                answers=n,
                mean=round(float(mean), 1) if n >= min_group and mean is not None else None,
            )
        )
    return out


def named_answers_for(*, user: Any, limit: int = 50) -> list[Appreciation]:
    """Answers whose tenant chose to give their name: readable by the advisor of the contact and
    that advisor's team lead. Anonymous answers are never listed."""
    qs = Appreciation.objects.filter(named=True).select_related(
        "contact__household", "contact__author"
    )
    if getattr(user, "role", None) == Role.TEAM_LEAD and user.team_id:
        qs = qs.filter(Q(contact__author__team=user.team_id) | Q(contact__author=user))
    elif getattr(user, "role", None) == Role.ADVISOR:
        qs = qs.filter(contact__author=user)
    else:
        return []
    qs = qs.filter(contact__household__in=households_for(user=user))
    return list(qs.order_by("-answered_at")[:limit])
