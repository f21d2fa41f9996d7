"""Issue 15, the advisor's day: pick households from the worklist for a round in walking order,
'visit with two' marked, one tap for 'not at home' (a failed attempt recorded once), cards."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from verbinding import clock
from verbinding.audit.models import AuditEvent
from verbinding.contacts.models import ContactMoment
from verbinding.dayplan import services
from verbinding.dayplan.models import PlannedVisit
from verbinding.testing import factories as f

pytestmark = pytest.mark.django_db


def at(household, postcode: str, number: int) -> None:
    unit = household.tenancies.get().unit
    unit.postcode, unit.house_number, unit.street = postcode, number, "Dorpsstraat"
    unit.save()


@pytest.fixture
def five(cast):
    homes = [cast.north_household] + [
        f.household_in(cast.north, name=f"Huishouden {n}") for n in ("B", "C", "D", "E")
    ]
    for home, (postcode, number) in zip(
        homes,
        [("1234AB", 20), ("1234AA", 5), ("1234AB", 3), ("1233ZZ", 9), ("1234AA", 1)],
        strict=True,
    ):
        at(home, postcode, number)
    f.SafetyFlagFactory(
        household=homes[2], kind="AGR", detail="BEZ", start_date=dt.date(2025, 1, 1)
    )
    return homes


def test_a_round_of_five_households_goes_in_walking_order_and_marks_visit_with_two(
    client, cast, five
):
    client.force_login(cast.advisor)
    response = client.post(
        reverse("dayplan:today"), {"household": [h.id for h in five]}, follow=True
    )
    assert response.status_code == 200
    stops = response.context["stops"]
    assert [s.postcode for s in stops] == ["1233 ZZ", "1234 AA", "1234 AA", "1234 AB", "1234 AB"]
    assert [s.visit.household_id for s in stops][3] == five[2].id  # 1234AB 3 before 1234AB 20
    assert [s.with_two for s in stops] == [False, False, False, True, False]
    assert "Bezoek met twee" in response.text
    assert AuditEvent.objects.filter(object_type="dayplan.dayplan", action="view").exists()


def test_households_out_of_reach_cannot_be_planned(cast, five):
    with pytest.raises(services.DayPlanError):
        services.day_plan_set(
            actor=cast.advisor,
            day=clock.today(),
            household_ids=[five[0].id, cast.south_household.id],
            today=clock.today(),
        )
    assert not PlannedVisit.objects.exists()


def test_not_at_home_is_one_tap_and_recorded_once(client, cast, five):
    plan = services.day_plan_set(
        actor=cast.advisor, day=clock.today(), household_ids=[five[0].id], today=clock.today()
    )
    visit = plan.visits.get()
    client.force_login(cast.advisor)
    url = reverse("dayplan:not_home", args=[visit.id])
    client.post(url)
    client.post(url)  # a double tap
    contacts = ContactMoment.objects.filter(household=five[0])
    assert contacts.count() == 1 and contacts.get().outcome == "card_left"
    visit.refresh_from_db()
    assert visit.outcome == "not_home"
    # Replanning keeps what happened; a colleague cannot tap on someone else's round.
    services.day_plan_set(
        actor=cast.advisor, day=clock.today(), household_ids=[five[1].id], today=clock.today()
    )
    assert set(plan.visits.values_list("household_id", flat=True)) == {five[0].id, five[1].id}
    client.force_login(cast.colleague)
    assert client.post(url).status_code == 404


def test_the_cards_carry_the_advisors_phone_and_nothing_about_the_tenant(client, cast, five):
    cast.advisor.phone = "06 12 34 56 78"
    cast.advisor.save()
    services.day_plan_set(
        actor=cast.advisor,
        day=clock.today(),
        household_ids=[h.id for h in five[:2]],
        today=clock.today(),
    )
    client.force_login(cast.advisor)
    text = client.get(reverse("dayplan:cards")).text
    assert text.count('data-testid="card"') == 2
    assert "06 12 34 56 78" in text
    assert five[0].name not in text and "Dorpsstraat" not in text


def test_a_round_cannot_be_planned_in_the_past(cast, five):
    with pytest.raises(services.DayPlanError):
        services.day_plan_set(
            actor=cast.advisor,
            day=clock.today() - dt.timedelta(days=1),
            household_ids=[five[0].id],
            today=clock.today(),
        )
