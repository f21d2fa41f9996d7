"""The access matrix holds for the API: what the UI would not show is a 404 (or absent)."""

from __future__ import annotations

import pytest

from verbinding.audit.models import AuditEvent

RESOURCES = [
    "natuurlijk-personen",
    "betaalgegevens",
    "communicatievoorkeuren",
    "externe-incassos",
    "kwaliteitsmetingsverzoeken",
    "dossiers",
    "huishoudens",
    "huurovereenkomsten",
    "zaken",
    "contactmomenten",
    "betalingsregelingen",
    "vroegsignaleringen",
]


@pytest.mark.parametrize("resource", RESOURCES)
def test_an_out_of_reach_household_is_a_404_on_every_endpoint(cast, api, world, resource):
    http = api(cast.advisor)
    north, south = world.ids["north"][resource], world.ids["south"][resource]
    assert http.get(f"/api/v1/{resource}/{north}").status_code == 200
    response = http.get(f"/api/v1/{resource}/{south}")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    listed = {int(r["id"]) for r in http.get(f"/api/v1/{resource}").json()["results"]}
    assert north in listed
    assert south not in listed


@pytest.mark.parametrize("who", ["advisor", "colleague", "team_lead", "other_advisor"])
def test_each_field_role_sees_exactly_its_own_neighbourhood(cast, api, world, who):
    user = getattr(cast, who)
    mine = "south" if who == "other_advisor" else "north"
    theirs = "north" if mine == "south" else "south"
    http = api(user)
    for resource in RESOURCES:
        assert http.get(f"/api/v1/{resource}/{world.ids[mine][resource]}").status_code == 200
        assert http.get(f"/api/v1/{resource}/{world.ids[theirs][resource]}").status_code == 404


@pytest.mark.parametrize("who", ["manager", "privacy_officer"])
def test_managers_and_the_privacy_officer_open_no_household_data(cast, api, world, who):
    http = api(getattr(cast, who))
    for resource in RESOURCES:
        assert http.get(f"/api/v1/{resource}").json()["results"] == []
        for side in ("north", "south"):
            assert http.get(f"/api/v1/{resource}/{world.ids[side][resource]}").status_code == 404


def test_without_a_key_it_is_401_and_with_a_wrong_key_too(cast, api, world):
    from rest_framework.test import APIClient

    anonymous = APIClient()
    response = anonymous.get("/api/v1/huishoudens")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    anonymous.credentials(HTTP_AUTHORIZATION="Bearer vb_deadbeef_nottherightsecret")
    assert anonymous.get("/api/v1/huishoudens").status_code == 401


def test_a_client_without_the_scope_is_refused(cast, api, world):
    http = api(cast.advisor, scopes=["signals:read"])
    assert http.get("/api/v1/huishoudens").status_code == 403
    assert http.get("/api/v1/betalingsregelingen").status_code == 403
    assert http.get("/api/v1/vroegsignaleringen").status_code == 200
    assert http.post("/api/v1/huurovereenkomsten/bulk", [], format="json").status_code == 403


def test_an_inactive_client_is_refused(cast, api, world):
    http = api(cast.advisor)
    http.api_client.is_active = False
    http.api_client.save()
    assert http.get("/api/v1/huishoudens").status_code == 401


def test_every_read_is_audited_with_channel_and_client(cast, api, world):
    http = api(cast.advisor)
    before = AuditEvent.objects.count()
    http.get(f"/api/v1/huishoudens/{world.ids['north']['huishoudens']}")
    event = AuditEvent.objects.order_by("-id").first()
    assert AuditEvent.objects.count() == before + 1
    assert event.actor == cast.advisor
    assert event.action == "view"
    assert event.household_id == world.ids["north"]["huishoudens"]
    assert event.actor_label == f"anna [api:{http.api_client.name}]"


def test_the_rate_limit_is_per_client(cast, api, world):
    slow = api(cast.advisor, rate="2/min")
    other = api(cast.colleague, rate="2/min")
    assert slow.get("/api/v1/zaken").status_code == 200
    assert slow.get("/api/v1/zaken").status_code == 200
    limited = slow.get("/api/v1/zaken")
    assert limited.status_code == 429
    assert "Retry-After" in limited
    assert other.get("/api/v1/zaken").status_code == 200


def test_the_command_registers_a_client_whose_key_works(cast, world):
    from io import StringIO

    from django.core.management import call_command
    from rest_framework.test import APIClient

    out = StringIO()
    call_command("api_client", "ERP", "--user", "anna", "--scopes", "casework:read", stdout=out)
    key = out.getvalue().split("store it now): ")[1].strip()
    http = APIClient()
    http.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert http.get("/api/v1/zaken").status_code == 200
    from verbinding.api.models import ApiClient

    assert key not in str(ApiClient.objects.values_list("key_hash", flat=True)[0])


@pytest.mark.parametrize("resource", RESOURCES)
@pytest.mark.parametrize("bad", ["²", "٣", "99999999999999999999999"])
def test_an_odd_id_is_a_404_not_a_500(cast, api, resource, bad):
    """'²' and '٣' pass str.isdigit() but int() refuses them (it was a 500)."""
    response = api(cast.advisor).get(f"/api/v1/{resource}/{bad}")
    assert response.status_code == 404
