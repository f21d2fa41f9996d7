"""Cases: opened in one step (also from a worklist link), status history appended."""

from __future__ import annotations

import pytest
from django.urls import reverse

from verbinding.audit.models import AuditEvent
from verbinding.cases.models import Case
from verbinding.cases.services import case_open

pytestmark = pytest.mark.django_db


def test_a_worklist_link_shows_one_button_and_opens_nothing_by_itself(client, cast):
    client.force_login(cast.advisor)
    url = reverse("cases:open") + f"?household={cast.north_household.id}&detail=HUA"
    response = client.get(url)
    assert response.status_code == 200
    assert 'value="HUA" selected' in response.text
    assert not Case.objects.exists()


def test_one_post_opens_a_typed_case_with_me_as_handler(client, cast):
    client.force_login(cast.advisor)
    response = client.post(
        reverse("cases:open"), {"household": cast.north_household.id, "detail": "RUZ"}
    )
    assert response.status_code == 302
    case = Case.objects.get()
    assert (case.kind, case.detail, case.status) == ("SOC", "RUZ", "AAN")
    assert case.handler == cast.advisor
    assert AuditEvent.objects.filter(object_type="cases.case", action="create").exists()


def test_a_case_cannot_be_opened_for_a_household_out_of_reach(client, cast):
    client.force_login(cast.advisor)
    response = client.post(
        reverse("cases:open"), {"household": cast.south_household.id, "detail": "HUA"}
    )
    assert response.status_code == 404
    assert client.get(reverse("cases:open") + "?household=abc").status_code == 404
    assert not Case.objects.exists()


def test_status_changes_are_appended_and_refused_when_not_allowed(client, cast):
    case = case_open(
        household=cast.north_household, detail="HUA", handler=cast.advisor, actor=cast.advisor
    )
    client.force_login(cast.advisor)
    client.post(reverse("cases:status", args=[case.id]), {"status": "INB"})
    client.post(
        reverse("cases:status", args=[case.id]), {"status": "GES"}
    )  # INB -> GES not allowed
    case.refresh_from_db()
    assert case.status == "INB"
    assert [h.status for h in case.history.all()] == ["AAN", "INB"]
    page = client.get(reverse("cases:detail", args=[case.id])).text
    assert "Status" in page


def test_a_case_page_out_of_reach_is_not_found(client, cast):
    case = case_open(
        household=cast.south_household,
        detail="HUA",
        handler=cast.other_advisor,
        actor=cast.other_advisor,
    )
    client.force_login(cast.advisor)
    assert client.get(reverse("cases:detail", args=[case.id])).status_code == 404


def test_a_status_change_from_a_stale_page_is_refused_with_what_it_is_now(client, cast):
    """Two tabs: one takes the case on (AAN → INB), the other, still showing "registered",
    cancels it. INB → GEA is allowed, so without the check the case was cancelled unseen."""
    case = case_open(
        household=cast.north_household, detail="HUA", handler=cast.advisor, actor=cast.advisor
    )
    client.force_login(cast.advisor)
    url = reverse("cases:status", args=[case.id])
    client.post(url, {"status": "INB", "seen": "AAN"})
    response = client.post(url, {"status": "GEA", "seen": "AAN"}, follow=True)
    case.refresh_from_db()
    assert case.status == "INB"
    assert [h.status for h in case.history.all()] == ["AAN", "INB"]
    assert "Iemand anders heeft de status intussen veranderd" in response.text
    page = client.get(reverse("cases:detail", args=[case.id])).text
    assert 'name="seen" value="INB"' in page
