"""Writes for tenant appreciation: links, answers and the rate limit of the public pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction

from verbinding import clock
from verbinding.audit.services import audit_record
from verbinding.contacts.models import ContactMoment, Outcome
from verbinding.feedback import tokens
from verbinding.feedback.models import LINK_DAYS, Appreciation, FeedbackLink, LinkAttempt, Via

# A contact that can be rated: the tenant was reached, or a letter/e-mail was sent.
RATEABLE_OUTCOMES = (Outcome.SPOKE, Outcome.SENT)
RATE_LIMIT = 20  # openings of one link per client address, or unknown links per address ...
RATE_WINDOW = dt.timedelta(minutes=10)  # ... in this window
TENANT = "tenant"  # the audit actor label for answers given by a tenant


class FeedbackError(ValueError):
    pass


class AlreadyAnswered(FeedbackError):
    pass


def is_rateable(contact: ContactMoment) -> bool:
    return contact.outcome in RATEABLE_OUTCOMES


@transaction.atomic
def link_create(
    *, contact: ContactMoment, actor: Any, days: int = LINK_DAYS
) -> tuple[FeedbackLink, str]:
    """Make a one-time link for ``contact``; returns the link and the token for the URL (shown
    once: only its hash is kept)."""
    if not is_rateable(contact):
        raise FeedbackError("Only a contact where the tenant was reached can be rated.")
    if Appreciation.objects.filter(contact=contact).exists():
        raise AlreadyAnswered("This contact has already been rated.")
    url_token, digest = tokens.new_code()
    while FeedbackLink.objects.filter(token_hash=digest).exists():  # pragma: no cover - 1 in 10^11
        url_token, digest = tokens.new_code()
    link = FeedbackLink.objects.create(
        contact=contact,
        token_hash=digest,
        expires_at=clock.now() + dt.timedelta(days=days),
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action="create",
        obj=link,
        household_id=contact.household_id,
        summary="feedback link",
        after={"contact_id": contact.id, "expires_at": link.expires_at.isoformat()},
    )
    return link, url_token


@transaction.atomic
def appreciation_give(
    *,
    contact: ContactMoment,
    grade: int,
    via: str,
    actor: Any = TENANT,
    comment: str = "",
    named: bool = False,
    at: dt.datetime | None = None,
) -> Appreciation:
    """Record the tenant's grade. One answer per contact; the audit row does not hold the grade
    (the privacy officer reads the audit log, and the answer is anonymous)."""
    if not 1 <= int(grade) <= 10:
        raise FeedbackError("A grade is a whole number from 1 to 10.")
    if via not in Via.values:
        raise FeedbackError(f"Unknown way of answering {via!r}")
    if not is_rateable(contact):
        raise FeedbackError("Only a contact where the tenant was reached can be rated.")
    if via == Via.KITCHEN and getattr(actor, "pk", None) != contact.author_id:
        # On the advisor's phone: only the advisor who had the contact hands it over.
        raise FeedbackError("Only the advisor who had the contact hands the phone over.")
    try:
        with transaction.atomic():
            answer = Appreciation.objects.create(
                contact=contact,
                channel=contact.channel,
                grade=int(grade),
                comment=comment.strip()[:1000],
                via=via,
                named=named,
                answered_at=at or clock.now(),
            )
    except IntegrityError as exc:
        raise AlreadyAnswered("This contact has already been rated.") from exc
    # An anonymous answer must not be linkable to the household through the log: no household,
    # no contact, no answer id (whose grade could be looked up) - only that an answer came in.
    audit_record(
        actor=actor,
        action="create",
        object_type="feedback.appreciation",
        object_id=answer.pk if named else None,
        household_id=contact.household_id if named else None,
        summary="tenant appreciation given",
        after={"contact_id": contact.id, "via": via} if named else {"via": via},
        model=Appreciation,
    )
    return answer


def link_lookup(url_token: str) -> FeedbackLink | None:
    """The link behind a short code (or an older signed token), or ``None`` when it is mistyped,
    forged or unknown."""
    code = tokens.normalise_code(url_token)
    if code is not None:
        digest = tokens.code_hash(code)
    else:
        raw = tokens.unsign(url_token)
        if raw is None:
            return None
        digest = tokens.token_hash(raw)
    return FeedbackLink.objects.select_related("contact").filter(token_hash=digest).first()


def link_is_expired(link: FeedbackLink, now: dt.datetime | None = None) -> bool:
    return (now or clock.now()) >= link.expires_at


@transaction.atomic
def attempt_allowed(*, address: str, token: str = "", now: dt.datetime | None = None) -> bool:
    """Count one opening of a public page; ``False`` once this client opened this link
    ``RATE_LIMIT`` times in the window, or guessed ``RATE_LIMIT`` unknown links (``note_miss``).

    Keyed on the client's real address (behind the trusted proxy: security.clientip) *and* the
    link, so that one busy address cannot block the feedback of every other tenant, while a client
    guessing codes is still stopped by its misses."""
    now = now or clock.now()
    LinkAttempt.objects.filter(at__lt=now - dt.timedelta(days=1)).delete()
    recent = LinkAttempt.objects.filter(at__gte=now - RATE_WINDOW)
    if recent.filter(client=_miss_key(address)).count() >= RATE_LIMIT:
        return False
    opening = tokens.client_key(f"{address}|{tokens.token_hash(token)}")
    if recent.filter(client=opening).count() >= RATE_LIMIT:
        return False
    LinkAttempt.objects.create(client=opening, at=now)
    return True


def note_miss(*, address: str, now: dt.datetime | None = None) -> None:
    """An unknown link was opened from this address: it counts towards the guessing limit."""
    LinkAttempt.objects.create(client=_miss_key(address), at=now or clock.now())


def _miss_key(address: str) -> str:
    return tokens.client_key(f"{address}|unknown link")
