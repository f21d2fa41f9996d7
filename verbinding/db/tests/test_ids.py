from __future__ import annotations

import pytest

from verbinding.db.ids import HouseholdIds, InArrayOf, OneOf, _joined
from verbinding.households.models import Household, Tenancy, Unit


def test_the_ids_are_joined_once_for_every_source_and_again_when_the_list_changes():
    ids = HouseholdIds([3, 1, 2])
    assert _joined(ids) == "3,1,2"
    first = ids.joined
    assert _joined(ids) == "3,1,2" and ids.joined is first  # reused, not joined again
    ids.append(7)
    assert _joined(ids) == "3,1,2,7"
    assert _joined([5, "6"]) == "5,6"  # a plain list: ints only, joined each time


@pytest.mark.django_db
def test_one_of_selects_what_in_selects_also_through_a_join_and_for_no_ids(cast):
    households = list(Household.objects.order_by("id").values_list("id", flat=True))
    some = households[1:3]
    for ids in ([], households[:1], some + some, [*households, -5]):
        forms = (
            (list, {}),
            (HouseholdIds, {}),
            (HouseholdIds, {"estimate": False}),
            (HouseholdIds, {"semi_join": True}),
        )
        for as_given, form in forms:
            expected = set(
                Tenancy.objects.filter(household_id__in=list(ids)).values_list("id", flat=True)
            )
            got = set(
                Tenancy.objects.filter(OneOf("household_id", as_given(ids), **form)).values_list(
                    "id", flat=True
                )
            )
            assert got == expected
            joined = set(  # a related model's field, as the sources ask (plan__household_id)
                Unit.objects.filter(
                    OneOf("tenancies__household_id", as_given(ids), **form)
                ).values_list("id", flat=True)
            )
            assert joined == set(
                Unit.objects.filter(tenancies__household_id__in=list(ids)).values_list(
                    "id", flat=True
                )
            )
    assert Tenancy.objects.filter(OneOf("household_id", households)).exists()


@pytest.mark.django_db
def test_one_of_without_estimate_hides_the_ids_from_the_planner_on_postgresql(cast):
    from django.db import connection

    ids = HouseholdIds([cast.north_household.id])
    shown = str(Tenancy.objects.filter(OneOf("household_id", ids)).query)
    hidden = str(Tenancy.objects.filter(OneOf("household_id", ids, estimate=False)).query)
    semi = str(Tenancy.objects.filter(OneOf("household_id", ids, semi_join=True)).query)
    if connection.vendor == "postgresql":
        assert "= ANY((SELECT" in hidden and "= ANY((SELECT" not in shown
        assert "IN (SELECT unnest((SELECT" in semi
    else:  # SQLite has one form
        assert hidden == shown == semi


@pytest.mark.django_db
def test_in_array_of_selects_what_in_a_subquery_selects(cast):
    from django.db import connection

    units = Unit.objects.order_by("id").values_list("id", flat=True)
    for chosen in (Unit.objects.none(), Unit.objects.filter(id__in=units[:1]), Unit.objects.all()):
        ids = chosen.order_by().values("id")
        expected = set(Tenancy.objects.filter(unit_id__in=ids).values_list("id", flat=True))
        got = set(Tenancy.objects.filter(InArrayOf("unit_id", ids)).values_list("id", flat=True))
        assert got == expected
    assert Tenancy.objects.filter(InArrayOf("unit_id", Unit.objects.values("id"))).exists()
    sql = str(Tenancy.objects.filter(InArrayOf("unit_id", Unit.objects.values("id"))).query)
    assert ("= ANY(ARRAY(SELECT" in sql) == (connection.vendor == "postgresql")
