"""One named advisor per household: the team lead assigns and covers absences (audited), sees the
caseload per advisor; the team's worklist names the household's own advisor."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from verbinding import clock
from verbinding.arrears.services import recompute
from verbinding.audit.models import AuditEvent
from verbinding.households import ownership
from verbinding.households.models import OwnerChange
from verbinding.worklist.tests.test_worklist import months_unpaid

pytestmark = pytest.mark.django_db
DAY = dt.timedelta(days=1)


def test_the_team_lead_gives_a_household_to_one_advisor_audited(client, cast):
    household = cast.north_household
    client.force_login(cast.team_lead)
    url = reverse("households:owner", args=[household.id])
    response = client.post(url, {"advisor": cast.colleague.id, "note": "Kent de familie"})
    assert response.status_code == 302
    household.refresh_from_db()
    assert household.owner == cast.colleague
    change = OwnerChange.objects.get(household=household)
    assert (change.previous_id, change.owner_id, change.by_id) == (
        None,
        cast.colleague.id,
        cast.team_lead.id,
    )
    assert AuditEvent.objects.filter(
        summary="advisor of household", household_id=household.id
    ).exists()
    page = client.get(reverse("households:detail", args=[household.id])).text
    assert 'data-testid="owner"' in page and str(cast.colleague) in page


def test_only_the_team_lead_assigns_and_only_to_their_own_team(client, cast):
    household = cast.north_household
    client.force_login(cast.advisor)
    url = reverse("households:owner", args=[household.id])
    assert client.post(url, {"advisor": cast.advisor.id}).status_code == 403
    with pytest.raises(ownership.OwnershipError):
        ownership.owner_assign(
            household=household, advisor=cast.other_advisor, actor=cast.team_lead
        )
    household.refresh_from_db()
    assert household.owner is None


def test_an_absence_is_covered_with_a_handover_note_and_comes_back_after(client, cast):
    household = cast.north_household
    ownership.owner_assign(household=household, advisor=cast.advisor, actor=cast.team_lead)
    today = clock.today()
    client.force_login(cast.team_lead)
    response = client.post(
        reverse("households:team"),
        {
            "absent": cast.advisor.id,
            "substitute": cast.colleague.id,
            "starts_on": today.isoformat(),
            "ends_on": (today + 13 * DAY).isoformat(),
            "note": "Familie Jansen: huisbezoek gepland op dinsdag.",
        },
    )
    assert response.status_code == 302
    assert AuditEvent.objects.filter(summary="absence covered").exists()
    household.refresh_from_db()
    now = ownership.current_owner(household, today)
    assert now is not None and now.owner == cast.advisor and now.today == cast.colleague
    later = ownership.current_owner(household, today + 14 * DAY)
    assert later is not None and later.today == cast.advisor and not later.covered
    page = client.get(reverse("households:team")).text
    assert "huisbezoek gepland op dinsdag" in page
    loads = {load.advisor: load for load in ownership.caseload(team_lead=cast.team_lead, day=today)}
    assert loads[cast.advisor].owned == 1 and loads[cast.advisor].away_until == today + 13 * DAY
    assert loads[cast.colleague].covering == 1


def test_a_handover_needs_a_note_and_a_colleague(client, cast):
    today = clock.today()
    client.force_login(cast.team_lead)
    response = client.post(
        reverse("households:team"),
        {
            "absent": cast.advisor.id,
            "substitute": cast.advisor.id,
            "starts_on": today.isoformat(),
            "ends_on": today.isoformat(),
            "note": "",
        },
    )
    assert response.status_code == 200
    assert "Kies een collega" in response.text
    with pytest.raises(ownership.OwnershipError):
        ownership.cover_start(
            absent=cast.advisor, substitute=cast.colleague, starts_on=today, ends_on=today,
            note=" ", actor=cast.team_lead,
        )  # fmt: skip


def test_the_teams_worklist_names_the_households_own_advisor(client, cast):
    today = clock.today()
    household = cast.north_household
    months_unpaid(household, 2, today=today)
    recompute(today=today)
    ownership.owner_assign(household=household, advisor=cast.colleague, actor=cast.team_lead)
    client.force_login(cast.team_lead)
    response = client.get(reverse("worklist:index"))
    row = next(r for r in response.context["page"] if r.household_id == household.id)
    assert row.advisors == [str(cast.colleague)]  # not every advisor of the neighbourhood


def test_the_caseload_page_is_for_team_leads(client, cast):
    client.force_login(cast.advisor)
    assert client.get(reverse("households:team")).status_code == 403
    client.force_login(cast.team_lead)
    assert 'data-testid="caseload"' in client.get(reverse("households:team")).text


def test_the_household_page_names_the_substitute_of_the_latest_running_cover(client, cast):
    """``current_owner`` reads the cover on its own (issue 16): the same answer as
    ``covers_on``, the latest cover wins; no cover, no read of a substitute."""
    from verbinding.households.models import Cover
    from verbinding.testing import factories as f

    household = cast.north_household
    ownership.owner_assign(household=household, advisor=cast.advisor, actor=cast.team_lead)
    household.refresh_from_db()
    today = clock.today()
    other = f.UserFactory(first_name="Vera", last_name="Vervanger", team=cast.advisor.team)
    for substitute, start in ((cast.colleague, today - 5 * DAY), (other, today - 2 * DAY)):
        Cover.objects.create(
            absent=cast.advisor,
            substitute=substitute,
            starts_on=start,
            ends_on=today + 5 * DAY,
            note="overdracht",
            created_by=cast.team_lead,
        )
    now = ownership.current_owner(household, today)
    assert now is not None and now.today == other and now.covered
    assert ownership.covers_on(today, advisor_ids=[cast.advisor.pk])[cast.advisor.pk] == other
    earlier = ownership.current_owner(household, today - 3 * DAY)
    assert earlier is not None and earlier.today == cast.colleague
    client.force_login(cast.advisor)
    page = client.get(reverse("households:detail", args=[household.id])).text
    assert "Vera Vervanger" in page
