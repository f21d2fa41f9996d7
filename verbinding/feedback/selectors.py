"""Reads for tenant appreciation, with the anonymity rule applied.

- Individual answers are never shown to the advisor whose contact it was, unless the tenant gave
  their name; then that advisor and their team lead may read it.
- Every figure is an aggregate of at least ``MIN_GROUP`` answers; smaller groups show the count only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from django.db.models import Case as DbCase
from django.db.models import (
    CharField,
    Count,
    DateField,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import TruncQuarter
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
    """Answers given in a period, for contacts with some households and/or by some staff.

    The period is widened to whole calendar quarters (fixed periods): with a window a user
    chooses freely, two windows a day apart would give away the one answer between them."""
    qs = Appreciation.objects.all()
    if since:
        qs = qs.filter(answered_at__gte=_midnight(quarter_start(since)))
    if until:
        qs = qs.filter(answered_at__lt=_midnight(next_quarter_start(until)))
    if since and until:
        # Each answer's quarter as a comparison with the quarters' first instants: the same cells
        # as TruncQuarter, which SQLite computes in Python for every row (~60 ms per figure at
        # 16,000 answers); this is plain SQL on both databases.
        starts = [quarter_start(since)]
        while starts[-1] <= until:
            starts.append(next_quarter_start(starts[-1]))
        qs = qs.annotate(
            quarter=DbCase(
                *(
                    When(answered_at__lt=_midnight(end), then=Value(start))
                    for start, end in pairwise(starts)
                ),
                default=Value(starts[-1]),
                output_field=DateField(),
            )
        )
    if households is not None:
        qs = qs.filter(contact__household_id__in=households)
    if authors is not None:
        qs = qs.filter(contact__author_id__in=authors)
    return qs


def quarter_start(day: dt.date) -> dt.date:
    return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def next_quarter_start(day: dt.date) -> dt.date:
    start = quarter_start(day)
    return (
        dt.date(start.year + 1, 1, 1) if start.month == 10 else start.replace(month=start.month + 3)
    )


def _cells(
    answers: QuerySet[Appreciation], group: Any, min_group: int
) -> dict[Any, tuple[int, int, int]]:
    """Per group: (all answers, answers in publishable cells, their sum of grades). A cell is one
    calendar quarter of one group; only cells with at least ``min_group`` answers count towards a
    mean, so every mean is built from cells that are publishable themselves and no difference of
    two figures singles out a small group (fixed periods, fixed groups)."""
    if "quarter" not in answers.query.annotations:  # answers_in gives it for a bounded period
        answers = answers.annotate(quarter=TruncQuarter("answered_at"))
    rows = (
        answers.order_by()
        .annotate(group=group)
        .values("quarter", "group")
        .annotate(n=Count("id"), total=Sum("grade"))
    )
    out: dict[Any, tuple[int, int, int]] = {}
    for r in rows:
        n_all, n, total = out.get(r["group"], (0, 0, 0))
        if r["n"] >= min_group:
            n, total = n + r["n"], total + int(r["total"])
        out[r["group"]] = (n_all + r["n"], n, total)
    return out


def by_channel(
    answers: QuerySet[Appreciation], *, min_group: int = MIN_GROUP
) -> list[ChannelFigure]:
    """Mean grade and number of answers per contact channel (one GROUP BY), personal first."""
    cells = _cells(answers, F("channel"), min_group)
    figures = []
    for channel in codes.CommunicatieKanaal:
        n_all, n, total = cells.get(channel.value, (0, 0, 0))
        if not n_all:
            continue
        figures.append(
            ChannelFigure(
                channel=channel.value,
                label=str(channel.label),
                personal=channel.value in codes.PERSONAL_CHANNELS,
                answers=n_all,
                mean=round(total / n, 1) if n >= min_group else None,
            )
        )
    figures.sort(key=lambda f: (not f.personal, -f.answers))
    return figures


def personal_vs_other(
    answers: QuerySet[Appreciation], *, min_group: int = MIN_GROUP
) -> list[ChannelFigure]:
    """Two groups: personal channels (home visit, phone, front desk) and all others."""
    personal = Q(channel__in=codes.PERSONAL_CHANNELS)
    group = DbCase(When(personal, then=Value("p")), default=Value("o"), output_field=CharField())
    cells = _cells(answers, group, min_group)
    out = []
    for key, label, is_personal in (("p", "personal", True), ("o", "other", False)):
        n_all, n, total = cells.get(key, (0, 0, 0))
        mean = total / n if n else None
        out.append(
            ChannelFigure(
                channel=label,
                label=label,
                personal=is_personal,
                answers=n_all,
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
