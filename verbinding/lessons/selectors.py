"""Reading lessons. Every member of staff who works with cases, and managers, may read all of
them; nobody sees whose case a lesson came from (the case is never shown) unless it is signed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from verbinding import clock
from verbinding.accounts.roles import FIELD_ROLES, MANAGEMENT_ROLES
from verbinding.cases.models import Case
from verbinding.households.selectors import households_for
from verbinding.lessons.models import Lesson
from verbinding.vera import codes

READER_ROLES = (*FIELD_ROLES, *MANAGEMENT_ROLES)
NUISANCE_KINDS = ("SOC", "OMG")


def can_read(user: Any) -> bool:
    return getattr(user, "is_authenticated", False) and getattr(user, "role", None) in READER_ROLES


def lessons_for(*, user: Any) -> QuerySet[Lesson]:
    if not can_read(user):
        return Lesson.objects.none()
    # The case link and the author are not loaded: the template cannot leak them by accident.
    return Lesson.objects.defer("case")


def lesson_search(
    *, user: Any, query: str = "", situation: str = "", network: str = ""
) -> QuerySet[Lesson]:
    """Search the text; ``situation`` is a case kind (FIN, SOC, ...) or detail (HUA, GEL, ...)."""
    qs = lessons_for(user=user)
    if query:
        for word in query.split()[:8]:
            qs = qs.filter(
                Q(title__icontains=word)
                | Q(situation__icontains=word)
                | Q(what_worked__icontains=word)
            )
    if situation in codes.ZaaktypeSoort.values:
        qs = qs.filter(case_kind=situation)
    elif situation in codes.ZaaktypeDetailSoort.values:
        qs = qs.filter(case_detail=situation)
    if network and network.isidentifier():
        qs = qs.filter(network_types__contains=f",{network},")
    return qs.select_related("author").order_by("-written_on", "-id")


def lesson_detail(*, user: Any, lesson_id: int) -> Lesson:
    lesson = lessons_for(user=user).select_related("author").filter(id=lesson_id).first()
    if lesson is None:
        raise Http404
    return lesson


def author_label(lesson: Lesson) -> str | None:
    """The author's name if they signed, else ``None`` (show 'a colleague')."""
    if not lesson.signed:
        return None
    return str(lesson.author.get_full_name() or lesson.author.username)


def case_for_lesson(*, user: Any, case_id: Any) -> Case:
    """A closed case in the user's reach, or 404."""
    try:
        case_id = int(case_id)
    except (TypeError, ValueError) as exc:
        raise Http404 from exc
    case = (
        Case.objects.filter(
            id=case_id,
            household__in=households_for(user=user),
            status__in=codes.CLOSED_CASE_STATUSES,
        )
        .select_related("household")
        .first()
    )
    if case is None:
        raise Http404
    return case


def closed_cases_without_lesson(*, user: Any, days: int = 90, limit: int = 10) -> list[Case]:
    """The user's own cases closed recently that they have not written a lesson about yet."""
    since = clock.today() - dt.timedelta(days=days)
    written = Lesson.objects.filter(case=OuterRef("pk"), author=user)
    return list(
        Case.objects.filter(
            handler=user,
            status__in=codes.CLOSED_CASE_STATUSES,
            closed_on__gte=since,
            household__in=households_for(user=user),
        )
        .exclude(Exists(written))
        .select_related("household")
        .order_by("-closed_on", "-id")[:limit]
    )
