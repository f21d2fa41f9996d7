"""Bank statements as VERA JSON through the API take the same import as a CAMT.053 or MT940 file:
reconciliation, continuity, deduplication (also against the same money read from a file), all or
nothing, and Idempotency-Key."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from verbinding.audit.models import AuditEvent
from verbinding.imports.models import BankStatement, ImportRun, UnmatchedPayment
from verbinding.imports.services import import_file
from verbinding.imports.tests.conftest import register  # noqa: F401  (fixture)
from verbinding.imports.tests.test_bank_corpus import CORPUS
from verbinding.ledger.models import LedgerEntry

ACCOUNT = "NL07KNAB0255123456"


def statement(**changes: Any) -> dict[str, Any]:
    """The Knab statement of corpus/knab.sta as VERA JSON, plus a supplier payment (money out)."""
    body: dict[str, Any] = {
        "idExtern": "B6E04MS9D00A0012",
        "rekening": ACCOUNT,
        "vb_volgnummer": 104,
        "beginsaldo": 2500.00,
        "eindsaldo": 3757.55,
        "vb_begindatum": "2026-05-03",
        "vb_einddatum": "2026-05-04",
        "bankafschriftRegels": [
            {
                "valutadatum": "2026-05-04",
                "bijBedrag": 712.45,
                "vb_tegenrekening": "NL91ABNA0417164300",
                "vb_tegenpartij": "J DE VRIES",
                "omschrijving": "huur mei 9100000011",
            },
            {
                "valutadatum": "2026-05-04",
                "bijBedrag": 645.10,
                "vb_tegenrekening": "NL44RABO0123456789",
                "vb_tegenpartij": "F EL AMRANI",
                "omschrijving": "HUUR MEI REMBRANDTKADE 3A",
            },
            {
                "valutadatum": "2026-05-04",
                "afBedrag": 100.00,
                "vb_tegenrekening": "NL20INGB0001234567",
                "vb_tegenpartij": "Schoonmaakbedrijf",
                "omschrijving": "factuur 17",
            },
        ],
    }
    body.update(changes)
    return body


@pytest.fixture
def admin_http(api, cast, register):  # noqa: F811
    return api(cast.privacy_officer)


def test_a_statement_is_booked_like_a_file_and_a_second_post_changes_nothing(admin_http):
    response = admin_http.post("/api/v1/bankafschriften", statement(), format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["geboekt"], body["teBeoordelen"], body["overgeslagen"]) == (
        len(LedgerEntry.objects.filter(source__startswith="bank:")),
        UnmatchedPayment.objects.count(),
        1,
    )
    assert body["geboekt"] + body["teBeoordelen"] == 2
    run = ImportRun.objects.get(pk=body["vb_import"])
    assert (run.kind, run.status, run.file_format) == ("bank", "succeeded", "VERA JSON")
    assert AuditEvent.objects.filter(action="import", object_id=str(run.pk)).exists()
    by_reference = LedgerEntry.objects.get(source=f"bank:{run.pk}", amount_cents=-71245)
    assert by_reference.tenancy.payment_reference == "9100000011"
    stored = BankStatement.objects.get()
    assert (stored.family, stored.balanced, stored.number) == ("vera", True, 104)

    again = admin_http.post("/api/v1/bankafschriften", statement(), format="json").json()
    assert (again["geboekt"], again["ongewijzigd"]) == (0, 2)
    assert BankStatement.objects.count() == 1


def test_a_statement_that_does_not_add_up_is_refused_whole_and_the_refusal_is_kept(admin_http):
    response = admin_http.post(
        "/api/v1/bankafschriften", statement(eindsaldo=3758.55), format="json"
    )
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["errors"][0]["pointer"] == "/eindsaldo"
    assert (
        not BankStatement.objects.exists()
        and not LedgerEntry.objects.filter(source__startswith="bank:").exists()
    )
    assert ImportRun.objects.get(pk=body["vb_import"]).status == "rejected"


def test_a_bad_line_names_its_index_and_nothing_is_written(admin_http):
    body = statement()
    body["bankafschriftRegels"][1]["vb_tegenrekening"] = "NL00RABO0123456789"
    body["bankafschriftRegels"][2]["bijBedrag"] = 5.00  # both in and out
    response = admin_http.post("/api/v1/bankafschriften", body, format="json")
    assert response.status_code == 422
    pointers = [e["pointer"] for e in response.json()["errors"]]
    assert pointers == ["/bankafschriftRegels/2"]  # the schema first
    del body["bankafschriftRegels"][2]["bijBedrag"]
    body["eindsaldo"] = 3757.55
    response = admin_http.post("/api/v1/bankafschriften", body, format="json")
    assert response.status_code == 422
    assert [e["pointer"] for e in response.json()["errors"]] == [
        "/bankafschriftRegels/1/vb_tegenrekening"
    ]
    assert not BankStatement.objects.exists()


def test_a_gap_with_the_previous_statement_is_a_warning(admin_http):
    admin_http.post("/api/v1/bankafschriften", statement(), format="json")
    later = statement(
        idExtern="B6E04MS9D00A0013",
        vb_volgnummer=106,
        beginsaldo=4000.00,
        eindsaldo=4000.00,
        vb_begindatum="2026-05-05",
        vb_einddatum="2026-05-05",
        bankafschriftRegels=[],
    )
    body = admin_http.post("/api/v1/bankafschriften", later, format="json").json()
    joined = " ".join(body["waarschuwingen"])
    assert "105" in joined  # the statement number that is missing
    assert "3.757,55" in joined  # the closing balance before the gap


def test_the_same_money_read_from_the_mt940_file_later_is_not_booked_twice(admin_http, cast):
    first = statement()
    first["eindsaldo"] = 3857.55
    del first["bankafschriftRegels"][2]
    assert admin_http.post("/api/v1/bankafschriften", first, format="json").status_code == 200
    booked = LedgerEntry.objects.filter(source__startswith="bank:").count()
    waiting = UnmatchedPayment.objects.count()
    run = import_file(path=CORPUS / "knab.sta", actor=cast.privacy_officer, kind="bank")
    assert run.status == "succeeded", run.problems
    assert (run.created_count, run.unmatched_count) == (0, 0)
    assert LedgerEntry.objects.filter(source__startswith="bank:").count() == booked
    assert UnmatchedPayment.objects.count() == waiting
    assert any(w["kind"] == "same_money" for w in run.warnings)


def test_the_idempotency_key_replays_and_refuses_another_body(admin_http):
    headers = {"HTTP_IDEMPOTENCY_KEY": "bank-2026-05-04"}
    one = admin_http.post("/api/v1/bankafschriften", statement(), format="json", **headers)
    two = admin_http.post("/api/v1/bankafschriften", statement(), format="json", **headers)
    assert two.json() == one.json() and two["Idempotent-Replayed"] == "true"
    assert ImportRun.objects.filter(kind="bank").count() == 1
    other = copy.deepcopy(statement())
    other["vb_volgnummer"] = 105
    assert (
        admin_http.post("/api/v1/bankafschriften", other, format="json", **headers).status_code
        == 409
    )


def test_only_the_functional_administrator_reads_or_posts_statements(api, cast, admin_http):
    assert admin_http.post("/api/v1/bankafschriften", statement(), format="json").status_code == 200
    stored = BankStatement.objects.get()
    advisor = api(cast.advisor)
    assert advisor.post("/api/v1/bankafschriften", statement(), format="json").status_code == 403
    assert advisor.get("/api/v1/bankafschriften").json()["results"] == []
    assert advisor.get(f"/api/v1/bankafschriften/{stored.pk}").status_code == 404
    assert advisor.get("/api/v1/bankafschrift-regels").json()["results"] == []
    listed = admin_http.get("/api/v1/bankafschrift-regels").json()["results"]
    assert len(listed) == 2  # the supplier payment is not rent and is not kept
    booked = [r for r in listed if r["vb_overeenkomst"]]
    assert booked and all(r["bankafschrift"]["idExtern"] == "B6E04MS9D00A0012" for r in listed)
    one = admin_http.get(f"/api/v1/bankafschriften/{stored.pk}").json()
    assert (one["beginsaldo"], one["eindsaldo"], one["vb_formaat"]) == (
        2500.0,
        3757.55,
        "VERA JSON",
    )


def test_reading_statements_needs_ledger_read(api, cast, admin_http):
    write_only = ["ledger:write"]
    http = api(cast.privacy_officer, scopes=write_only)
    assert http.get("/api/v1/bankafschriften").status_code == 403
