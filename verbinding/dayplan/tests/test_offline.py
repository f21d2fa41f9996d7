"""Issue 15, visits that survive a dead signal (ADR 0017), the server's side: the compact pages
the service worker keeps (today's round only, never in the HTTP cache), the idempotent receipt of
contacts recorded offline (the same contact never twice; a conflict is answered, not a 500),
the worker and manifest, and a logout that tells the browser to wipe the site's storage."""

from __future__ import annotations

import datetime as dt
import json
import uuid

import pytest
from django.contrib.staticfiles import finders
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from verbinding import clock
from verbinding.audit.models import AuditEvent
from verbinding.contacts.models import ContactMoment
from verbinding.dayplan import services
from verbinding.testing import factories as f

pytestmark = pytest.mark.django_db

SYNC = "/contacts/offline/"


def send(client, household, key=None, **fields):
    body = {
        "key": str(key or uuid.uuid4()),
        "household": household.id,
        "channel": "BEZ",
        "outcome": "spoke",
        "note": "Gesproken in de hal, afspraak gemaakt.",
        "occurred_at": (clock.now() - dt.timedelta(hours=2)).isoformat(),
        **fields,
    }
    return client.post(SYNC, json.dumps(body), content_type="application/json")


def test_a_contact_sent_twice_with_one_key_is_recorded_once(client, cast):
    client.force_login(cast.advisor)
    key = uuid.uuid4()
    first = send(client, cast.north_household, key=key, follow_up_on="2026-07-01")
    assert first.status_code == 201 and first.json()["status"] == "saved"
    again = send(client, cast.north_household, key=key)  # the answer was lost: sent again
    assert again.status_code == 200 and again.json() == {
        "status": "duplicate",
        "message": "",
        "id": first.json()["id"],
    }
    contact = ContactMoment.objects.get()
    assert contact.idempotency_key == key and contact.author == cast.advisor
    assert contact.channel == "BEZ" and contact.outcome == "spoke"
    assert contact.follow_up_on == dt.date(2026, 7, 1)
    # the time of the visit on the device, not the time it reached the server
    assert abs(contact.occurred_at - (clock.now() - dt.timedelta(hours=2))) < dt.timedelta(
        minutes=1
    )
    assert AuditEvent.objects.filter(summary="contact moment", action="create").count() == 1


def test_the_database_refuses_a_second_contact_with_the_same_key(cast):
    key = uuid.uuid4()
    fields = {
        "household": cast.north_household,
        "channel": "BEZ",
        "outcome": "not_home",
        "occurred_at": clock.now(),
        "author": cast.advisor,
        "idempotency_key": key,
    }
    ContactMoment.objects.create(**fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        ContactMoment.objects.create(**fields)
    # contacts without a key (the ordinary form) are not limited
    fields["idempotency_key"] = None
    ContactMoment.objects.create(**fields)
    ContactMoment.objects.create(**fields)


def test_a_household_out_of_reach_now_is_a_conflict_not_a_500(client, cast):
    client.force_login(cast.advisor)
    response = send(client, cast.south_household)
    assert response.status_code == 404
    assert response.json()["status"] == "conflict"
    assert "niet meer in uw wijken" in response.json()["message"]
    assert not ContactMoment.objects.exists()
    assert AuditEvent.objects.filter(action="denied", summary__contains="offline").exists()


def test_a_key_reused_for_another_household_is_a_conflict(client, cast):
    other = f.household_in(cast.north, name="Huishouden Bos")
    client.force_login(cast.advisor)
    key = uuid.uuid4()
    assert send(client, cast.north_household, key=key).status_code == 201
    response = send(client, other, key=key)
    assert response.status_code == 409 and response.json()["status"] == "conflict"
    assert ContactMoment.objects.count() == 1


def test_what_the_form_would_refuse_is_invalid_and_anonymous_is_asked_to_log_in(client, cast):
    assert send(client, cast.north_household).status_code == 401
    client.force_login(cast.advisor)
    no_note = send(client, cast.north_household, note=" ")
    assert no_note.status_code == 400 and no_note.json()["status"] == "invalid"
    future = send(
        client,
        cast.north_household,
        occurred_at=(clock.now() + dt.timedelta(hours=1)).isoformat(),
    )
    assert future.status_code == 400
    assert send(client, cast.north_household, key="not-a-key").status_code == 400
    assert send(client, cast.north_household, outcome="voicemail").status_code == 400
    assert not ContactMoment.objects.exists()


def test_the_receipt_is_csrf_protected(cast):
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.advisor)
    assert send(client, cast.north_household).status_code == 403
    assert not ContactMoment.objects.exists()


