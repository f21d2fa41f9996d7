"""Webhooks: an event from the audit log is delivered once, signed, and retried after a failure."""

from __future__ import annotations

import datetime as dt
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from verbinding import clock
from verbinding.api import webhooks
from verbinding.api.models import DeliveryStatus, WebhookDelivery
from verbinding.arrangements.reference import load_current
from verbinding.arrangements.services import arrangement_propose
from verbinding.households.services import safety_flag_add


@pytest.fixture
def receiver():
    """A subscriber on localhost that answers 500 first, then 204, and keeps what it got."""
    got: list[dict] = []
    answers = [500]

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            got.append({"headers": dict(self.headers), "body": body})
            self.send_response(answers.pop(0) if answers else 204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/hook", got
    server.shutdown()


def test_a_webhook_is_retried_after_a_failure_and_its_signature_verifies(
    cast, receiver, _frozen_clock
):
    url, got = receiver
    load_current()
    webhooks.subscription_create(
        name="ERP",
        url=url,
        secret="s3cret",
        events=["betalingsregeling.afgesproken", "huishouden.gesignaleerd"],
        actor=cast.privacy_officer,
    )
    household = cast.north_household
    arrangement = arrangement_propose(
        household=household,
        tenancy=household.tenancies.get(),
        amount_cents=60000,
        instalment_cents=10000,
        first_due_on=clock.today() + dt.timedelta(days=14),
        actor=cast.advisor,
    )
    assert arrangement.status == "ACT"
    safety_flag_add(household=household, kind="AGR", detail="VEB", actor=cast.advisor)

    assert webhooks.collect() == 2
    assert webhooks.collect() == 0  # each event once
    first = WebhookDelivery.objects.get(event_type="betalingsregeling.afgesproken")

    assert webhooks.deliver_due() == (1, 1)  # the arrangement's fails (500), the flag's arrives
    first.refresh_from_db()
    assert first.status == DeliveryStatus.PENDING
    assert first.attempts == 1
    assert first.last_status_code == 500
    assert first.next_attempt_at > clock.now()
    assert webhooks.deliver_due() == (0, 0)  # not due yet

    _frozen_clock.shift(dt.timedelta(minutes=2))
    assert webhooks.deliver_due() == (1, 0)
    first.refresh_from_db()
    assert first.status == DeliveryStatus.DELIVERED
    assert first.attempts == 2

    retried = [
        r for r in got if r["headers"]["X-Verbinding-Event"] == "betalingsregeling.afgesproken"
    ]
    assert len(retried) == 2
    last = retried[-1]
    assert webhooks.verify(
        "s3cret",
        last["headers"]["X-Verbinding-Timestamp"],
        last["body"],
        last["headers"]["X-Verbinding-Signature"],
    )
    assert not webhooks.verify(
        "wrong",
        last["headers"]["X-Verbinding-Timestamp"],
        last["body"],
        last["headers"]["X-Verbinding-Signature"],
    )
    payload = json.loads(last["body"])
    assert payload["type"] == "betalingsregeling.afgesproken"
    assert payload["data"]["betalingsregeling"]["id"] == str(arrangement.pk)
    assert payload["data"]["huishouden"]["idExtern"] == household.external_id
    assert (
        retried[0]["headers"]["X-Verbinding-Delivery"] == last["headers"]["X-Verbinding-Delivery"]
    )


def test_a_delivery_is_given_up_after_the_last_attempt(cast, _frozen_clock):
    load_current()
    sub = webhooks.subscription_create(
        name="Down",
        url="http://127.0.0.1:9/nothing-listens-here",
        secret="x",
        events=["huishouden.gesignaleerd"],
        actor=cast.privacy_officer,
    )
    safety_flag_add(household=cast.north_household, kind="AGR", detail="VEB", actor=cast.advisor)
    webhooks.collect()
    for _ in range(webhooks.MAX_ATTEMPTS):
        webhooks.deliver_due()
        _frozen_clock.shift(dt.timedelta(hours=7))
    delivery = WebhookDelivery.objects.get(subscription=sub)
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.attempts == webhooks.MAX_ATTEMPTS
    assert delivery.last_error
