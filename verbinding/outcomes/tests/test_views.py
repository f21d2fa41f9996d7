from __future__ import annotations

import pytest
from django.urls import reverse

from verbinding.outcomes.registry import BY_KEY

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
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")  # Excel then reads UTF-8
    assert "buiten de marges" in text
    header = text.lstrip("\ufeff").splitlines()[0]
    assert ";" in header and "," not in header  # semicolons: Dutch Excel's list separator
    assert text.count("\r\n\r\n") == 0  # one table per file


def test_csv_numbers_have_a_decimal_comma():
    from verbinding.outcomes.figure import EURO, PCT
    from verbinding.outcomes.views import _csv_value

    assert _csv_value(123456, EURO) == "1234,56"
    assert _csv_value(66.7, PCT) == "66,7"
    assert _csv_value(None, PCT) == ""


def test_chart_axes_start_at_zero_and_labels_are_not_cut():
    import re

    from verbinding.outcomes import charts

    svg = str(charts.bars(["Huisbezoek bij de huurder thuis", "Telefoon"], [40, 45], title="t"))
    axis = re.search(r'class="axis y[^"]*">(.*?)</g></g>', svg)
    assert axis is not None and ">0</text>" in axis.group(1)
    assert "Huisbezoek bij de huurder thuis" in svg and "…" not in svg


def test_the_dashboard_runs_a_fixed_number_of_queries(client, cast, django_assert_num_queries):
    """Pinned (docs/benchmarks.md): every figure is a bounded number of grouped queries whatever
    the size of the association; personal share is one GROUP BY (was three)."""
    client.force_login(cast.manager)
    client.get(reverse("outcomes:dashboard"))  # warm-up: session, policy caches
    with django_assert_num_queries(29):
        assert client.get(reverse("outcomes:dashboard") + "?fresh=1").status_code == 200
    # without a nightly snapshot (the cast has none): one look-up for it, then computed
    with django_assert_num_queries(30):
        assert client.get(reverse("outcomes:dashboard")).status_code == 200


def test_a_team_lead_sees_only_their_own_teams_figures(client, cast):
    """Whatever the address asks (another team, the whole association, another team's
    neighbourhood), a team lead's figures are their own team's; a manager may choose."""
    from verbinding.outcomes.scope import scope_from

    lead, north, south = cast.team_lead, cast.north_team.id, cast.south_team.id
    assert scope_from({}, user=lead).team_id == north
    assert scope_from({"team": str(south)}, user=lead).team_id == north
    assert scope_from({"team": ""}, user=lead).team_id == north
    assert scope_from({"neighbourhood": str(cast.south.id)}, user=lead).neighbourhood_id is None
    assert scope_from({"neighbourhood": str(cast.north.id)}, user=lead).neighbourhood_id == (
        cast.north.id
    )
    assert scope_from({"team": str(south)}, user=cast.manager).team_id == south
    assert scope_from({"team": ""}, user=cast.manager).team_id is None

    client.force_login(lead)
    html = client.get(reverse("outcomes:dashboard") + f"?team={south}").content.decode()
    # the figures' links carry the scope shown: the own team
    assert f"&amp;team={north}" in html and f"&amp;team={south}" not in html
    assert "Team Zuid" not in html and "Zuiderpark" not in html  # not offered in the filter
    assert "Hele corporatie" not in html
    client.force_login(cast.manager)
    html = client.get(reverse("outcomes:dashboard")).content.decode()
    assert "Team Zuid" in html and "Hele corporatie" in html


def test_a_team_lead_without_a_team_gets_no_figures(client, cast):
    """An account set up as team lead but not (yet) in a team is refused, not shown the whole
    association's figures with other teams' staff by name."""
    lead = cast.team_lead
    lead.team = None
    lead.save(update_fields=["team"])
    client.force_login(lead)
    response = client.get(reverse("outcomes:dashboard"))
    assert response.status_code == 403
    assert "Hele corporatie" not in response.content.decode()
    key = next(iter(BY_KEY))  # any figure
    assert client.get(reverse("outcomes:csv", args=[key])).status_code == 403
