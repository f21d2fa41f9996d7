"""PostgreSQL: values sent as parameters, statements prepared and planned once per connection,
except those with a list of ids (verbinding/db/postgresql/base.py, ADR 0020)."""

from __future__ import annotations

import pytest
from django.db import connection

from verbinding.db.ids import HouseholdIds, OneOf
from verbinding.households.models import Household
from verbinding.testing.settings_probe import printed

SETTINGS = (
    "import verbinding.settings as s; d = s.DATABASES['default']; o = d.get('OPTIONS', {}); "
    "print(d['ENGINE'], o.get('server_side_binding'), o.get('prepare_threshold'))"
)


def settings_with(env: dict[str, str]) -> str:
    return printed(SETTINGS, env, unset=["DATABASE_PREPARED", "DATABASE_PREPARE_THRESHOLD"])


def test_postgresql_prepares_statements_unless_told_not_to():
    pg = "postgres://u@127.0.0.1:5432/x"
    assert settings_with({"DATABASE_URL": pg}) == "verbinding.db.postgresql True 5"
    assert settings_with({"DATABASE_URL": pg, "DATABASE_PREPARE_THRESHOLD": "2"}).endswith(" 2")
    assert (
        settings_with({"DATABASE_URL": pg, "DATABASE_PREPARED": "false"})
        == "django.db.backends.postgresql None None"
    )
    assert settings_with({"DATABASE_URL": "sqlite:////tmp/x.sqlite3"}).startswith(
        "django.db.backends.sqlite3 None"
    )


def prepared_statements() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


@pytest.mark.django_db
def test_a_repeated_query_is_prepared_and_one_with_a_list_of_ids_is_not():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    household = Household.objects.create(name="Jansen")
    for _ in range(7):  # more than prepare_threshold (5)
        assert (
            Household.objects.filter(pk=household.pk).values_list("name", flat=True)[0] == "Jansen"
        )
        ids = HouseholdIds([household.pk, household.pk + 1])
        assert list(Household.objects.filter(OneOf("id", ids)).values_list("pk", flat=True)) == [
            household.pk
        ]
    statements = prepared_statements()
    if connection.settings_dict["ENGINE"] != "verbinding.db.postgresql":  # DATABASE_PREPARED=false
        assert statements == []
        return
    by_pk = [s for s in statements if '"households_household"."id" = $1' in s]
    assert by_pk, statements
    assert not [s for s in statements if "::bigint[]" in s], statements


@pytest.mark.django_db
def test_a_statement_with_more_values_than_the_protocol_carries_still_runs():
    """More than 65,535 values in one statement (an ``__in`` of ids, a large ``bulk_create``):
    bound on the client instead of failing with "number of parameters must be between 0 and
    65535" (``verbinding seed --households 100000`` did)."""
    first = Household.objects.create(name="Jansen")
    ids = [first.pk, *range(first.pk + 1, first.pk + 70_001)]
    assert list(Household.objects.filter(id__in=ids).values_list("name", flat=True)) == ["Jansen"]
    made = Household.objects.bulk_create(
        Household(name=f"H {i}", external_id=f"H{i}") for i in range(40_000)
    )
    assert Household.objects.filter(id__in=[h.pk for h in made] + ids).count() == 40_001
    quoted = Household.objects.filter(id__in=ids, name="it's 100%").count()
    assert quoted == 0
