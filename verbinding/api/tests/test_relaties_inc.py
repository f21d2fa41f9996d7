"""The Relaties resources (natuurlijk-personen, betaalgegevens, communicatievoorkeuren) and INC
externe-incassos: VERA field names, codes from Referentiedata.csv, and nothing from a household out
of reach."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from verbinding import clock
from verbinding.escalation.models import Escalation, LegalOutcome
from verbinding.households.models import HouseholdMember
from verbinding.tenantmessages.models import ReminderConsent
from verbinding.vera import codes

ROOT = Path(__file__).resolve().parents[3]
VERA = (
    ROOT.parent / "shared" / "reference" / "vera" / "Referentiedata.csv"
)  # beside the clone, as in CI
CODE_LISTS = {
    "CONTACTGEGEVENSOORT": codes.ContactgegevenSoort,
    "BETAALGEGEVENSOORT": codes.BetaalgegevenSoort,
    "COMMUNICATIEVOORKEURSOORT": codes.CommunicatievoorkeurSoort,
    "EXTERNEINCASSOSOORT": codes.ExterneIncassoSoort,
    "EXTERNEINCASSOSTATUS": codes.ExterneIncassoStatus,
    "EXTERNEINCASSOSTARTREDEN": codes.ExterneIncassoStartReden,
    "EXTERNEINCASSOEINDEREDEN": codes.ExterneIncassoEindeReden,
}


@pytest.mark.skipif(not VERA.exists(), reason="the VERA reference is not on this machine")
@pytest.mark.parametrize("soort", sorted(CODE_LISTS))
def test_every_code_the_new_resources_serve_is_in_vera_referentiedata(soort):
    with VERA.open(encoding="utf-8") as fh:
        known = {row["Code"] for row in csv.DictReader(fh, delimiter=";") if row["Soort"] == soort}
    assert set(CODE_LISTS[soort].values) <= known


def test_a_person_in_two_households_names_only_the_one_in_reach(cast, api, world):
    http = api(cast.advisor)
    person_id = world.ids["north"]["natuurlijk-personen"]
    person = cast.north_household.members.get().person
    person.phone, person.email = "0612345678", "jansen@example.nl"
    person.save()
    HouseholdMember.objects.create(household=cast.south_household, person=person, role="MBW")
    body = http.get(f"/api/v1/natuurlijk-personen/{person_id}").json()
    assert body["achternaam"] == person.surname
    assert [r["groep"]["id"] for r in body["rollen"]] == [str(cast.north_household.pk)]
    assert body["rollen"][0]["rol"]["code"] == "HUU"
    assert {(c["soort"]["code"], c["waarde"]) for c in body["contactgegevens"]} == {
        ("TEL", "0612345678"),
        ("EMA", "jansen@example.nl"),
    }
    # the colleague of the south sees the same person with only the south household
    south = api(cast.other_advisor).get(f"/api/v1/natuurlijk-personen/{person_id}").json()
    assert [r["groep"]["id"] for r in south["rollen"]] == [str(cast.south_household.pk)]


def test_betaalgegevens_give_the_iban_the_contract_and_the_payment_reference(cast, api, world):
    http = api(cast.advisor)
    body = http.get(f"/api/v1/betaalgegevens/{world.ids['north']['betaalgegevens']}").json()
    tenancy = cast.north_household.tenancies.get()
    assert body["soort"]["code"] == "BAN"
    assert body["iban"].startswith("NL91ABNA")
    assert body["overeenkomst"] == {"id": str(tenancy.pk), "idExtern": tenancy.external_id}
    assert body["vb_betalingskenmerk"] == tenancy.payment_reference


def test_the_communication_preference_is_the_channel_messages_go_by(cast, api, world):
    household = cast.north_household
    household.preferred_channel = "EMA"
    household.save()
    ReminderConsent.objects.create(
        household=household, given_on=clock.today(), recorded_by=cast.advisor
    )
    body = api(cast.advisor).get(f"/api/v1/communicatievoorkeuren/{household.pk}").json()
    assert body["soort"]["code"] == "KLA"
    assert body["vb_kanaal"]["code"] == "EMA"
    assert body["vb_herinneringen_sinds"] == clock.today().isoformat()
    assert body["vb_herinneringen_tot"] is None


def test_externe_incassos_leave_court_steps_out_and_end_with_the_vera_reason(cast, api, world):
    http = api(cast.advisor)
    handover = Escalation.objects.get(pk=world.ids["north"]["externe-incassos"])
    court = Escalation.objects.create(
        household=handover.household,
        tenancy=handover.tenancy,
        kind="COURT",
        start_reason="ACH",
        handed_over_on=clock.today(),
        reason="Dagvaarding",
        created_by=cast.advisor,
    )
    listed = {r["id"] for r in http.get("/api/v1/externe-incassos").json()["results"]}
    assert str(handover.pk) in listed and str(court.pk) not in listed
    assert http.get(f"/api/v1/externe-incassos/{court.pk}").status_code == 404
    body = http.get(f"/api/v1/externe-incassos/{handover.pk}").json()
    assert (body["soort"]["code"], body["status"]["code"]) == ("DEU", "ACT")
    assert body["bedrag"] == 1200.0  # no claim recorded: the arrears at the time
    Escalation.objects.filter(pk=handover.pk).update(
        claim_principal_cents=110000, claim_costs_cents=15000
    )
    body = http.get(f"/api/v1/externe-incassos/{handover.pk}").json()
    assert (body["bedrag"], body["vb_kosten"]) == (1250.0, 150.0)
    assert body["einddatum"] is None and body["vb_eindereden"] is None
    LegalOutcome.objects.create(
        escalation=handover,
        household=handover.household,
        tenancy=handover.tenancy,
        kind="payment_judgment",
        occurred_on=clock.today() - dt.timedelta(days=1),
        created_by=cast.advisor,
    )
    body = http.get(f"/api/v1/externe-incassos/{handover.pk}").json()
    assert body["status"]["code"] == "EIN"
    assert body["vb_eindereden"]["code"] == "BVO"
    assert body["einddatum"] == (clock.today() - dt.timedelta(days=1)).isoformat()


def test_externe_incassos_need_casework_read(cast, api, world):
    register_only, casework_only = ["register:read"], ["casework:read"]  # both alive: two names
    register = api(cast.advisor, scopes=register_only)
    casework = api(cast.advisor, scopes=casework_only)
    assert register.get("/api/v1/externe-incassos").status_code == 403
    assert casework.get("/api/v1/externe-incassos").status_code == 200
    assert casework.get("/api/v1/betaalgegevens").status_code == 403


def test_a_dossier_groups_the_households_zaken(cast, api, world):
    body = api(cast.advisor).get(f"/api/v1/dossiers/{cast.north_household.pk}").json()
    assert body["relaties"] == [
        {"id": str(cast.north_household.pk), "idExtern": cast.north_household.external_id}
    ]
    assert [z["id"] for z in body["zaken"]] == [str(world.ids["north"]["zaken"])]
