from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_manager_opens_the_dashboard_in_dutch_with_every_figure(client, cast):
    client.force_login(cast.manager)
    page = client.get(reverse("outcomes:dashboard"))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Hoe wordt dit geteld?" in html
    for key in (
        "arrears_now",
        "arrears_trend",
        "time_to_contact",
        "personal_share",
        "appreciation",
        "arrangements",
        "durable",
        "cleared",
        "escalations",
        "prevented",
        "nuisance",
    ):
        assert f'id="{key}"' in html
    assert "<svg" in html
    assert "/households/" not in html  # managers see figures only


def test_the_team_lead_gets_links_to_the_households_and_advisors_no_dashboard(client, cast):
    client.force_login(cast.team_lead)
    html = client.get(reverse("outcomes:dashboard")).content.decode()
    assert "/outcomes/arrears_now/households/" in html
    client.force_login(cast.advisor)
    assert client.get(reverse("outcomes:dashboard")).status_code == 403
    client.force_login(cast.manager)
    assert client.get(reverse("outcomes:households", args=["arrears_now"])).status_code == 403


def test_every_figure_downloads_as_csv(client, cast):
    client.force_login(cast.manager)
    response = client.get(reverse("outcomes:csv", args=["arrangements"]))
    assert response["Content-Type"].startswith("text/csv")
    assert "buiten de marges" in response.content.decode()
