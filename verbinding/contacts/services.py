"""Recording contact moments. Every write is audited in the same transaction."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from verbinding import clock
from verbinding.audit.services import audit_record, snapshot
from verbinding.cases.models import Case
from verbinding.contacts.models import ContactMoment, Outcome
from verbinding.households.models import Household
from verbinding.vera import codes


class ContactError(ValueError):
    pass


# What the audit log keeps of a contact moment: facts, never the text of the note itself
# (the audit log is read by the privacy officer, who must not read secret notes).
AUDIT_FIELDS = (
    "id",
    "household_id",
    "case_id",
    "occurred_at",
    "channel",
    "direction",
    "outcome",
    "follow_up_on",
    "follow_up_done",
    "confidentiality",
    "author_id",
)


# A clock a few minutes ahead on a phone is not "the future".
FUTURE_MARGIN = dt.timedelta(minutes=10)


@transaction.atomic
def contact_record(
    *,
    household: Household,
    channel: str,
    outcome: str,
    actor: Any,
    note: str = "",
    occurred_at: dt.datetime | None = None,
    direction: str = codes.CommunicatieRichting.UIT,
    tenant_words: str = "",
    agreed: str = "",
    follow_up_on: dt.date | None = None,
    confidentiality: str = codes.Vertrouwelijkheid.INT,
    case: Case | None = None,
    shared_with: Iterable[Any] = (),
    idempotency_key: uuid.UUID | None = None,
) -> ContactMoment:
    """Record one contact moment (a failed attempt too). Time defaults to now, author to the actor."""
    if channel not in codes.CommunicatieKanaal.values:
        raise ContactError(f"Unknown channel {channel!r}")
    if outcome not in Outcome.values:
        raise ContactError(f"Unknown outcome {outcome!r}")
    if confidentiality not in ("INT", "VER", "GEH"):
        raise ContactError(f"Unknown confidentiality {confidentiality!r}")
    if case is not None and case.household_id != household.id:
        raise ContactError("The case belongs to another household.")
    if occurred_at is not None and occurred_at > clock.now() + FUTURE_MARGIN:
        raise ContactError(_("A contact cannot be in the future."))
    contact = ContactMoment.objects.create(
        household=household,
        case=case,
        occurred_at=occurred_at or clock.now(),
        channel=channel,
        direction=direction,
        outcome=outcome,
        note=note.strip(),
        tenant_words=tenant_words.strip(),
        agreed=agreed.strip(),
        follow_up_on=follow_up_on,
        confidentiality=confidentiality,
        author=actor,
        idempotency_key=idempotency_key,
    )
    readers = [u for u in shared_with if u.pk != getattr(actor, "pk", None)]
    if readers:
        contact.shared_with.set(readers)
    audit_record(
        actor=actor,
        action="create",
        obj=contact,
        household_id=household.id,
        summary="contact moment",
        after={
            **snapshot(contact, AUDIT_FIELDS),
            "shared_with": sorted(u.pk for u in readers),
        },
    )
    return contact


@transaction.atomic
def contact_share(*, contact: ContactMoment, users: Iterable[Any], actor: Any) -> ContactMoment:
    """Let more colleagues read a secret note. Only its author may share it."""
    if contact.author_id != getattr(actor, "pk", None):
        raise ContactError("Only the author can share this note.")
    new = [u for u in users if u.pk != contact.author_id]
    contact.shared_with.add(*new)
    audit_record(
        actor=actor,
        action="update",
        obj=contact,
        household_id=contact.household_id,
        summary="contact moment shared",
        after={"shared_with_added": sorted(u.pk for u in new)},
    )
    return contact


@transaction.atomic
def contact_follow_up_done(*, contact: ContactMoment, actor: Any) -> ContactMoment:
    """Mark the follow-up of a contact moment as done (it leaves the worklist)."""
    before = snapshot(contact, AUDIT_FIELDS)
    contact.follow_up_done = True
    contact.save(update_fields=["follow_up_done"])
    audit_record(
        actor=actor,
        action="update",
        obj=contact,
        household_id=contact.household_id,
        summary="contact follow-up done",
        before={"follow_up_done": before["follow_up_done"]},
        after={"follow_up_done": True},
    )
    return contact


def contact_record_once(
    *, idempotency_key: uuid.UUID, household: Household, actor: Any, **fields: Any
) -> tuple[ContactMoment, bool]:
    """Record a contact sent by a device with its idempotency key (ADR 0017), exactly once.

    Returns ``(contact, created)``: a replay of a key already recorded returns that contact and
    ``False``; two requests with the same key at once meet the unique constraint, and the loser
    gets the winner's contact. A key used before by someone else or for another household is a
    :class:`ContactError` (the device shows it as a conflict)."""

    def existing() -> ContactMoment | None:
        found = ContactMoment.objects.filter(idempotency_key=idempotency_key).first()
        if found is not None and (
            found.household_id != household.id or found.author_id != getattr(actor, "pk", None)
        ):
            raise ContactError(_("This contact was already sent for another household."))
        return found

    found = existing()
    if found is not None:
        return found, False
    try:
        with transaction.atomic():
            contact = contact_record(
                household=household, actor=actor, idempotency_key=idempotency_key, **fields
            )
    except IntegrityError:
        found = existing()
        if found is None:
            raise
        return found, False
    return contact, True
