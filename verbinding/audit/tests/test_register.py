"""The audit log reads like a register for the privacy officer."""

from __future__ import annotations

import csv
import io

import pytest

from verbinding.audit.models import AuditEvent
from verbinding.households.services import household_update_contact

pytestmark = pytest.mark.django_db


@pytest.fixture
def activity(client, cast):
    cast.north_household.name = "Huishouden Jansen"
    cast.north_household.save()
    client.force_login(cast.advisor)
    client.get(f"/contacts/household/{cast.north_household.id}/")
    household_update_contact(
        household=cast.north_household,
        preferred_channel="TEL",
        contact_notes="bel na 14:00, 06-12345678",
        actor=cast.advisor,
    )
    client.force_login(cast.other_advisor)
    client.get(f"/households/{cast.north_household.id}/")
    client.force_login(cast.privacy_officer)
    return cast


def table(response) -> str:
    text = response.text
    return text[text.index("<tbody>") : text.index("</tbody>")]


def test_it_says_who_did_what_to_whom_in_dutch(client, activity):
    page = table(client.get("/audit/"))
    assert "Anna de Vries" in page and "Huishouden Jansen" in page
    assert "bekeken" in page and "Tijdlijn" in page.replace("tijdlijn", "Tijdlijn")
    assert "Chris Smit" in page and "probeerde te openen zonder toegang" in page
    assert "gewijzigd: " in page
    for raw in ("households.household", "contacts:timeline", "{'", "preferred_channel"):
        assert raw not in page
    assert "06-12345678" not in page and "14:00" not in page


def test_it_filters_by_person_household_period_and_action(client, activity):
    cast = activity
    by_anna = table(client.get("/audit/", {"person": cast.advisor.id}))
    assert "Anna de Vries" in by_anna and "Chris Smit" not in by_anna
    by_name = table(client.get("/audit/", {"household": "jansen", "action": "denied"}))
    assert "Chris Smit" in by_name and "Anna de Vries" not in by_name
    street = cast.north_household.tenancies.get().unit.street
    assert "Huishouden Jansen" in table(client.get("/audit/", {"household": street}))
    from verbinding import clock

    today = clock.today().isoformat()
    assert "Huishouden Jansen" in table(client.get("/audit/", {"start": today, "end": today}))
    assert "Huishouden Jansen" not in table(client.get("/audit/", {"end": "2001-01-01"}))


@pytest.mark.parametrize(
    "query",
    [
        {"household": "²"},
        {"household": "<script>"},
        {"person": "abc"},
        {"person": "999999"},
        {"start": "0001-01-01"},
        {"start": "2026-13-01"},
        {"start": "2026-06-02", "end": "2026-06-01"},
        {"action": "drop"},
        {"page": "x"},
    ],
)
def test_bad_parameters_are_a_clear_400(client, cast, query):
    client.force_login(cast.privacy_officer)
    response = client.get("/audit/", query)
    assert response.status_code == 400
    assert 'role="alert"' in response.text
    assert client.get("/audit/register.csv", query).status_code == 400


def test_the_csv_export_is_for_dutch_excel_and_is_audited(client, activity):
    response = client.get("/audit/register.csv", {"household": "Jansen"})
    assert response.status_code == 200
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows[0][:4] == ["Wanneer", "Wie", "Rol", "Actie"]
    assert any("Huishouden Jansen" in row for row in rows[1:])
    assert AuditEvent.objects.filter(action="export", object_type="audit.register").exists()


def test_only_the_privacy_officer_reads_it(client, cast):
    for user in (cast.advisor, cast.team_lead, cast.manager):
        client.force_login(user)
        assert client.get("/audit/").status_code == 403
        assert client.get("/audit/register.csv").status_code == 403
