"""The worklist reacts to what the advisor did (docs/worklist.md, "What takes an item off").

Two kinds of resolution:

- **by state**: a source only yields what is still open (a follow-up marked done, an agreement
  done or moved, a report acknowledged, a decision taken). That lives in the source's query.
- **by action**, here: an item stays true in its own data (the arrears are still there) but the
  advisor has done what it asks. Each source declares, per kind, which actions resolve its item
  (``resolved_by = {kind: ("visit", ...)}`` on the source; a source that cannot carry the
  attribute is listed in ``DEFAULT_RESOLUTIONS`` below). The actions:

  ``visit``              a home visit (any outcome: an attempt at the door counts) on or after the
                         item's date and within the last N days (policy ``recent_contact_days``);
  ``personal_contact``   a home visit, phone call or front-desk talk, same dates;
  ``arrangement``        a payment arrangement in play (requested, running or frozen);
  ``letter``             a letter sent on or after the item's date: the item waits until the
                         letter's deadline (a 14-day letter: 14 days after receipt; otherwise 14
                         days after sending) and then comes back, dated at that deadline.

Bounded: three queries for all listed households (contacts aggregate, arrangements in play,
recent letters), whatever their number; two when the worklist passes its own contact aggregate.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Max, Q
from django.utils.timezone import localtime

from verbinding.db.ids import OneOf
from verbinding.db.prepared import DATE, IDS, Prepared
from verbinding.vera import codes
from verbinding.worklist.sources import WorkItem

VISIT = "visit"
PERSONAL_CONTACT = "personal_contact"
ARRANGEMENT = "arrangement"
LETTER = "letter"
ACTIONS = (VISIT, PERSONAL_CONTACT, ARRANGEMENT, LETTER)

LETTER_TERM_DAYS = 14  # the payment term the letters give (letters.rules.TERM_DAYS)
LETTER_LOOKBACK_DAYS = 120  # older letters cannot defer anything any more

# The arrears signals' resolutions (verbinding.arrears.worklist.ArrearsSource, whose module
# belongs to the arrears app): which of the advisor's actions does what each signal suggests.
ARREARS_RESOLUTIONS: dict[str, tuple[str, ...]] = {
    "arrears_3m": (VISIT, ARRANGEMENT, LETTER),  # visit before court; discuss an arrangement
    "arrears_2m": (VISIT, ARRANGEMENT, LETTER),  # a home visit is advised
    "arrears_1m": (PERSONAL_CONTACT, ARRANGEMENT, LETTER),  # make personal contact
    "relapse": (PERSONAL_CONTACT, ARRANGEMENT),  # ask what changed
    "storno": (PERSONAL_CONTACT, LETTER),  # call or drop by
    "partial": (PERSONAL_CONTACT, ARRANGEMENT),  # ask whether paying is hard
    "missed": (PERSONAL_CONTACT, ARRANGEMENT, LETTER),  # call or send a message
    "later": (PERSONAL_CONTACT,),  # mention it at the next contact
}
DEFAULT_RESOLUTIONS: dict[str, Mapping[str, tuple[str, ...]]] = {"arrears": ARREARS_RESOLUTIONS}


def resolutions_of(source: Any) -> Mapping[str, tuple[str, ...]]:
    """``{kind: actions}`` declared by a source (or the default table for it). A source may also
    state in words what resolves its items by state (``resolved_by = _("…")``): no actions."""
    declared = getattr(source, "resolved_by", None)
    if isinstance(declared, Mapping):
        return declared
    return DEFAULT_RESOLUTIONS.get(getattr(source, "name", ""), {})


@dataclass
class Done:
    """What was done for one household, as dates."""

    last_visit: dt.date | None = None
    last_personal: dt.date | None = None
    arrangement: bool = False
    letters: list[tuple[dt.date, dt.date]] = field(default_factory=list)  # (sent_on, deadline)


def letter_deadline(kind: str, sent_on: dt.date, received_on: dt.date | None) -> dt.date:
    if kind == "fourteen_day" and received_on is not None:
        return received_on + dt.timedelta(days=LETTER_TERM_DAYS)
    return sent_on + dt.timedelta(days=LETTER_TERM_DAYS)


ContactTimes = Mapping[int, tuple[dt.datetime | None, dt.datetime | None]]


def contact_times(household_ids: Sequence[int]) -> dict[int, tuple[Any, Any]]:
    """``{household id: (last home visit, last personal contact)}`` (one query)."""
    from verbinding.contacts.models import ContactMoment

    return {
        row["household_id"]: (row["visit"], row["personal"])
        for row in ContactMoment.objects.filter(household_id__in=household_ids)
        .order_by()
        .values("household_id")
        .annotate(
            visit=Max("occurred_at", filter=Q(channel="BEZ")),
            personal=Max("occurred_at", filter=Q(channel__in=codes.PERSONAL_CHANNELS)),
        )
    }


def _arrangements_in_play(ids: Sequence[int]) -> Any:
    from verbinding.arrangements.models import ACTIVE_STATUSES, PaymentArrangement

    return (
        PaymentArrangement.objects.filter(OneOf("household_id", ids), status__in=ACTIVE_STATUSES)
        .order_by()
        .values_list("household_id", flat=True)
        .distinct()
    )


def _letters_sent(ids: Sequence[int], since: dt.date) -> Any:
    from verbinding.letters.models import Letter

    return (
        Letter.objects.filter(OneOf("household_id", ids), sent_on__gte=since)
        .exclude(kind="confirmation")
        .order_by()
        .values_list("household_id", "kind", "sent_on", "received_on")
    )


# Compiled once per connection (verbinding.db.prepared).
ARRANGEMENTS_IN_PLAY = Prepared(_arrangements_in_play, ids=IDS)
LETTERS_SENT = Prepared(_letters_sent, ids=IDS, since=DATE)


def done_for(
    household_ids: Sequence[int], today: dt.date, *, contacts: ContactTimes | None = None
) -> dict[int, Done]:
    """Three queries for all households (two when the caller read ``contacts``: the
    ``contact_times`` of at least these households)."""
    result: dict[int, Done] = defaultdict(Done)
    if not household_ids:
        return result
    if contacts is None:
        contacts = contact_times(household_ids)
    for household_id in household_ids:
        if household_id not in contacts:
            continue
        visit, personal = contacts[household_id]
        done = result[household_id]
        done.last_visit = localtime(visit).date() if visit else None
        done.last_personal = localtime(personal).date() if personal else None
    for household_id in ARRANGEMENTS_IN_PLAY.flat(ids=household_ids):
        result[household_id].arrangement = True
    since = today - dt.timedelta(days=LETTER_LOOKBACK_DAYS)
    for household_id, kind, sent_on, received_on in LETTERS_SENT.rows(
        ids=household_ids, since=since
    ):
        result[household_id].letters.append((sent_on, letter_deadline(kind, sent_on, received_on)))
    return result


def apply(
    item: WorkItem, actions: Iterable[str], done: Done, *, today: dt.date, recent_days: int
) -> WorkItem | None:
    """The item as it stands after what was done: ``None`` when resolved, the item moved to a
    letter's deadline when that has passed, else the item unchanged."""
    since = item.since or dt.date.min
    recent = today - dt.timedelta(days=recent_days)
    actions = tuple(actions)
    if VISIT in actions and done.last_visit and done.last_visit >= max(since, recent):
        return None
    if (
        PERSONAL_CONTACT in actions
        and done.last_personal
        and done.last_personal >= max(since, recent)
    ):
        return None
    if ARRANGEMENT in actions and done.arrangement:
        return None
    if LETTER in actions:
        deadlines = [deadline for sent_on, deadline in done.letters if sent_on >= since]
        if deadlines:
            deadline = max(deadlines)
            if deadline >= today:
                return None
            return dataclasses.replace(item, since=deadline)
    return item


def resolve(
    grouped: dict[int, list[WorkItem]],
    rules_by_source: Mapping[str, Mapping[str, tuple[str, ...]]],
    *,
    today: dt.date,
    recent_days: int,
    contacts: ContactTimes | None = None,
) -> dict[int, list[WorkItem]]:
    """Drop or move the items the advisor's actions resolved; households left without items
    drop off the list. ``contacts``: see ``done_for``."""
    relevant = [
        household_id
        for household_id, items in grouped.items()
        if any(rules_by_source.get(i.source, {}).get(i.kind) for i in items)
    ]
    if not relevant:
        return grouped
    from verbinding.db.ids import HouseholdIds

    done = done_for(HouseholdIds(sorted(relevant)), today, contacts=contacts)
    out: dict[int, list[WorkItem]] = {}
    for household_id, items in grouped.items():
        kept = []
        for item in items:
            actions = rules_by_source.get(item.source, {}).get(item.kind)
            if actions and household_id in done:
                after = apply(
                    item, actions, done[household_id], today=today, recent_days=recent_days
                )
                if after is None:
                    continue
                item = after
            kept.append(item)
        if kept:
            out[household_id] = kept
    return out
