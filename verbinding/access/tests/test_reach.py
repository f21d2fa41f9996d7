"""The one access rule (verbinding.access.selectors): when access by case, by area and by a moved
tenancy ends. AVG art. 5(1)(c) (data minimisation) and art. 32 (access on a need-to-know basis)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from verbinding import clock
from verbinding.access import selectors as access
from verbinding.cases.services import case_change_status, case_open
from verbinding.households.models import Tenancy
from verbinding.testing import factories as f


def _sees(user, household) -> bool:
    by_list = access.reach(user).filter(id=household.id).exists()
    by_one = access.can_see(user, household.id)
    assert by_list == by_one == (household.id in access.reach_ids(user))
    # the compiled form of the check gives the same answer, and the household as the ORM reads it
    found = access.household_if_reachable(user, household.id)
    expected = access.one(user, household.id).first()
    assert (found is not None) == by_one == (expected is not None)
    if found is not None:
        fields = [field.attname for field in type(found)._meta.concrete_fields]
        assert [getattr(found, n) for n in fields] == [getattr(expected, n) for n in fields]
        # the relations asked for are read with it, and no others
        assert not found._state.fields_cache
        with_owner = access.household_if_reachable(user, household.id, related=("owner",))
        assert with_owner is not None and set(with_owner._state.fields_cache) == {"owner"}
    return by_one


def test_case_access_lasts_while_the_case_is_open_and_the_user_handles_it(cast):
    case = case_open(
        household=cast.south_household, detail="HUA", handler=cast.advisor, actor=cast.advisor
    )
    assert _sees(cast.advisor, cast.south_household)
    case_change_status(case=case, status="GEA", actor=cast.advisor)
    assert not _sees(cast.advisor, cast.south_household)


def test_a_case_handed_to_someone_else_no_longer_gives_access(cast):
    case = case_open(
        household=cast.south_household, detail="HUA", handler=cast.advisor, actor=cast.advisor
    )
    case.handler = cast.other_advisor
    case.save(update_fields=["handler"])
    assert not _sees(cast.advisor, cast.south_household)


def test_a_team_lead_sees_the_teams_open_cases_but_not_members_closed_ones(cast):
    open_case = case_open(
        household=cast.south_household, detail="HUA", handler=cast.colleague, actor=cast.colleague
    )
    assert _sees(cast.team_lead, cast.south_household)
    case_change_status(case=open_case, status="GEA", actor=cast.colleague)
    assert not _sees(cast.team_lead, cast.south_household)
    assert _sees(cast.team_lead, cast.north_household)


def test_an_advisor_who_moves_team_loses_the_old_area(cast):
    assert _sees(cast.advisor, cast.north_household)
    cast.advisor.team = cast.south_team
    cast.advisor.save(update_fields=["team"])
    # Still assigned to north in the admin, but north is not the new team's area.
    assert not _sees(cast.advisor, cast.north_household)
    assert list(access.neighbourhoods(cast.advisor)) == []


def test_a_team_lead_who_moves_team_loses_the_old_teams_cases(cast):
    case_open(
        household=cast.south_household, detail="HUA", handler=cast.colleague, actor=cast.colleague
    )
    cast.team_lead.team = cast.south_team
    cast.team_lead.save(update_fields=["team"])
    assert not _sees(cast.team_lead, cast.north_household)
    assert _sees(cast.team_lead, cast.south_household)  # now by area
    cast.team_lead.team = None
    cast.team_lead.save(update_fields=["team"])
    assert not _sees(cast.team_lead, cast.south_household)


@pytest.mark.parametrize(
    ("months_ago", "reachable"), [(0, True), (5, True), (6, True), (7, False), (24, False)]
)
def test_a_household_that_moved_out_stays_reachable_six_months_after_the_tenancy_ended(
    cast, months_ago, reachable
):
    ended = access.months_before(clock.today(), months_ago)
    if months_ago == 6:
        ended = ended + dt.timedelta(days=1)
    elif months_ago == 7:
        ended = access.months_before(clock.today(), 6) - dt.timedelta(days=1)
    Tenancy.objects.filter(household=cast.north_household).update(end_date=ended, status="BEE")
    assert _sees(cast.advisor, cast.north_household) is reachable


def test_the_period_after_a_tenancy_ended_is_configurable(cast, settings):
    ended = access.months_before(clock.today(), 3)
    Tenancy.objects.filter(household=cast.north_household).update(end_date=ended)
    assert _sees(cast.advisor, cast.north_household)
    settings.VERBINDING_REACH_AFTER_TENANCY_END_MONTHS = 2
    assert not _sees(cast.advisor, cast.north_household)


def test_a_household_that_moved_within_the_area_stays_reachable(cast):
    Tenancy.objects.filter(household=cast.north_household).update(
        end_date=access.months_before(clock.today(), 24)
    )
    f.TenancyFactory(household=cast.north_household, unit=f.UnitFactory(neighbourhood=cast.north))
    assert _sees(cast.advisor, cast.north_household)


def test_managers_privacy_officers_and_inactive_staff_open_no_household(cast):
    for user in (cast.manager, cast.privacy_officer):
        assert not _sees(user, cast.north_household)
    cast.advisor.is_active = False
    cast.advisor.save(update_fields=["is_active"])
    assert not _sees(cast.advisor, cast.north_household)


def test_the_check_for_one_household_is_one_query(cast, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert access.can_see(cast.advisor, cast.north_household.id)
    with django_assert_num_queries(1):
        assert not access.can_see(cast.advisor, cast.south_household.id)
    assert not access.can_see(cast.advisor, "abc")
    assert not access.can_see(cast.advisor, 2**70)  # no OverflowError from the database
    for odd in ("abc", None, 0, -1, 2**63, 2**70):
        assert access.household_if_reachable(cast.advisor, odd) is None


def test_the_household_page_checks_access_once(client, cast, django_assert_max_num_queries):
    """The page used to re-apply the whole rule five times (issue 16); now the household loaded
    through the check is trusted by the plan, contact, network and case selectors."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(cast.advisor)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("households:detail", args=[cast.north_household.id]))
    assert response.status_code == 200
    access_queries = [q for q in ctx.captured_queries if "access_accessgrant" in q["sql"]]
    assert len(access_queries) == 1


@pytest.mark.parametrize("months_ago", [0, 1, 2, 6, 11])
def test_months_before_keeps_the_day_or_takes_the_last_of_a_short_month(months_ago):
    day = dt.date(2026, 3, 31)
    result = access.months_before(day, months_ago)
    assert result <= day
    assert (day.year * 12 + day.month) - (result.year * 12 + result.month) == months_ago
    assert access.months_before(dt.date(2028, 5, 31), 3) == dt.date(2028, 2, 29)
