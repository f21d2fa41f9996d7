"""The worklist: ordering, grouping, access, the team lead's view, Dutch text, query count."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from verbinding import clock
from verbinding.arrears.services import recompute
from verbinding.contacts.models import ContactMoment
from verbinding.testing import factories as f
from verbinding.worklist import selectors
from verbinding.worklist.sources import WorkItem, registered_sources


def months_unpaid(household, unpaid: int, *, today: dt.date, storno: bool = False) -> None:
    """Six months of rent charged on the 1st; all paid on the 3rd except the last ``unpaid``.

    The last month charged is the one of ten days ago, so every unpaid month is past its grace
    days whatever day of the month ``today`` is (on the 1st to the 10th: up to last month)."""
    tenancy = household.tenancies.get()
    month = (today - dt.timedelta(days=10)).replace(day=1)
    starts = []
    for _ in range(6):
        starts.append(month)
        month = (month - dt.timedelta(days=1)).replace(day=1)
    starts.reverse()
    for i, start in enumerate(starts):
        f.LedgerEntryFactory(tenancy=tenancy, booked_on=start, amount_cents=tenancy.rent_cents)
        if i < len(starts) - unpaid:
            f.LedgerEntryFactory(
                tenancy=tenancy,
                booked_on=start + dt.timedelta(days=2),
                kind="payment",
                method="INC",
                amount_cents=-tenancy.rent_cents,
            )
    if storno:
        f.LedgerEntryFactory(
            tenancy=tenancy,
            booked_on=today - dt.timedelta(days=3),
            kind="payment",
            method="INC",
            amount_cents=-tenancy.rent_cents,
        )
        f.LedgerEntryFactory(
            tenancy=tenancy,
            booked_on=today - dt.timedelta(days=1),
            kind="reversal",
            detail="STO",
            return_reason="AM04",
            amount_cents=tenancy.rent_cents,
        )


def contact(household, author, *, days_ago: int, channel: str = "BEZ", follow_up=None):
    return ContactMoment.objects.create(
        household=household,
        author=author,
        occurred_at=clock.now() - dt.timedelta(days=days_ago),
        channel=channel,
        outcome="spoke",
        note="Vertrouwelijke notitie over de situatie",
        follow_up_on=follow_up,
    )


@pytest.fixture
def today():
    return clock.today()


@pytest.fixture
def north(cast, today):
    """Three north households: 3 months unpaid, 2 months unpaid, 1 month unpaid + a storno."""
    court = cast.north_household
    visit = f.household_in(cast.north, name="Huishouden Bakker")
    storno = f.household_in(cast.north, name="Huishouden Cohen")
    months_unpaid(court, 3, today=today)
    months_unpaid(visit, 2, today=today)
    months_unpaid(storno, 1, today=today, storno=True)
    months_unpaid(cast.south_household, 3, today=today)
    recompute(today=today)
    return court, visit, storno


def test_the_most_urgent_household_comes_first(cast, north, today):
    court, visit, storno = north
    worklist = selectors.worklist_for(user=cast.advisor, today=today, recent_days=30)
    assert [r.household_id for r in worklist.rows] == [court.id, visit.id, storno.id]
    assert worklist.rows[0].top.kind == "arrears_3m"
    assert worklist.rows[1].top.kind == "arrears_2m"


def test_several_items_for_one_household_are_one_row_most_urgent_first(cast, north, today):
    *_, storno = north
    worklist = selectors.worklist_for(user=cast.advisor, today=today, recent_days=30)
    row = next(r for r in worklist.rows if r.household_id == storno.id)
    kinds = [i.kind for i in row.items]
    assert kinds[0] == "storno"
    assert "arrears_1m" in kinds
    assert [i.rank for i in row.items] == sorted(i.rank for i in row.items)


def test_without_recent_personal_contact_goes_first_within_a_rank(cast, today):
    seen = f.household_in(cast.north, name="Huishouden Gezien")
    unseen = f.household_in(cast.north, name="Huishouden Ongezien")
    for h in (seen, unseen):
        months_unpaid(h, 2, today=today)
    # a phone call is personal contact, but not the home visit two months ask for (which would
    # take the item off the list: test_resolution.py)
    contact(seen, cast.advisor, days_ago=5, channel="TEL")
    contact(unseen, cast.advisor, days_ago=5, channel="EMA")  # digital: not personal
    recompute(today=today)
    rows = selectors.worklist_for(user=cast.advisor, today=today, recent_days=30).rows
    assert [r.household_id for r in rows] == [unseen.id, seen.id]
    assert rows[0].recent_personal is False
    assert rows[1].recent_personal is True


def test_an_advisor_only_sees_households_in_their_own_neighbourhoods(client, cast, north):
    client.force_login(cast.advisor)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    shown = {
        int(x)
        for x in response.context["page"].object_list
        and [r.household_id for r in response.context["page"].object_list]
    }
    assert cast.south_household.id not in shown
    assert "El Amrani" not in response.text
    client.force_login(cast.other_advisor)
    response = client.get(reverse("worklist:index"))
    assert [r.household_id for r in response.context["page"]] == [cast.south_household.id]


def test_the_page_explains_in_dutch_why_and_what_next(client, cast, north):
    court, *_ = north
    client.force_login(cast.advisor)
    response = client.get(reverse("home"))
    text = response.text
    assert "Wie heeft mij vandaag nodig?" in text
    assert "2 maanden achterstand (€ 1.300)" in text
    assert "geen persoonlijk contact vastgelegd" in text
    assert "Huisbezoek" in text or "huisbezoek" in text
    assert f"/contacts/new/?household={court.id}" in text
    assert reverse("households:detail", args=[court.id]) in text


def test_the_worklist_shows_channel_and_date_of_contacts_but_never_the_note(
    client, cast, north, today
):
    court, *_ = north
    contact(court, cast.advisor, days_ago=40, channel="TEL", follow_up=today + dt.timedelta(days=7))
    client.force_login(cast.advisor)
    text = client.get(reverse("home")).text
    assert "Telefoon" in text
    assert "Vertrouwelijke notitie" not in text
    assert "geen persoonlijk contact sinds" in text
    row = next(r for r in client.get(reverse("home")).context["page"] if r.household_id == court.id)
    assert row.contact.next_planned_on == today + dt.timedelta(days=7)


def test_filter_by_kind_and_neighbourhood(client, cast, north):
    *_, storno = north
    elsewhere = f.NeighbourhoodFactory(name="Elders")
    cast.north_team.neighbourhoods.add(elsewhere)  # an advisor works in their team's area
    cast.advisor.neighbourhoods.add(elsewhere)
    far = f.household_in(elsewhere, name="Huishouden Ver")
    months_unpaid(far, 2, today=clock.today())
    recompute(today=clock.today())
    client.force_login(cast.advisor)
    response = client.get(reverse("worklist:index"), {"kind": "arrears:storno"})
    assert [r.household_id for r in response.context["page"]] == [storno.id]
    response = client.get(reverse("worklist:index"), {"neighbourhood": elsewhere.id})
    assert [r.household_id for r in response.context["page"]] == [far.id]
    response = client.get(reverse("worklist:index"), {"neighbourhood": cast.south.id})
    assert not response.context["form"].is_valid()  # not theirs: a filter cannot widen access
    assert cast.south_household.id not in {r.household_id for r in response.context["page"]}


def test_the_team_lead_sees_the_team_and_who_lacks_recent_contact(client, cast, north):
    court, visit, storno = north
    contact(visit, cast.colleague, days_ago=3, channel="TEL")  # a call: the visit is still due
    client.force_login(cast.team_lead)
    response = client.get(reverse("home"))
    ids = [r.household_id for r in response.context["page"]]
    assert set(ids) == {court.id, visit.id, storno.id}
    assert "Werklijst van het team" in response.text
    assert "Anna de Vries" in response.text  # the advisor of the neighbourhood
    response = client.get(reverse("worklist:index"), {"without_contact": "on", "days": 30})
    assert {r.household_id for r in response.context["page"]} == {court.id, storno.id}
    response = client.get(reverse("worklist:index"), {"advisor": cast.advisor.id})
    assert {r.household_id for r in response.context["page"]} == {court.id, visit.id, storno.id}


def test_a_team_lead_can_filter_by_an_advisor_of_another_team_only_not(client, cast, north):
    client.force_login(cast.team_lead)
    response = client.get(reverse("worklist:index"), {"advisor": cast.other_advisor.id})
    assert response.status_code == 200
    assert not response.context["form"].is_valid()


def test_managers_do_not_get_a_worklist(client, cast, north):
    client.force_login(cast.manager)
    assert client.get(reverse("worklist:index")).status_code == 403


def test_items_for_a_named_person_are_only_theirs(cast):
    item = WorkItem(
        household_id=1, source="x", kind="y", rank=1, reason="r", assignee_id=cast.colleague.id
    )
    assert selectors.visible_to(item, cast.colleague, set())
    assert not selectors.visible_to(item, cast.advisor, set())
    assert selectors.visible_to(item, cast.team_lead, {cast.colleague.id})


def test_the_query_count_does_not_grow_with_the_households(
    client, cast, today, django_assert_max_num_queries
):
    for i in range(60):
        h = f.household_in(cast.north, name=f"Huishouden {i:03d}")
        months_unpaid(h, 1 + i % 3, today=today)
        contact(h, cast.advisor, days_ago=70 + i)  # before the arrears: resolves nothing
    recompute(today=today)
    client.force_login(cast.advisor)
    client.get(reverse("home"))  # warm the session
    with django_assert_max_num_queries(12 + 2 * len(registered_sources())):
        response = client.get(reverse("home"))
    assert len(response.context["page"]) == 50


class FollowUpsForTest:
    """A second source, as other apps write them (plain list of ids, eager strings)."""

    name = "test.follow_up"
    kinds = {"due": "Follow-up due"}

    def __init__(self, household_id: int, assignee_id: int | None = None) -> None:
        self.household_id, self.assignee_id = household_id, assignee_id

    def items(self, *, household_ids, today):
        if self.household_id in list(household_ids):
            yield WorkItem(
                household_id=self.household_id,
                source=self.name,
                kind="due",
                rank=5,
                reason="Terugbelafspraak van vandaag",
                suggestion="Bel terug",
                since=today,
                assignee_id=self.assignee_id,
            )


def test_items_from_several_sources_for_one_household_are_one_row(
    client, cast, north, today, monkeypatch
):
    *_, storno = north
    arrears = [s for s in registered_sources() if s.name == "arrears"]
    monkeypatch.setattr(
        selectors, "registered_sources", lambda: (*arrears, FollowUpsForTest(storno.id))
    )
    rows = selectors.worklist_for(user=cast.advisor, today=today, recent_days=30).rows
    assert rows[0].household_id == storno.id  # rank 5 beats the court threshold (10)
    assert [i.source for i in rows[0].items][:2] == ["test.follow_up", "arrears"]
    assert len([r for r in rows if r.household_id == storno.id]) == 1
    client.force_login(cast.advisor)
    text = client.get(reverse("home"), {"kind": "test.follow_up:due"}).text
    assert "Terugbelafspraak van vandaag" in text and "Bel terug" in text


def test_an_item_for_a_colleague_is_not_on_my_list(cast, north, today, monkeypatch):
    *_, storno = north
    monkeypatch.setattr(
        selectors,
        "registered_sources",
        lambda: (FollowUpsForTest(storno.id, assignee_id=cast.colleague.id),),
    )
    assert selectors.worklist_for(user=cast.advisor, today=today, recent_days=30).rows == []
    mine = selectors.worklist_for(user=cast.colleague, today=today, recent_days=30).rows
    assert [r.household_id for r in mine] == [storno.id]
    lead = selectors.worklist_for(user=cast.team_lead, today=today, recent_days=30).rows
    assert [r.household_id for r in lead] == [storno.id]


def test_household_ids_go_to_the_database_as_one_parameter(cast):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from verbinding.db.ids import HouseholdIds
    from verbinding.households.models import Household

    ids = HouseholdIds([cast.north_household.id, cast.south_household.id, 10**9])
    with CaptureQueriesContext(connection) as queries:
        found = set(Household.objects.filter(id__in=ids).values_list("id", flat=True))
    assert found == {cast.north_household.id, cast.south_household.id}
    assert queries.captured_queries[0]["sql"].count(str(cast.south_household.id)) <= 1
    assert list(Household.objects.filter(id__in=HouseholdIds([]))) == []
    assert cast.north_household.id in ids and len(ids) == 3  # still a plain list in Python


def test_the_fast_access_ids_are_exactly_the_access_rule(cast, today):
    from verbinding.cases.models import Case
    from verbinding.households.selectors import household_ids_for, households_for

    elsewhere = f.household_in(f.NeighbourhoodFactory(name="Elders"), name="Huishouden Zaak")
    Case.objects.create(
        household=elsewhere, kind="SOC", detail="RUZ", handler=cast.colleague, opened_on=today
    )
    for user in (cast.advisor, cast.colleague, cast.other_advisor, cast.team_lead, cast.manager):
        expected = set(households_for(user=user).values_list("id", flat=True))
        assert household_ids_for(user=user) == expected
    assert elsewhere.id in household_ids_for(user=cast.colleague)
    assert elsewhere.id in household_ids_for(user=cast.team_lead)
    assert elsewhere.id not in household_ids_for(user=cast.advisor)


# The worklist's queries, pinned (issue 16): session, user, neighbourhoods (form), policy, the
# household ids, the sources (7 queries: arrangements takes two), one contact
# aggregate (resolution and rows), what was done (arrangements, letters), the page's households
# (with their owner) and addresses. A team lead adds the team (read once for the filter and the
# named items), the neighbourhoods' advisors, the owners and their covers.
# Before this work (main at 4fefd00): 19 and 25; 18 and 22 before the nuisance source's two
# queries became one (4 Dec).
ADVISOR_WORKLIST_QUERIES = 17
TEAM_LEAD_WORKLIST_QUERIES = 21


@pytest.mark.parametrize(
    ("who", "expected"),
    [("advisor", ADVISOR_WORKLIST_QUERIES), ("team_lead", TEAM_LEAD_WORKLIST_QUERIES)],
)
def test_the_query_count_is_pinned(client, cast, today, who, expected, django_assert_num_queries):
    for i in range(60):
        h = f.household_in(cast.north, name=f"Huishouden {i:03d}")
        months_unpaid(h, 1 + i % 3, today=today)
        contact(h, cast.advisor, days_ago=70 + i)
        if i % 2:
            h.owner = cast.advisor
            h.save(update_fields=["owner"])
    recompute(today=today)
    client.force_login(getattr(cast, who))
    client.get(reverse("home"))  # warm the session
    with django_assert_num_queries(expected):
        response = client.get(reverse("home"))
    assert len(response.context["page"]) == 50
