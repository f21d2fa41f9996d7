"""Subject access (AVG art. 15): the privacy officer produces everything held about a tenant."""

from __future__ import annotations

import json

import pytest

from verbinding import clock
from verbinding.audit.models import AuditEvent
from verbinding.contacts.models import ContactMoment
from verbinding.network.models import NetworkMember

pytestmark = pytest.mark.django_db


@pytest.fixture
def file(cast, client):
    household = cast.north_household
    ContactMoment.objects.create(
        household=household,
        author=cast.advisor,
        channel="BEZ",
        outcome="spoke",
        occurred_at=clock.now(),
        note="Gesprek over de huur; afspraak gemaakt.",
    )
    ContactMoment.objects.create(
        household=household,
        author=cast.advisor,
        channel="TEL",
        outcome="spoke",
        occurred_at=clock.now(),
        note="Buurvrouw Pietersen belde anoniem over geweld",
        confidentiality="GEH",
    )
    NetworkMember.objects.create(
        household=household, name="Tante Els", category="family", phone="0612345678"
    )
    client.force_login(cast.advisor)
    client.get(f"/households/{household.id}/")
    client.force_login(cast.privacy_officer)
    return household


def test_the_json_holds_every_part_of_the_file_and_withholds_what_protects_others(
    client, cast, file
):
    response = client.get(f"/privacy/household/{file.id}/inzage.json")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    for section in (
        "household",
        "members",
        "tenancies",
        "ledger",
        "contacts",
        "network",
        "plan",
        "cases",
        "nuisance",
        "letters",
        "signals_sent_to_the_municipality",
        "who_saw_or_changed_your_file",
    ):
        assert section in data, section
    assert data["household"]["name"] == file.name
    notes = [c["note"] for c in data["contacts"]]
    assert "Gesprek over de huur; afspraak gemaakt." in notes and "[withheld]" in notes
    assert "Pietersen" not in response.text
    assert data["network"][0]["name"] == "Tante Els" and "0612345678" not in response.text
    viewers = data["who_saw_or_changed_your_file"]
    assert any(v["who"] == "Anna de Vries" and v["action"] == "bekeken" for v in viewers)


def test_the_pdf_is_produced_and_the_export_is_audited(client, cast, file):
    response = client.get(f"/privacy/household/{file.id}/inzage.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    event = AuditEvent.objects.get(action="export", actor=cast.privacy_officer)
    assert event.household_id == file.id and event.summary == "subject access export (pdf)"


def test_only_the_privacy_officer_produces_it(client, cast, file):
    for user in (cast.advisor, cast.team_lead, cast.manager):
        client.force_login(user)
        assert client.get(f"/privacy/household/{file.id}/inzage.json").status_code == 403


def test_the_officer_finds_the_household_by_name(client, cast, file):
    page = client.get("/privacy/", {"q": file.name}).text
    assert f"/privacy/household/{file.id}/inzage.pdf" in page
