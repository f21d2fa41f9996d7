"""The tenancy's neighbourhood is its unit's, kept by the database (households/triggers.py), and
the access rule reads it: a household is in an advisor's area while it rents there."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from django.db import connection

from verbinding.access import selectors as access
from verbinding.households import triggers
from verbinding.households.models import Tenancy, Unit
from verbinding.testing import factories as f


def neighbourhood_of(tenancy: Tenancy) -> int | None:
    return Tenancy.objects.values_list("neighbourhood_id", flat=True).get(pk=tenancy.pk)


def trigger_names() -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        return {row[0] for row in cursor.fetchall()}


def test_the_triggers_exist(db):
    """A SQLite table rebuilt by a later migration loses its triggers: re-install them there."""
    assert set(triggers.TRIGGERS[connection.vendor]) <= trigger_names()


def test_the_migration_can_be_reversed_and_redone(db):
    """``remove`` (the migration's reverse) drops the triggers (and PostgreSQL's functions);
    ``install`` puts them back and fills in what was written meanwhile. Inside the test's
    transaction: both databases roll the DDL back with it."""
    north = f.NeighbourhoodFactory()
    with connection.cursor() as cursor:
        editor = SimpleNamespace(
            connection=connection, execute=lambda sql, params=None: cursor.execute(sql)
        )
        postgresql = connection.vendor == "postgresql"
        if postgresql:  # migrations run as the tables' owner, not as the app's role
            cursor.execute("SELECT current_user")
            role = cursor.fetchone()[0]
            cursor.execute("RESET ROLE")
        triggers.remove(editor)
        assert not set(triggers.TRIGGERS[connection.vendor]) & trigger_names()
        if postgresql:
            cursor.execute(
                "SELECT count(*) FROM pg_proc WHERE proname = ANY(%s)", [list(triggers.FUNCTIONS)]
            )
            assert cursor.fetchone()[0] == 0
        tenancy = f.TenancyFactory(unit=f.UnitFactory(neighbourhood=north))
        assert neighbourhood_of(tenancy) is None  # nothing keeps it now
        triggers.install(editor)
        if postgresql:
            cursor.execute(f"SET ROLE {connection.ops.quote_name(role)}")
    assert set(triggers.TRIGGERS[connection.vendor]) <= trigger_names()
    assert neighbourhood_of(tenancy) == north.pk


def test_a_new_tenancy_gets_its_units_neighbourhood_whatever_is_written(db):
    north, south = f.NeighbourhoodFactory(), f.NeighbourhoodFactory()
    unit = f.UnitFactory(neighbourhood=north)
    tenancy = f.TenancyFactory(unit=unit)
    assert neighbourhood_of(tenancy) == north.pk
    wrong = f.TenancyFactory.build(unit=unit, household=f.HouseholdFactory(), neighbourhood=south)
    (written,) = Tenancy.objects.bulk_create([wrong])
    assert neighbourhood_of(written) == north.pk


def test_it_follows_the_tenancys_unit_and_a_stale_instance_cannot_overwrite_it(db):
    north, south = f.NeighbourhoodFactory(), f.NeighbourhoodFactory()
    tenancy = f.TenancyFactory(unit=f.UnitFactory(neighbourhood=north))
    tenancy.unit = f.UnitFactory(neighbourhood=south)
    tenancy.save()
    assert neighbourhood_of(tenancy) == south.pk
    tenancy.neighbourhood = north  # not editable: the database puts the unit's back
    tenancy.rent_cents += 100
    tenancy.save()
    assert neighbourhood_of(tenancy) == south.pk


def test_a_unit_that_moves_takes_its_tenancies_along(db):
    north, south = f.NeighbourhoodFactory(), f.NeighbourhoodFactory()
    unit, other = f.UnitFactory(neighbourhood=north), f.UnitFactory(neighbourhood=north)
    old = f.TenancyFactory(unit=unit, end_date=dt.date(2024, 1, 31))
    current, elsewhere = f.TenancyFactory(unit=unit), f.TenancyFactory(unit=other)
    unit.neighbourhood = south
    unit.save()
    assert [neighbourhood_of(t) for t in (old, current, elsewhere)] == [
        south.pk,
        south.pk,
        north.pk,
    ]
    Unit.objects.filter(pk=unit.pk).update(neighbourhood=north)  # a bulk update, no save()
    assert [neighbourhood_of(t) for t in (old, current, elsewhere)] == [north.pk] * 3


def test_the_advisors_reach_follows_the_unit_to_another_neighbourhood(cast):
    household = cast.north_household
    assert household.pk in access.reach_ids(cast.advisor)
    assert access.can_see(cast.advisor, household.pk)
    assert household.pk not in access.reach_ids(cast.other_advisor)
    Unit.objects.filter(tenancies__household=household).update(neighbourhood=cast.south)
    assert household.pk not in access.reach_ids(cast.advisor)
    assert not access.can_see(cast.advisor, household.pk)
    assert household.pk in access.reach_ids(cast.other_advisor)
    assert access.can_see(cast.other_advisor, household.pk)
    assert household in access.reach(cast.other_advisor)
