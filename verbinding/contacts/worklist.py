"""Worklist source: follow-ups agreed in a contact moment that are now due."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any, cast

from django.db.models import Exists, OuterRef, QuerySet
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from verbinding.contacts.models import ContactMoment
from verbinding.db.prepared import DATE, IDS, Prepared
from verbinding.vera import codes
from verbinding.web.dates import day_text
from verbinding.worklist.sources import WorkItem

RANK = 30  # after legal deadlines and fresh arrears, before routine reminders (docs/casework.md)


def _open_follow_ups(ids: Sequence[int], today: dt.date) -> QuerySet[Any, Any]:
    later_personal = ContactMoment.objects.filter(
        household_id=OuterRef("household_id"),
        channel__in=codes.PERSONAL_CHANNELS,
        occurred_at__gt=OuterRef("occurred_at"),
        occurred_at__date__gte=OuterRef("follow_up_on"),
    )
    return (
        ContactMoment.objects.filter(
            household_id__in=ids, follow_up_done=False, follow_up_on__lte=today
        )
        .exclude(Exists(later_personal))
        .order_by("household_id", "follow_up_on", "id")
        .values_list("household_id", "follow_up_on", "author_id")
    )


# Compiled once (verbinding.db.prepared): building the query cost more than running it.
OPEN_FOLLOW_UPS = Prepared(_open_follow_ups, ids=IDS, today=DATE)


def _reason(due: dt.date | None) -> str:
    return _("Follow-up agreed for %(date)s is due.") % {"date": day_text(due) if due else ""}


# Rendered when shown (only the rows on the page), in the language of the request.
_lazy_reason = lazy(_reason, str)
SUGGESTION = cast(str, gettext_lazy("Get back in touch as agreed; record how it went."))


class FollowUpDue:
    """A follow-up date set on a contact moment has come (and is not marked done)."""

    name = "contacts.follow_up"
    # Off when marked done, or when a later personal contact (not the one that set the follow-up)
    # is recorded on or after the agreed date: checked in the query above (docs/worklist.md).
    resolved_by: dict[str, tuple[str, ...]] = {}

    def items(self, *, household_ids: Sequence[int], today: dt.date) -> Iterable[WorkItem]:
        # The household ids go to the database as one parameter, whatever their number.
        seen: set[int] = set()
        for household_id, due, author_id in OPEN_FOLLOW_UPS.rows(ids=household_ids, today=today):
            if household_id in seen:
                continue  # one entry per household: the oldest open follow-up
            seen.add(household_id)
            yield WorkItem(
                household_id=household_id,
                source=self.name,
                kind="follow_up_due",
                rank=RANK,
                reason=_lazy_reason(due),
                suggestion=SUGGESTION,
                since=due,
                assignee_id=author_id,
            )