def test_the_offline_pages_hold_todays_round_only_and_stay_out_of_the_http_cache(client, cast):
    other = f.household_in(cast.north, name="Huishouden Niet Gepland")
    services.day_plan_set(
        actor=cast.advisor,
        day=clock.today(),
        household_ids=[cast.north_household.id],
        today=clock.today(),
    )
    client.force_login(cast.advisor)
    page = client.get(reverse("dayplan:offline_household", args=[cast.north_household.id]))
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    assert "Huishouden Jansen" in page.text and "data-offline-contact" in page.text
    assert "/households/" not in page.text.split('id="content"', 1)[1]  # no links to the file
    assert client.get(reverse("dayplan:offline_household", args=[other.id])).status_code == 404
    round_page = client.get(reverse("dayplan:offline"))
    assert "no-store" in round_page["Cache-Control"] and "Huishouden Jansen" in round_page.text
    assert "Huishouden Niet Gepland" not in round_page.text
    # tomorrow's round is not kept
    services.day_plan_set(
        actor=cast.advisor,
        day=clock.today() + dt.timedelta(days=1),
        household_ids=[other.id],
        today=clock.today(),
    )
    assert client.get(reverse("dayplan:offline_household", args=[other.id])).status_code == 404
    # the day plan page tells the page script what to keep
    today = client.get(reverse("dayplan:today")).text
    assert "data-offline-prepare" in today
    assert reverse("dayplan:offline_household", args=[cast.north_household.id]) in today
    opened = AuditEvent.objects.filter(summary="page dayplan:offline_household", action="view")
    assert list(opened.values_list("household_id", flat=True)) == [cast.north_household.id]


def test_another_advisor_cannot_fetch_my_round(client, cast):
    services.day_plan_set(
        actor=cast.advisor,
        day=clock.today(),
        household_ids=[cast.north_household.id],
        today=clock.today(),
    )
    client.force_login(cast.colleague)
    url = reverse("dayplan:offline_household", args=[cast.north_household.id])
    assert client.get(url).status_code == 404
    client.force_login(cast.manager)
    assert client.get(url).status_code == 403


def test_logout_tells_the_browser_to_wipe_this_sites_storage(client, cast):
    client.force_login(cast.advisor)
    response = client.post(reverse("logout"))
    assert response["Clear-Site-Data"] == '"cache", "storage"'
    assert "_auth_user_id" not in client.session


def test_the_service_worker_is_served_from_the_root_and_the_app_is_installable(client):
    worker = client.get("/sw.js")
    assert worker.status_code == 200
    assert worker["Content-Type"].startswith("text/javascript")
    assert worker["Service-Worker-Allowed"] == "/"
    assert worker["Cache-Control"] == "no-cache"
    assert b"verbinding-day" in worker.content
    manifest = client.get("/manifest.webmanifest")
    assert manifest["Content-Type"] == "application/manifest+json"
    data = manifest.json()
    assert data["start_url"] == "/dayplan/" and data["display"] == "standalone"
    sizes = {icon["sizes"] for icon in data["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in data["icons"]:
        assert finders.find(icon["src"].removeprefix("/static/")), icon["src"]
    page = client.get(reverse("login")).text
    assert 'rel="manifest"' in page and "dayplan/offline.js" in page
    assert "<script>" not in page  # no inline script (CSP)
