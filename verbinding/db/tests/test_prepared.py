"""Queries compiled once (verbinding.db.prepared): the same rows as the ORM, one query per
run, and a build function that does not pass its arguments through is refused."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.db.models import F

from verbinding import clock
from verbinding.contacts.models import ContactMoment
from verbinding.db.ids import HouseholdIds
from verbinding.db.prepared import DATE, DATETIME, IDS, INT, Prepared, PreparedError
from verbinding.households.models import Household
from verbinding.testing import factories as f

# Every module that keeps compiled queries for the worklist page.
MODULES = (
    "verbinding.arrears.worklist",
    "verbinding.arrangements.worklist",
    "verbinding.contacts.worklist",
    "verbinding.nuisance.worklist",
    "verbinding.plans.worklist",
    "verbinding.referrals.worklist",
    "verbinding.worklist.resolution",
    "verbinding.worklist.selectors",
)


def all_prepared() -> list[tuple[str, Prepared]]:
    found = []
    for module_name in MODULES:
        module = importlib.import_module(module_name)
        for name, value in vars(module).items():
            if isinstance(value, Prepared):
                found.append((f"{module_name}.{name}", value))
    return found


def test_every_module_listed_has_compiled_queries():
    names = {name.rsplit(".", 1)[0] for name, _p in all_prepared()}
    assert names == set(MODULES)


@pytest.mark.django_db
def test_each_compiled_query_gives_what_the_orm_gives_on_a_seeded_association(
    django_assert_num_queries,
):
    from verbinding.demo.seed import seed

    today = clock.today()
    seed(households=150, months=12, seed_value=2026, today=today, verbose=False)
    ids = HouseholdIds(sorted(Household.objects.values_list("id", flat=True)))
    values_by_kind = {IDS: ids, DATE: today, DATETIME: clock.now(), INT: 1}
    non_empty = 0
    for name, prepared in all_prepared():
        for day in (today, today - dt.timedelta(days=120)):
            values = {
                arg: (day if kind == DATE else values_by_kind[kind])
                for arg, kind in prepared.kinds.items()
            }
            expected = [
                row if isinstance(row, tuple) else (row,) for row in prepared.build(**values)
            ]
            with django_assert_num_queries(1):
                got = prepared.rows(**values)
            assert got == expected, name
            non_empty += bool(got)
    assert non_empty >= 8  # the seeded data reaches most of them


@pytest.mark.django_db
def test_a_query_is_compiled_once_and_then_run_with_new_values(cast):
    today = clock.today()
    calls = []

    def build(ids, day):
        calls.append(1)
        return (
            ContactMoment.objects.filter(household_id__in=ids, occurred_at__date__lte=day)
            .order_by("id")
            .values_list("household_id", "occurred_at")
        )

    prepared = Prepared(build, ids=IDS, day=DATE)
    moment = ContactMoment.objects.create(
        household=cast.north_household,
        author=cast.advisor,
        channel="TEL",
        occurred_at=clock.now() - dt.timedelta(days=2),
        note="",
    )
    assert prepared.rows(ids=[cast.north_household.id], day=today) == [
        (cast.north_household.id, moment.occurred_at)
    ]
    assert prepared.rows(ids=[cast.south_household.id], day=today) == []
    assert prepared.rows(ids=[cast.north_household.id], day=today - dt.timedelta(days=3)) == []
    assert len(calls) == 2  # compiled twice (to check the parameters), then only run
    assert prepared.flat(ids=HouseholdIds([]), day=today) == []
    with pytest.raises(TypeError):
        prepared.rows(ids=[1])


@pytest.mark.django_db
@pytest.mark.parametrize(
    "build",
    [
        # arithmetic on an argument: the derived date would be frozen into the query
        lambda ids, day: Household.objects.filter(
            id__in=ids, created_at__date__gte=day - dt.timedelta(days=1)
        ).values_list("id"),
        # the query's shape depends on an argument
        lambda ids, day: (
            Household.objects.filter(id__in=ids)
            .order_by("name" if day.year % 2 else "-name")
            .values_list("id")
        ),
    ],
)
def test_a_build_that_does_not_pass_its_arguments_through_is_refused(build):
    with pytest.raises(PreparedError):
        Prepared(build, ids=IDS, day=DATE).rows(ids=[1], day=dt.date(2026, 12, 2))


@pytest.mark.django_db
def test_integer_and_moment_arguments(cast):
    f.household_in(cast.north, name="Huishouden Een")
    prepared = Prepared(
        lambda owner, since: (
            Household.objects.filter(owner_id=owner, created_at__lt=since)
            .annotate(n=F("id"))
            .values_list("n", flat=True)
        ),
        owner=INT,
        since=DATETIME,
    )
    cast.north_household.owner = cast.advisor
    cast.north_household.save(update_fields=["owner"])
    later = clock.now() + dt.timedelta(days=1)
    assert prepared.flat(owner=cast.advisor.id, since=later) == [cast.north_household.id]
    assert prepared.flat(owner=cast.colleague.id, since=later) == []
    assert prepared.flat(owner=cast.advisor.id, since=clock.now() - dt.timedelta(days=9999)) == []


@pytest.mark.django_db
def test_a_date_lookup_follows_the_current_time_zone(cast):
    from django.utils import timezone

    prepared = Prepared(
        lambda ids, day: ContactMoment.objects.filter(
            household_id__in=ids, occurred_at__date=day
        ).values_list("id", flat=True),
        ids=IDS,
        day=DATE,
    )
    late = dt.datetime(2026, 11, 30, 23, 30, tzinfo=dt.UTC)  # 1 Dec 00:30 in Amsterdam
    moment = ContactMoment.objects.create(
        household=cast.north_household, author=cast.advisor, channel="TEL", occurred_at=late
    )
    ids = [cast.north_household.id]
    assert prepared.flat(ids=ids, day=dt.date(2026, 12, 1)) == [moment.id]
    with timezone.override("UTC"):
        assert prepared.flat(ids=ids, day=dt.date(2026, 11, 30)) == [moment.id]
        assert prepared.flat(ids=ids, day=dt.date(2026, 12, 1)) == []
    assert prepared.flat(ids=ids, day=dt.date(2026, 11, 30)) == []


@pytest.mark.django_db
def test_objects_are_the_orm_instances_with_their_related_objects_and_annotations(
    cast, django_assert_num_queries
):
    from verbinding.households.models import Tenancy

    cast.north_household.owner = cast.advisor
    cast.north_household.save(update_fields=["owner"])
    prepared = Prepared(
        lambda pk: (
            Tenancy.objects.filter(household_id=pk)
            .select_related("unit__neighbourhood", "household__owner")
            .annotate(twice=F("rent_cents") * 2)
        ),
        pk=INT,
    )
    for household, owner in ((cast.north_household, cast.advisor), (cast.south_household, None)):
        expected = list(prepared.build(pk=household.pk))
        with django_assert_num_queries(1):
            got = prepared.objects(pk=household.pk)
        assert got == expected and got
        with django_assert_num_queries(0):  # the related objects came with the row
            for g, e in zip(got, expected, strict=True):
                assert type(g) is Tenancy and not g._state.adding
                assert g.rent_cents == e.rent_cents and g.twice == e.twice == 2 * e.rent_cents
                assert g.unit == e.unit and g.unit.neighbourhood.name == e.unit.neighbourhood.name
                assert g.household.name == household.name and g.household.owner == owner
    assert prepared.objects(pk=-1) == []
    values = Prepared(lambda pk: Household.objects.filter(pk=pk).values_list("id"), pk=INT)
    with pytest.raises(PreparedError):
        values.objects(pk=cast.north_household.pk)
