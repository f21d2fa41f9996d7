"""One plan per household, also under parallel first goals (issue 13: 4 parallel first goals
gave 4 plans on PostgreSQL)."""

from __future__ import annotations

import threading

import pytest
from django.db import IntegrityError, connection, transaction

from verbinding.plans import services
from verbinding.plans.models import Plan


def test_the_database_holds_one_plan_per_household(cast):
    services.plan_for_household(household=cast.north_household, actor=cast.advisor)
    with pytest.raises(IntegrityError), transaction.atomic():
        Plan.objects.create(household=cast.north_household, advisor=cast.colleague)


def test_a_second_start_gets_the_same_plan(cast):
    first = services.plan_for_household(household=cast.north_household, actor=cast.advisor)
    again = services.plan_for_household(household=cast.north_household, actor=cast.colleague)
    assert first == again and Plan.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_four_parallel_first_goals_make_one_plan(cast):
    if connection.vendor != "postgresql":
        pytest.skip("real concurrent writers need PostgreSQL (SQLite serialises writers)")
    barrier = threading.Barrier(4)
    errors: list[BaseException] = []

    def run(i: int) -> None:
        from django.db import connections

        try:
            barrier.wait()
            plan = services.plan_for_household(household=cast.north_household, actor=cast.advisor)
            services.goal_add(plan=plan, text=f"Doel {i}", actor=cast.advisor)
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert Plan.objects.filter(household=cast.north_household).count() == 1
    assert Plan.objects.get().goals.count() == 4
