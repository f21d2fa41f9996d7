"""KMT: a survey tool reads the contacts a tenant may rate (kwaliteitsmetingsverzoeken) and sends
the grades back (kwaliteitsmetingsresultaten) through the feedback service: one answer per
contact, anonymous towards the advisor unless the tenant gives their name."""

from __future__ import annotations

import datetime as dt

from verbinding import clock
from verbinding.audit.models import AuditEvent
from verbinding.feedback.models import VERA_SCALE, Appreciation


def result(request_id, grade="8", **extra):
    return {
        "kwaliteitsmetingsverzoek": {"id": str(request_id)},
        "beoordelingsSchaal": VERA_SCALE,
        "beoordelingsWaarde": grade,
        "toelichtingBeoordeling": "Fijn gesprek",
        **extra,
    }


def test_the_survey_tool_reads_requests_in_reach_with_the_tenant_to_ask(cast, api, world):
    http = api(cast.advisor)
    rows = http.get("/api/v1/kwaliteitsmetingsverzoeken").json()["results"]
    assert [r["id"] for r in rows] == [str(world.ids["north"]["kwaliteitsmetingsverzoeken"])]
    (row,) = rows
    tenant = cast.north_household.members.get(role="HUU")
    assert row["teEnqueterenRelatie"] == str(tenant.person_id)
    assert row["soort"]["code"] == "ALG" and row["vb_kanaal"]["code"] == "TEL"
    assert row["vb_beantwoord"] is False


def test_a_grade_is_recorded_once_anonymously_and_a_second_is_a_409(cast, api, world):
    http = api(cast.advisor)
    contact_id = world.ids["north"]["kwaliteitsmetingsverzoeken"]
    mark = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first()
    response = http.post("/api/v1/kwaliteitsmetingsresultaten", result(contact_id), format="json")
    assert response.status_code == 201, response.content
    answer = Appreciation.objects.get(contact_id=contact_id)
    assert (answer.grade, answer.via, answer.named, answer.comment) == (
        8,
        "survey",
        False,
        "Fijn gesprek",
    )
    row = AuditEvent.objects.get(id__gt=mark, object_type="feedback.appreciation")
    assert row.household_id is None and row.object_id in ("", None)  # not linkable
    assert row.actor_label.endswith(f"[api:{http.api_client.name}]")
    listed = http.get(f"/api/v1/kwaliteitsmetingsverzoeken/{contact_id}").json()
    assert listed["vb_beantwoord"] is True and "beoordelingsWaarde" not in listed
    again = http.post("/api/v1/kwaliteitsmetingsresultaten", result(contact_id, "3"), format="json")
    assert again.status_code == 409
    assert again["Content-Type"] == "application/problem+json"
    assert Appreciation.objects.get(contact_id=contact_id).grade == 8


def test_a_result_out_of_reach_or_out_of_range_is_refused(cast, api, world):
    http = api(cast.advisor)
    north = world.ids["north"]["kwaliteitsmetingsverzoeken"]
    south = world.ids["south"]["kwaliteitsmetingsverzoeken"]
    post = lambda body: http.post("/api/v1/kwaliteitsmetingsresultaten", body, format="json")  # noqa: E731
    assert post(result(south)).status_code == 404
    assert post(result("abc")).status_code == 404
    assert post(result(north, "11")).status_code == 422
    tomorrow = (clock.today() + dt.timedelta(days=1)).isoformat()
    late = post(result(north, datumReactie=tomorrow))
    assert late.status_code == 422
    assert late.json()["errors"][0]["pointer"] == "/datumReactie"
    assert not Appreciation.objects.exists()


def test_a_named_answer_is_linked_to_the_household(cast, api, world):
    http = api(cast.advisor)
    contact_id = world.ids["north"]["kwaliteitsmetingsverzoeken"]
    body = result(contact_id, "6", vb_met_naam=True)
    assert http.post("/api/v1/kwaliteitsmetingsresultaten", body, format="json").status_code == 201
    answer = Appreciation.objects.get()
    assert answer.named
    row = AuditEvent.objects.get(object_type="feedback.appreciation")
    assert row.household_id == cast.north_household.pk


def test_reading_requests_does_not_allow_sending_results(cast, api, world):
    read_only = ["feedback:read"]
    http = api(cast.advisor, scopes=read_only)
    contact_id = world.ids["north"]["kwaliteitsmetingsverzoeken"]
    assert http.get("/api/v1/kwaliteitsmetingsverzoeken").status_code == 200
    body = result(contact_id)
    assert http.post("/api/v1/kwaliteitsmetingsresultaten", body, format="json").status_code == 403
