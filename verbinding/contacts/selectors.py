"""Reading contact moments, with the confidentiality rule applied in the database.

A secret note (VERA VERTROUWELIJKHEID GEH) is readable only by its author and the colleagues it is
explicitly shared with. Everyone else who may open the household sees *that* a secret note exists
(date, channel, outcome, author) but never its text: the text is not even read from the database.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from typing import Any

from django.db.models import BooleanField, CharField, Exists, OuterRef, Q, QuerySet, Value, When
from django.db.models import Case as DbCase

from verbinding.access import selectors as access
from verbinding.accounts.models import User
from verbinding.accounts.roles import FIELD_ROLES
from verbinding.contacts.models import SUCCESSFUL_OUTCOMES, ContactMoment
from verbinding.db.prepared import INT, Prepared
from verbinding.households.models import Household
from verbinding.households.present import absent
from verbinding.vera import codes

SECRET = codes.Vertrouwelijkheid.GEH


@dataclass(frozen=True)
class TimelineEntry:
    id: int
    occurred_at: dt.datetime
    channel: str
    channel_label: str
    direction_label: str
    outcome: str
    outcome_label: str
    reached: bool
    personal: bool
    confidentiality: str
    confidentiality_label: str
    hidden: bool  # a secret note this reader may not read
    note: str
    tenant_words: str
    agreed: str
    follow_up_on: dt.date | None
    follow_up_done: bool
    author: str
    is_author: bool
    case_id: int | None
    case_label: str

    @property
    def secret(self) -> bool:
        return self.confidentiality == SECRET


def readable_condition(user: Any) -> Q:
    """Which contact moments' text ``user`` may read (as a filter on ContactMoment)."""
    user_id: int = getattr(user, "pk", None) or 0
    shared = ContactMoment.shared_with.through.objects.filter(
        contactmoment_id=OuterRef("pk"), user_id=user_id
    )
    return ~Q(confidentiality=SECRET) | Q(author_id=user_id) | Q(Exists(shared))


def _text(field: str) -> DbCase:
    return DbCase(When(readable=True, then=field), default=Value(""), output_field=CharField())


