"""Bulk upserts by idExtern: idempotent, all or nothing, per-item problems (RFC 9457)."""

from __future__ import annotations

import datetime as dt

from verbinding import clock
from verbinding.audit.models import AuditEvent
from verbinding.households.models import Household, Tenancy
from verbinding.ledger.models import LedgerEntry


def tenancy(i: int, household: str, buurt: str = "BU01500101", rent: float = 650.0) -> dict:
    return {
        "idExtern": f"HOX{i:07d}",
        "vb_huishouden": {"idExtern": household},
        "eenheden": [
            {
                "idExtern": f"E{i:07d}",
                "straatnaam": "Brinkgreverweg",
                "huisnummer": i % 900 + 1,
                "huisletter": "",
                "postcode": "7413 AD",
                "woonplaats": "Deventer",
                "buurtcode": buurt,
            }
        ],
        "begindatum": "2015-05-01",
        "brutohuur": rent,
        "vb_betalingskenmerk": f"91{i:08d}",
        "betaalwijze": {"code": "INC"},
        "status": {"code": "LOP"},
        "betaalgegevens": [{"iban": "NL91ABNA0417164300", "rekeninghouder": "J de Vries"}],
    }


def test_ten_thousand_tenancies_upsert_idempotently_and_all_or_nothing(cast, api):
    http = api(cast.privacy_officer, scopes=["register:write"])
    household = cast.north_household.external_id
    items = [tenancy(i, household) for i in range(10_000)]

    first = http.post("/api/v1/huurovereenkomsten/bulk", items, format="json")
    assert first.status_code == 200, first.content[:500]
    assert first.json() == {"aangemaakt": 10_000, "gewijzigd": 0, "ongewijzigd": 0}
    assert Tenancy.objects.filter(external_id__startswith="HOX").count() == 10_000

    again = http.post("/api/v1/huurovereenkomsten/bulk", items, format="json")
    assert again.json() == {"aangemaakt": 0, "gewijzigd": 0, "ongewijzigd": 10_000}

    # One bad item among 10,000 changes: nothing is written, the item is named.
    changed = [dict(t, brutohuur=700.0) for t in items]
    changed[9_999]["eenheden"] = [dict(changed[9_999]["eenheden"][0], buurtcode="BU99999999")]
    refused = http.post("/api/v1/huurovereenkomsten/bulk", changed, format="json")
    assert refused.status_code == 422
    assert refused["Content-Type"] == "application/problem+json"
    body = refused.json()
    assert body["status"] == 422
    assert body["errors"] == [
        {
            "index": 9_999,
            "pointer": "/9999/eenheden/0/buurtcode",
            "detail": body["errors"][0]["detail"],
        }
    ]
    assert "BU99999999" in body["errors"][0]["detail"]
    assert not Tenancy.objects.filter(rent_cents=70000).exists()


def test_format_errors_name_the_item_and_field_and_nothing_is_written(cast, api):
    http = api(cast.privacy_officer, scopes=["register:write"])
    good = tenancy(1, cast.north_household.external_id)
    bad = tenancy(2, "R-UNKNOWN")
    bad["begindatum"] = "31-02-2026"
    bad["eenheden"][0]["postcode"] = "ABC"
    response = http.post("/api/v1/huurovereenkomsten/bulk", [good, bad], format="json")
    assert response.status_code == 422
    pointers = {e["pointer"] for e in response.json()["errors"]}
    assert pointers == {"/1/begindatum", "/1/eenheden/0/postcode"}
    assert not Tenancy.objects.filter(external_id="HOX0000001").exists()
    wrong_type = http.post(
        "/api/v1/huurovereenkomsten/bulk", [dict(good, eenheden="x")], format="json"
    )
    assert wrong_type.status_code == 422
    assert wrong_type.json()["errors"][0]["pointer"].startswith("/0/eenheden")


def test_an_idempotency_key_replays_the_reply_and_refuses_another_body(cast, api):
    http = api(cast.privacy_officer, scopes=["register:write"])
    items = [tenancy(1, cast.north_household.external_id)]
    first = http.post(
        "/api/v1/huurovereenkomsten/bulk", items, format="json", HTTP_IDEMPOTENCY_KEY="k-1"
    )
    assert first.json()["aangemaakt"] == 1
    Tenancy.objects.filter(external_id="HOX0000001").update(rent_cents=1)  # changed since
    replay = http.post(
        "/api/v1/huurovereenkomsten/bulk", items, format="json", HTTP_IDEMPOTENCY_KEY="k-1"
    )
    assert replay.json() == first.json()
    assert replay["Idempotent-Replayed"] == "true"
    assert Tenancy.objects.get(external_id="HOX0000001").rent_cents == 1  # not written again
    other = http.post(
        "/api/v1/huurovereenkomsten/bulk",
        [dict(items[0], brutohuur=1.0)],
        format="json",
        HTTP_IDEMPOTENCY_KEY="k-1",
    )
    assert other.status_code == 409


