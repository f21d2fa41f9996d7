"""Receiving contacts recorded offline (ADR 0017).

The page script sends each contact it kept encrypted on the device as JSON, with the idempotency
key it made when the contact was recorded. The key is unique in the database: a replay (the
connection dropped after the server saved it, a second tab) gets the contact that already exists,
never a second one. A household now out of reach, or a contact the form would refuse, is
answered as a conflict with a message for the advisor; the device keeps and shows it.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

from django.http import Http404, HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from verbinding import clock
from verbinding.audit.models import AuditAction
from verbinding.audit.services import audit_record
from verbinding.cases.selectors import household_in_reach
from verbinding.contacts import services
from verbinding.contacts.forms import OUTCOMES_BY_CHANNEL
from verbinding.contacts.models import SUCCESSFUL_OUTCOMES
from verbinding.vera import codes

OFFLINE_CHANNELS = ("BEZ", "TEL")  # the offline form records a home visit or a phone call
OLDEST_DAYS = 7  # a contact kept on a device longer than this is refused (and shown)


def _answer(status: str, http: int, message: str = "", **extra: Any) -> JsonResponse:
    return JsonResponse({"status": status, "message": message, **extra}, status=http)


def _parse(body: dict[str, Any]) -> tuple[dict[str, Any], str]:
    """The contact's fields from the device, or an error message for the advisor."""
    channel = str(body.get("channel") or "BEZ")
    outcome = str(body.get("outcome") or "")
    note = str(body.get("note") or "").strip()
    if channel not in OFFLINE_CHANNELS or outcome not in OUTCOMES_BY_CHANNEL[channel]:
        return {}, _("Choose a result.")
    if outcome in SUCCESSFUL_OUTCOMES and not note:
        return {}, _("Write a short note of what you talked about.")
    try:
        occurred_at = dt.datetime.fromisoformat(str(body.get("occurred_at")).replace("Z", "+00:00"))
    except ValueError:
        return {}, _("The time of the contact could not be read.")
    now = clock.now()
    if occurred_at.tzinfo is None:
        return {}, _("The time of the contact could not be read.")
    if occurred_at > now + dt.timedelta(minutes=10):
        return {}, _("A contact cannot be in the future.")
    if occurred_at < now - dt.timedelta(days=OLDEST_DAYS):
        return {}, _("This contact was kept on the device for too long; record it again.")
    follow_up_on = None
    if body.get("follow_up_on"):
        try:
            follow_up_on = dt.date.fromisoformat(str(body["follow_up_on"]))
        except ValueError:
            return {}, _("The follow-up date could not be read.")
    return {
        "channel": channel,
        "outcome": outcome,
        "note": note,
        "agreed": str(body.get("agreed") or ""),
        "occurred_at": occurred_at,
        "follow_up_on": follow_up_on,
    }, ""


@never_cache
@require_POST
def contact_offline(request: HttpRequest) -> JsonResponse:
    """``POST /contacts/offline/`` (JSON): 201 saved, 200 already saved (replay), 404 or 409
    conflict, 400 invalid, 401 not logged in (the device keeps the contact and tries later)."""
    user = request.user
    if not user.is_authenticated:
        return _answer("login", 401, _("Log in again to send the contacts on this device."))
    if not getattr(user, "works_with_households", False):
        return _answer("conflict", 403, _("You no longer work with households."))
    try:
        body = json.loads(request.body or b"{}")
        key = uuid.UUID(str(body.get("key")))
    except (ValueError, TypeError, AttributeError):
        return _answer("invalid", 400, _("This contact could not be read."))
    if not isinstance(body, dict):
        return _answer("invalid", 400, _("This contact could not be read."))
    try:
        household = household_in_reach(user=user, household_id=body.get("household"))
    except Http404:
        audit_record(
            actor=user,
            action=AuditAction.DENIED,
            object_type="households.household",
            object_id=str(body.get("household"))[:40],
            summary="offline contact for a household out of reach",
        )
        return _answer(
            "conflict",
            404,
            _("This household is no longer in your neighbourhoods; the contact was not saved."),
        )
    fields, error = _parse(body)
    if error:
        return _answer("invalid", 400, error)
    try:
        contact, created = services.contact_record_once(
            idempotency_key=key,
            household=household,
            actor=user,
            direction=codes.CommunicatieRichting.UIT,
            **fields,
        )
    except services.ContactError as error:
        return _answer("conflict", 409, str(error))
    return _answer("saved" if created else "duplicate", 201 if created else 200, id=contact.id)
