"""The nightly snapshots of the dashboard: the same figures as computing them at request time, on
a seeded association with every app's demo data; one row per request; keyed by what decides what
the figures show (scope, period, day, language)."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from django.urls import reverse
from django.utils import translation

from verbinding.accounts.models import Team
from verbinding.demo.seed import seed
from verbinding.outcomes import snapshots
from verbinding.outcomes.figure import figure_from_data, figure_to_data
from verbinding.outcomes.models import Snapshot
from verbinding.outcomes.scope import Scope, default_start

TODAY = dt.date(2026, 12, 2)
pytestmark = [pytest.mark.django_db, pytest.mark.today(TODAY)]


@pytest.fixture
def association():
    return seed(households=300, months=24, seed_value=2026, today=TODAY, verbose=False)


def _without_chart_ids(figures: list[dict]) -> list[dict]:
    """pygal gives every chart a random element id; everything else must be equal."""
    return json.loads(re.sub(r"chart-[0-9a-f-]{36}", "chart-ID", json.dumps(figures)))


def _live(scope: Scope, language: str) -> list[dict]:
    with translation.override(language):
        return [figure_to_data(f) for f in snapshots.compute(scope)]


def test_a_snapshot_holds_the_same_figures_as_computing_them_now(association):
    made = snapshots.refresh_snapshots(today=TODAY)
    teams = list(Team.objects.order_by("id").values_list("id", flat=True))
    assert teams and made == 2 * (1 + len(teams))  # association and each team, nl and en
    start = default_start(TODAY)
    for team_id in [None, *teams]:
        scope = Scope(start=start, end=TODAY, team_id=team_id)
        for language in ("nl", "en"):
            with translation.override(language):
                stored = snapshots.find(scope)
            assert stored is not None
            assert _without_chart_ids(stored.figures) == _without_chart_ids(_live(scope, language))
    # the data behind it is not empty: the comparison compares something
    whole = Scope(start=start, end=TODAY)
    with translation.override("nl"):
        figures = {f.key: f for f in snapshots.dashboard(whole)[0]}
    assert figures["arrears_now"].headline[0][1] > 0
    assert figures["personal_share"].headline[0][1] > 0
    assert figures["arrears_trend"].rows and figures["arrears_trend"].chart


def test_a_figure_survives_the_round_trip_through_json(association):
    scope = Scope(start=default_start(TODAY), end=TODAY)
    with translation.override("nl"):
        for figure in snapshots.compute(scope):
            again = figure_from_data(figure_to_data(figure))
            assert _without_chart_ids([figure_to_data(again)]) == _without_chart_ids(
                [figure_to_data(figure)]
            )
            assert again.rows == [list(r) for r in figure.rows]
            assert str(again.title) == str(figure.title)


def test_only_the_exact_scope_period_day_and_language_are_read(association):
    snapshots.refresh_snapshots(today=TODAY)
    start = default_start(TODAY)
    with translation.override("nl"):
        assert snapshots.find(Scope(start=start, end=TODAY)) is not None
        assert snapshots.find(Scope(start=start + dt.timedelta(days=1), end=TODAY)) is None
        hood = Scope(start=start, end=TODAY, neighbourhood_id=1)
        assert snapshots.find(hood) is None
        tomorrow = TODAY + dt.timedelta(days=1)
        assert snapshots.find(Scope(start=start, end=TODAY, today=tomorrow)) is None
    with translation.override("en"):
        english = snapshots.find(Scope(start=start, end=TODAY))
    assert english is not None and english.key.endswith("lang=en")
    team = Team.objects.order_by("id").first()
    with translation.override("nl"):
        team_snapshot = snapshots.find(Scope(start=start, end=TODAY, team_id=team.id))
        whole = snapshots.find(Scope(start=start, end=TODAY))
    assert team_snapshot is not None and whole is not None
    assert team_snapshot.figures != whole.figures  # a team's snapshot is the team's figures


def test_the_dashboard_reads_the_snapshot_and_says_when_it_was_made(
    client, association, django_assert_num_queries
):
    from verbinding.accounts.models import User
    from verbinding.accounts.roles import Role

    snapshots.refresh_snapshots(today=TODAY)
    manager = User.objects.filter(role=Role.MANAGER).first()
    client.force_login(manager)
    client.get(reverse("outcomes:dashboard"))  # warm-up: session, policy caches
    # session, user, the snapshot, teams and neighbourhoods for the form: no figure is computed
    with django_assert_num_queries(5):
        page = client.get(reverse("outcomes:dashboard"))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Cijfers van " in html and "elke nacht berekend" in html
    assert "fresh=1" in html
    assert 'id="arrears_now"' in html and "<svg" in html
    # computed now on request: more queries, and the page says so
    fresh = client.get(reverse("outcomes:dashboard") + "?fresh=1").content.decode()
    assert "zojuist uit de gegevens berekend" in fresh
    # the page and the CSV are read from the snapshot: a number changed in it shows in both
    stored = Snapshot.objects.get(
        key=snapshots.snapshot_key(Scope(default_start(TODAY), TODAY), "nl")
    )
    stored.figures[0]["rows"][0][1] = 987654
    stored.save()
    assert "987.654" in client.get(reverse("outcomes:dashboard")).content.decode()
    csv = client.get(reverse("outcomes:csv", args=["arrears_now"])).content.decode("utf-8")
    assert ";987654;" in csv
    fresh_csv = client.get(reverse("outcomes:csv", args=["arrears_now"]) + "?fresh=1")
    assert ";987654;" not in fresh_csv.content.decode("utf-8")


def test_without_a_snapshot_for_today_the_figures_are_computed(client, association):
    from verbinding.accounts.models import User
    from verbinding.accounts.roles import Role

    snapshots.refresh_snapshots(today=TODAY - dt.timedelta(days=1))  # last night's run failed
    client.force_login(User.objects.filter(role=Role.MANAGER).first())
    html = client.get(reverse("outcomes:dashboard")).content.decode()
    assert "zojuist uit de gegevens berekend" in html


def test_the_nightly_refresh_command_makes_the_snapshots(association):
    import io

    from django.core.management import call_command

    out = io.StringIO()
    call_command("outcomes_refresh", stdout=out)
    teams = Team.objects.count()
    assert Snapshot.objects.filter(as_of=TODAY).count() == 2 * (1 + teams)
    assert "dashboard snapshots" in out.getvalue()
    # as on another day (a benchmark seeded for a date): that day's snapshots replace them
    call_command("outcomes_refresh", "--today", "2026-11-30", stdout=out)
    assert set(Snapshot.objects.values_list("as_of", flat=True)) == {dt.date(2026, 11, 30)}