def test_households_upsert_and_the_audit_says_api_and_client(cast, api):
    http = api(cast.privacy_officer, scopes=["register:write"])
    items = [
        {
            "idExtern": "R777",
            "naam": "Huishouden Pietersen",
            "vb_voorkeurskanaal": {"code": "TEL"},
            "relaties": [
                {"rol": {"code": "HUU"}, "voornaam": "Piet", "achternaam": "Pietersen"},
                {"rol": {"code": "MDH"}, "voornaam": "Anne", "achternaam": "Pietersen"},
            ],
        }
    ]
    response = http.post("/api/v1/huishoudens/bulk", items, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["aangemaakt"] == 2
    household = Household.objects.get(external_id="R777")
    assert household.members.count() == 2
    event = AuditEvent.objects.filter(household_id=household.pk, action="create").first()
    assert event.actor == cast.privacy_officer
    assert event.actor_label.endswith(f"[api:{http.api_client.name}]")
    bad = [dict(items[0], relaties=[{"rol": {"code": "XXX"}, "achternaam": ""}])]
    refused = http.post("/api/v1/huishoudens/bulk", bad, format="json")
    assert refused.status_code == 422
    assert {e["pointer"] for e in refused.json()["errors"]} == {
        "/0/relaties/0/rol",
        "/0/relaties/0/achternaam",
    }


def test_bookings_are_added_once_and_a_changed_booking_is_refused(cast, api):
    http = api(cast.privacy_officer, scopes=["ledger:write"])
    contract = cast.north_household.tenancies.get().external_id
    today = clock.today()
    items = [
        {
            "idExtern": f"B{i}",
            "overeenkomst": {"idExtern": contract},
            "boekdatum": (today - dt.timedelta(days=i)).isoformat(),
            "detailSoort": {"code": "PRO"},
            "bedrag": 650.00,
        }
        for i in range(3)
    ]
    assert http.post("/api/v1/boekingen/bulk", items, format="json").json()["aangemaakt"] == 3
    again = http.post("/api/v1/boekingen/bulk", items, format="json").json()
    assert again == {"aangemaakt": 0, "gewijzigd": 0, "ongewijzigd": 3}
    changed = [dict(items[0], bedrag=10.0), dict(items[1], idExtern="B-new")]
    refused = http.post("/api/v1/boekingen/bulk", changed, format="json")
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["pointer"] == "/0/idExtern"
    assert LedgerEntry.objects.filter(tenancy__external_id=contract).count() == 3
    unknown = [dict(items[0], idExtern="B9", overeenkomst={"idExtern": "NOPE"})]
    refused = http.post("/api/v1/boekingen/bulk", unknown, format="json")
    assert refused.json()["errors"][0]["pointer"] == "/0/overeenkomst/idExtern"


def test_booking_problems_name_item_and_field_whichever_way_the_item_was_read(cast, api):
    http = api(cast.privacy_officer, scopes=["ledger:write"])
    contract = cast.north_household.tenancies.get().external_id
    good = {
        "idExtern": "B-P1",
        "overeenkomst": {"idExtern": contract},
        "boekdatum": clock.today().isoformat(),
        "detailSoort": {"code": "PRO"},
        "bedrag": 650.00,
    }
    bad_date = dict(good, idExtern="B-P2", boekdatum="31-02-2026")  # read directly, then parsed
    bad_type = dict(good, idExtern="B-P3", bedrag=True)  # read by the generic walk
    bad_code = dict(good, idExtern="B-P4", detailSoort={"code": "XYZ"})
    refused = http.post(
        "/api/v1/boekingen/bulk", [good, bad_date, bad_type, bad_code], format="json"
    )
    assert refused.status_code == 422
    assert refused["Content-Type"] == "application/problem+json"
    errors = refused.json()["errors"]
    assert {(e["index"], e["pointer"]) for e in errors} == {
        (1, "/1/boekdatum"),
        (2, "/2/bedrag"),
        (3, "/3/detailSoort"),
    }
    assert not LedgerEntry.objects.filter(external_ref__startswith="erp:B-P").exists()
