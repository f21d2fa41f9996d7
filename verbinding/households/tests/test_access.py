"""Access by neighbourhood, for every household page and every role."""

from __future__ import annotations

import pytest
from django.urls import reverse

from verbinding.audit.models import AuditEvent
from verbinding.cases.services import case_open
from verbinding.households.selectors import households_for

pytestmark = pytest.mark.django_db

HOUSEHOLD_GET_PAGES = ["households:detail"]
HOUSEHOLD_POST_PAGES = ["households:contact", "households:flag_add"]


def test_an_advisor_sees_only_the_households_of_their_neighbourhoods(cast):
    assert list(households_for(user=cast.advisor)) == [cast.north_household]
    assert list(households_for(user=cast.other_advisor)) == [cast.south_household]


def test_a_colleague_in_the_same_neighbourhood_sees_the_same_households(cast):
    assert list(households_for(user=cast.colleague)) == [cast.north_household]


def test_a_team_lead_sees_the_households_of_the_team(cast):
    assert list(households_for(user=cast.team_lead)) == [cast.north_household]


def test_managers_and_privacy_officers_see_no_household_files(cast):
    assert not households_for(user=cast.manager).exists()
    assert not households_for(user=cast.privacy_officer).exists()


def test_an_advisor_also_sees_the_households_of_cases_assigned_to_them(cast):
    case_open(
        household=cast.south_household, detail="HUA", handler=cast.advisor, actor=cast.team_lead
    )
    assert set(households_for(user=cast.advisor)) == {cast.north_household, cast.south_household}
    # ...and so does their team lead, but not the colleague.
    assert cast.south_household in households_for(user=cast.team_lead)
    assert cast.south_household not in households_for(user=cast.colleague)


@pytest.mark.parametrize("page", HOUSEHOLD_GET_PAGES)
def test_the_advisor_opens_a_household_in_reach(client, cast, page):
    client.force_login(cast.advisor)
    response = client.get(reverse(page, args=[cast.north_household.id]))
    assert response.status_code == 200
    assert "Huishouden Jansen" in response.text


@pytest.mark.parametrize("page", HOUSEHOLD_GET_PAGES)
@pytest.mark.parametrize("who", ["advisor", "colleague", "team_lead"])
def test_a_household_outside_reach_is_not_found(client, cast, page, who):
    client.force_login(getattr(cast, who))
    response = client.get(reverse(page, args=[cast.south_household.id]))
    assert response.status_code == 404
    assert "El Amrani" not in response.text


@pytest.mark.parametrize("page", [*HOUSEHOLD_GET_PAGES, "households:list"])
@pytest.mark.parametrize("who", ["manager", "privacy_officer"])
def test_managers_and_privacy_officers_are_refused_household_pages(client, cast, page, who):
    client.force_login(getattr(cast, who))
    args = [] if page == "households:list" else [cast.north_household.id]
    response = client.get(reverse(page, args=args))
    assert response.status_code == 403
    assert "Jansen" not in response.text


@pytest.mark.parametrize("page", HOUSEHOLD_POST_PAGES)
def test_changes_to_a_household_outside_reach_are_refused(client, cast, page):
    client.force_login(cast.advisor)
    response = client.post(
        reverse(page, args=[cast.south_household.id]),
        {"preferred_channel": "TEL", "contact_notes": "x", "detail": "BEZ"},
    )
    assert response.status_code == 404
    cast.south_household.refresh_from_db()
    assert cast.south_household.preferred_channel == ""
    assert not cast.south_household.flags.exists()


def test_anonymous_visitors_are_sent_to_login(client, cast):
    response = client.get(reverse("households:detail", args=[cast.north_household.id]))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_the_household_list_shows_only_households_in_reach(client, cast):
    client.force_login(cast.advisor)
    response = client.get(reverse("households:list"))
    assert response.status_code == 200
    assert "Huishouden Jansen" in response.text
    assert "El Amrani" not in response.text


def test_the_household_list_can_be_searched(client, cast):
    client.force_login(cast.advisor)
    assert "Huishouden Jansen" in client.get(reverse("households:list"), {"q": "jansen"}).text
    assert (
        "Huishouden Jansen" not in client.get(reverse("households:list"), {"q": "pietersen"}).text
    )


def test_a_household_reached_several_ways_is_listed_once(client, cast):
    """Two tenancies in the area (a move within the neighbourhood) and an open case: one row,
    counted once, with and without the neighbourhood filter."""
    import datetime as dt

    from verbinding import clock
    from verbinding.testing import factories as f

    f.TenancyFactory(
        household=cast.north_household,
        unit=f.UnitFactory(neighbourhood=cast.north),
        start_date=dt.date(2018, 1, 1),
        end_date=clock.today() - dt.timedelta(days=30),
        status="BEE",
    )
    case_open(
        household=cast.north_household, detail="HUA", handler=cast.advisor, actor=cast.team_lead
    )
    client.force_login(cast.advisor)
    for params in ({}, {"neighbourhood": cast.north.id}, {"q": "jansen"}):
        page = client.get(reverse("households:list"), params).context["page"]
        assert [h.id for h in page] == [cast.north_household.id], params
        assert page.paginator.count == 1, params


def test_viewing_a_household_is_audited(client, cast):
    client.force_login(cast.advisor)
    client.get(reverse("households:detail", args=[cast.north_household.id]))
    event = AuditEvent.objects.get(action="view", household_id=cast.north_household.id)
    assert event.actor == cast.advisor
    assert event.object_type == "households.household"


def test_a_refused_view_is_not_recorded_as_a_view(client, cast):
    client.force_login(cast.advisor)
    client.get(reverse("households:detail", args=[cast.south_household.id]))
    assert not AuditEvent.objects.filter(
        action="view", household_id=cast.south_household.id
    ).exists()


@pytest.mark.parametrize(
    ("who", "page", "status"),
    [
        ("advisor", "home", 200),
        ("team_lead", "home", 200),
        ("manager", "home", 302),  # the manager lands on the outcomes (issue 12)
        ("privacy_officer", "home", 200),
        ("advisor", "audit:list", 403),
        ("team_lead", "audit:list", 403),
        ("manager", "audit:list", 403),
        ("privacy_officer", "audit:list", 200),
        ("advisor", "password_change", 200),
    ],
)
def test_every_page_by_role(client, cast, who, page, status):
    client.force_login(getattr(cast, who))
    assert client.get(reverse(page)).status_code == status


def test_the_manager_start_page_shows_figures_but_no_names(client, cast):
    client.force_login(cast.manager)
    response = client.get(reverse("home"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("outcomes:dashboard")
    assert response.status_code == 200
    assert "Jansen" not in response.text
    assert "El Amrani" not in response.text
