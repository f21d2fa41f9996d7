"""Worklist source: follow-ups agreed in a contact moment that are now due."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence

from django.db.models import Exists, OuterRef
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from verbinding.contacts.models import ContactMoment
from verbinding.vera import codes
from verbinding.worklist.sources import HouseholdIds, WorkItem

CHUNK = 5000  # stay far below SQLite's bound-parameter limit; queries = ceil(households / CHUNK)
RANK = 30  # after legal deadlines and fresh arrears, before routine reminders (docs/casework.md)


def chunks(ids: Sequence[int], size: int = CHUNK) -> Iterator[Sequence[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


class FollowUpDue:
    """A follow-up date set on a contact moment has come (and is not marked done)."""

    name = "contacts.follow_up"
    # Off when marked done, or when a later personal contact (not the one that set the follow-up)
    # is recorded on or after the agreed date: checked in the query below (docs/worklist.md).
    resolved_by: dict[str, tuple[str, ...]] = {}

    def items(self, *, household_ids: Sequence[int], today: dt.date) -> Iterable[WorkItem]:
        # HouseholdIds goes to the database as one parameter; a plain list is chunked.
        parts = (
            [household_ids]
            if isinstance(household_ids, HouseholdIds)
            else chunks(list(household_ids))
        )
        for part in parts:
            later_personal = ContactMoment.objects.filter(
                household_id=OuterRef("household_id"),
                channel__in=codes.PERSONAL_CHANNELS,
                occurred_at__gt=OuterRef("occurred_at"),
                occurred_at__date__gte=OuterRef("follow_up_on"),
            )
            rows = (
                ContactMoment.objects.filter(
                    household_id__in=part, follow_up_done=False, follow_up_on__lte=today
                )
                .exclude(Exists(later_personal))
                .order_by("household_id", "follow_up_on", "id")
                .values_list("household_id", "follow_up_on", "author_id")
            )
            seen: set[int] = set()
            for household_id, due, author_id in rows:
                if household_id in seen:
                    continue  # one entry per household: the oldest open follow-up
                seen.add(household_id)
                yield WorkItem(
                    household_id=household_id,
                    source=self.name,
                    kind="follow_up_due",
                    rank=RANK,
                    reason=_("Follow-up agreed for %(date)s is due.")
                    % {"date": date_format(due) if due else ""},
                    suggestion=_("Get back in touch as agreed; record how it went."),
                    since=due,
                    assignee_id=author_id,
                )
