"""Outbound events (webhooks), signed with HMAC-SHA256 and retried with backoff.

Events are read from the audit log (every write leaves a row there, in its own transaction: an
outbox we already have), so no domain service needs to know about subscribers:

==========================  ======================================================================
event                       when
==========================  ======================================================================
betalingsregeling.afgesproken  an arrangement becomes active (ACT), inside the margins or approved
betalingsregeling.beeindigd    an arrangement ends (BEE: completed, ANN: cancelled)
incasso.overgedragen           a handover to the bailiff (deurwaarder) is recorded
huishouden.gesignaleerd        a safety flag (VERA Signalering) is added to a household
vroegsignalering.klaar         a household's early signal is due (once per arrears episode)
==========================  ======================================================================

The payload carries ids, not personal data: the subscriber fetches details through the API with
its own scopes. ``verbinding webhooks`` collects new events and delivers what is due (run it from
cron every minute); deliveries and their attempts are in the admin.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from typing import Any

from django.db import IntegrityError, transaction

from verbinding import clock
from verbinding.api.models import DeliveryStatus, WebhookDelivery, WebhookSubscription
from verbinding.audit.models import AuditEvent
from verbinding.households.models import Household

EVENTS = (
    "betalingsregeling.afgesproken",
    "betalingsregeling.beeindigd",
    "incasso.overgedragen",
    "huishouden.gesignaleerd",
    "vroegsignalering.klaar",
)
MAX_ATTEMPTS = 10
TIMEOUT_SECONDS = 10


def backoff(attempts: int) -> dt.timedelta:
    """1, 2, 4, 8 … minutes after each failure, at most six hours."""
    return dt.timedelta(minutes=min(2 ** max(attempts - 1, 0), 360))


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """``sha256=<hex>`` of HMAC-SHA256 over ``"<timestamp>.<body>"`` (as Stripe and GitHub do)."""
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def verify(secret: str, timestamp: str, body: bytes, signature: str) -> bool:
    """What a subscriber does (documented in docs/api.md)."""
    return hmac.compare_digest(sign(secret, timestamp, body), signature)


def _household_key(household_id: int | None) -> dict[str, Any] | None:
    if household_id is None:
        return None
    external = Household.objects.filter(pk=household_id).values_list("external_id", flat=True)
    return {"id": str(household_id), "idExtern": external.first()}


def events_from_audit(after_id: int, limit: int = 5000) -> Iterator[tuple[int, str, str, dict]]:
    """``(audit id, event type, event key, data)`` for audit rows after ``after_id``."""
    rows = (
        AuditEvent.objects.filter(
            id__gt=after_id,
            object_type__in=(
                "arrangements.paymentarrangement",
                "escalation.escalation",
                "households.safetyflag",
            ),
            action__in=("create", "update"),
        )
        .order_by("id")
        .values("id", "object_type", "object_id", "household_id", "after", "at")[:limit]
    )
    for row in rows:
        after = row["after"] or {}
        kind = row["object_type"]
        event = ""
        if kind == "arrangements.paymentarrangement":
            status = after.get("status")
            if status == "ACT":
                event = "betalingsregeling.afgesproken"
            elif status in ("BEE", "ANN"):
                event = "betalingsregeling.beeindigd"
            ref = "betalingsregeling"
        elif kind == "escalation.escalation" and after.get("kind") == "DEU":
            event, ref = "incasso.overgedragen", "externeIncasso"
        elif kind == "households.safetyflag" and row.get("after") and "kind" in after:
            event, ref = "huishouden.gesignaleerd", "signalering"
        if not event:
            yield row["id"], "", "", {}
            continue
        data = {
            ref: {
                "id": row["object_id"],
                **({"status": after["status"]} if "status" in after else {}),
            },
            "huishouden": _household_key(row["household_id"]),
            "tijdstip": row["at"].isoformat(),
        }
        yield row["id"], event, f"audit:{row['id']}", data


def _due_signals(today: dt.date) -> list[tuple[str, str, dict]]:
    from verbinding.earlysignals.selectors import due

    out = []
    for r in due(household_ids=None, today=today):
        arose = r.readiness.arose_on.isoformat() if r.readiness.arose_on else ""
        key = f"signal:{r.tenancy.pk}:{arose}"
        out.append(
            (
                key,
                "vroegsignalering.klaar",
                {
                    "huishouden": _household_key(r.household_id),
                    "overeenkomst": {"id": str(r.tenancy.pk), "idExtern": r.tenancy.external_id},
                    "achterstandSinds": arose or None,
                },
            )
        )
    return out


def _enqueue(subscription: WebhookSubscription, event: str, key: str, data: dict) -> bool:
    if event not in (subscription.events or []):
        return False
    payload = {"id": str(uuid.uuid4()), "type": event, "data": data}
    try:
        with transaction.atomic():
            WebhookDelivery.objects.create(
                subscription=subscription,
                event_type=event,
                event_key=key,
                payload=payload,
                next_attempt_at=clock.now(),
            )
    except IntegrityError:
        return False  # this event was queued for this subscriber before
    return True


def collect(*, today: dt.date | None = None) -> int:
    """Queue new events for every active subscriber; returns how many deliveries were queued."""
    queued = 0
    signals: list[tuple[str, str, dict]] | None = None
    for subscription in WebhookSubscription.objects.filter(is_active=True):
        with transaction.atomic():
            sub = WebhookSubscription.objects.select_for_update().get(pk=subscription.pk)
            last = sub.after_audit_id
            for audit_id, event, key, data in events_from_audit(sub.after_audit_id):
                last = audit_id
                if event:
                    queued += _enqueue(sub, event, key, data)
            if last != sub.after_audit_id:
                sub.after_audit_id = last
                sub.save(update_fields=["after_audit_id"])
        if "vroegsignalering.klaar" in (subscription.events or []):
            if signals is None:
                signals = _due_signals(today or clock.today())
            for key, event, data in signals:
                queued += _enqueue(subscription, event, key, data)
    return queued


def _post(delivery: WebhookDelivery) -> tuple[int | None, str]:
    body = json.dumps(delivery.payload, separators=(",", ":"), sort_keys=True).encode()
    timestamp = str(int(clock.now().timestamp()))
    request = urllib.request.Request(  # noqa: S310 - the administrator configures http(s) URLs
        delivery.subscription.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": "Verbinding-Webhooks/1",
            "X-Verbinding-Event": delivery.event_type,
            "X-Verbinding-Delivery": delivery.payload["id"],
            "X-Verbinding-Timestamp": timestamp,
            "X-Verbinding-Signature": sign(delivery.subscription.secret, timestamp, body),
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            return response.status, ""
    except urllib.error.HTTPError as exc:
        return exc.code, f"HTTP {exc.code}"
    except (urllib.error.URLError, OSError, ValueError) as exc:
        return None, str(exc)[:300]


def deliver_due(*, limit: int = 200) -> tuple[int, int]:
    """Send what is due; returns (delivered, failed attempts). A 2xx is delivered; anything else
    is retried later (backoff), and given up after MAX_ATTEMPTS."""
    delivered = failed = 0
    due = (
        WebhookDelivery.objects.filter(
            status=DeliveryStatus.PENDING, next_attempt_at__lte=clock.now()
        )
        .select_related("subscription")
        .order_by("next_attempt_at", "id")[:limit]
    )
    for delivery in due:
        status, error = _post(delivery)
        delivery.attempts += 1
        delivery.last_status_code = status
        if status is not None and 200 <= status < 300:
            delivery.status = DeliveryStatus.DELIVERED
            delivery.delivered_at = clock.now()
            delivery.last_error = ""
            delivered += 1
        else:
            delivery.last_error = error or f"HTTP {status}"
            failed += 1
            if delivery.attempts >= MAX_ATTEMPTS:
                delivery.status = DeliveryStatus.FAILED
            else:
                delivery.next_attempt_at = clock.now() + backoff(delivery.attempts)
        delivery.save()
    return delivered, failed


@transaction.atomic
def subscription_create(
    *, name: str, url: str, secret: str, events: list[str], actor: Any
) -> WebhookSubscription:
    """A new subscriber hears about events from now on (not the whole history)."""
    unknown = [e for e in events if e not in EVENTS]
    if unknown:
        raise ValueError(f"Unknown events: {', '.join(unknown)}")
    from verbinding.audit.services import audit_change

    last = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    sub = WebhookSubscription.objects.create(
        name=name, url=url, secret=secret, events=list(events), after_audit_id=last
    )
    audit_change(actor=actor, obj=sub, before=None, summary=f"webhook subscription {name}")
    return sub