def contacts_for_household(*, user: Any, household: Household) -> QuerySet[ContactMoment]:
    """The household's contact moments, newest first, secret texts blanked for other readers.

    Read the texts from ``safe_note``, ``safe_tenant_words`` and ``safe_agreed``; the raw fields
    are not loaded.
    """
    if not access.can_see(user, household):
        return ContactMoment.objects.none()
    return (
        ContactMoment.objects.filter(household=household)
        .annotate(
            readable=DbCase(
                When(readable_condition(user), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
        .annotate(
            safe_note=_text("note"),
            safe_tenant_words=_text("tenant_words"),
            safe_agreed=_text("agreed"),
        )
        .defer("note", "tenant_words", "agreed")
        .select_related("author", "case")
        .order_by("-occurred_at", "-id")
    )


def entry(c: Any, user: Any) -> TimelineEntry:
    return TimelineEntry(
        id=c.id,
        occurred_at=c.occurred_at,
        channel=c.channel,
        channel_label=str(c.get_channel_display()),
        direction_label=str(c.get_direction_display()),
        outcome=c.outcome,
        outcome_label=str(c.get_outcome_display()),
        reached=c.outcome in SUCCESSFUL_OUTCOMES,
        personal=c.channel in codes.PERSONAL_CHANNELS,
        confidentiality=c.confidentiality,
        confidentiality_label=str(c.get_confidentiality_display()),
        hidden=not c.readable,
        note=c.safe_note,
        tenant_words=c.safe_tenant_words,
        agreed=c.safe_agreed,
        follow_up_on=c.follow_up_on,
        follow_up_done=c.follow_up_done,
        author=str(c.author.get_full_name() or c.author.username),
        is_author=c.author_id == getattr(user, "pk", None),
        case_id=c.case_id,
        case_label=str(c.case.get_detail_display()) if c.case_id else "",
    )


def _timeline_rows(household: int, user_id: int, limit: int | None) -> QuerySet[Any, Any]:
    """The timeline's rows: each moment with its texts only where ``user_id`` may read them."""
    open_or_own = ~Q(confidentiality=SECRET) | Q(author_id=user_id)
    shared = ContactMoment.shared_with.through.objects.filter(
        contactmoment_id=OuterRef("pk"), user_id=user_id
    )
    qs = (
        ContactMoment.objects.filter(household_id=household)
        .annotate(
            shared=Exists(shared),
            **{
                f"safe_{name}": DbCase(
                    When(open_or_own, then=name), default=Value(""), output_field=CharField()
                )
                for name in _TEXTS
            },
        )
        .order_by("-occurred_at", "-id")
        .values_list(*_ROW, "shared", *(f"safe_{name}" for name in _TEXTS))
    )
    return qs if limit is None else qs[:limit]


@functools.cache
def _compiled_timeline(limit: int | None) -> Prepared:
    """``_timeline_rows`` compiled once per connection and limit (verbinding.db.prepared): the
    household page reads it on every opening."""
    return Prepared(
        lambda household, user: _timeline_rows(household, user, limit), household=INT, user=INT
    )


def timeline(*, user: Any, household: Household, limit: int | None = None) -> list[TimelineEntry]:
    """The contact timeline across all channels and cases: what ``entry`` makes of
    ``contacts_for_household``, read as plain rows in one query (the household page shows it on
    every request). The rule is the same: a secret note's texts are read for its author only; a
    secret note shared with this reader has its texts read in a second query, only then."""
    if not access.can_see(user, household) or absent(household, "contacts"):
        return []
    user_id: int = getattr(user, "pk", None) or 0
    rows = _compiled_timeline(limit).rows(household=household.pk, user=user_id)
    # secret notes of another author shared with this reader: their texts, now
    shared_ids = [r[0] for r in rows if r[5] == SECRET and r[8] != user_id and r[len(_ROW)]]
    texts = (
        {
            t[0]: t[1:]
            for t in ContactMoment.objects.filter(id__in=shared_ids).values_list("id", *_TEXTS)
        }
        if shared_ids
        else {}
    )
    labels = _labels()
    result = []
    for r in rows:
        (cid, occurred_at, channel, direction, outcome, confidentiality, follow_up_on,
         follow_up_done, author_id, first_name, last_name, username, case_id, case_detail,
         is_shared, note, tenant_words, agreed) = r  # fmt: skip
        readable = confidentiality != SECRET or author_id == user_id or bool(is_shared)
        if cid in texts:
            note, tenant_words, agreed = texts[cid]
        result.append(
            TimelineEntry(
                id=cid,
                occurred_at=occurred_at,
                channel=channel,
                channel_label=str(labels["channel"].get(channel, channel)),
                direction_label=str(labels["direction"].get(direction, direction)),
                outcome=outcome,
                outcome_label=str(labels["outcome"].get(outcome, outcome)),
                reached=outcome in SUCCESSFUL_OUTCOMES,
                personal=channel in codes.PERSONAL_CHANNELS,
                confidentiality=confidentiality,
                confidentiality_label=str(
                    labels["confidentiality"].get(confidentiality, confidentiality)
                ),
                hidden=not readable,
                note=note,
                tenant_words=tenant_words,
                agreed=agreed,
                follow_up_on=follow_up_on,
                follow_up_done=follow_up_done,
                author=str(f"{first_name} {last_name}".strip() or username),
                is_author=author_id == getattr(user, "pk", None),
                case_id=case_id,
                case_label=str(labels["case"].get(case_detail, case_detail)) if case_id else "",
            )
        )
    return result


_TEXTS = ("note", "tenant_words", "agreed")
_ROW = (
    "id",
    "occurred_at",
    "channel",
    "direction",
    "outcome",
    "confidentiality",
    "follow_up_on",
    "follow_up_done",
    "author_id",
    "author__first_name",
    "author__last_name",
    "author__username",
    "case_id",
    "case__detail",
)


@functools.cache
def _labels() -> dict[str, dict[Any, Any]]:
    """The (lazily translated) labels of the timeline's choice fields, as ``get_FOO_display``
    finds them; read once per process."""
    from verbinding.cases.models import Case

    def choices(model: Any, name: str) -> dict[Any, Any]:
        return dict(model._meta.get_field(name).flatchoices)

    return {
        "channel": choices(ContactMoment, "channel"),
        "direction": choices(ContactMoment, "direction"),
        "outcome": choices(ContactMoment, "outcome"),
        "confidentiality": choices(ContactMoment, "confidentiality"),
        "case": choices(Case, "detail"),
    }


def contact_for_update(*, user: Any, contact_id: int) -> ContactMoment:
    """A contact moment of a household in reach (for follow-up and sharing), or 404."""
    from django.shortcuts import get_object_or_404

    contact = get_object_or_404(ContactMoment, id=contact_id)
    access.require(user, contact.household_id)
    return contact


def colleagues_to_share_with(*, user: Any) -> QuerySet[User]:
    """Colleagues who work with households (a secret note can be shared with them)."""
    return (
        User.objects.filter(is_active=True, role__in=FIELD_ROLES)
        .exclude(pk=getattr(user, "pk", None) or 0)
        .order_by("first_name", "last_name", "username")
    )
