"""``history.tenancy_entries`` (one tenancy, a compiled query: the household page) gives what
``history.entries`` gives, with the agreed due days, on a seeded association."""

from __future__ import annotations

import datetime as dt

import pytest

from verbinding import clock
from verbinding.arrears import history
from verbinding.arrears.models import RentDueDay
from verbinding.households.models import Tenancy


@pytest.mark.django_db
def test_one_tenancy_reads_what_the_bulk_loader_reads(django_assert_num_queries):
    from verbinding.accounts.models import User
    from verbinding.demo.seed import seed

    today = clock.today()
    seed(households=40, months=12, seed_value=2026, today=today, verbose=False)
    tenancies = list(Tenancy.objects.order_by("id"))
    RentDueDay.objects.create(
        tenancy=tenancies[0],
        valid_from=today - dt.timedelta(days=200),
        day=15,
        created_by=User.objects.order_by("id").first(),
    )
    versions = history.due_days([t.pk for t in tenancies])
    with_rows = 0
    for tenancy in tenancies:
        for upto in (today, today - dt.timedelta(days=95)):
            expected = history.entries([tenancy.pk], upto=upto).get(tenancy.pk, [])
            with django_assert_num_queries(1):
                got = history.tenancy_entries(
                    tenancy.pk, upto=upto, versions=versions.get(tenancy.pk, ())
                )
            assert got == expected, tenancy.pk
            with_rows += bool(got)
    assert with_rows >= 40
    assert any(
        e.due
        for e in history.tenancy_entries(
            tenancies[0].pk, upto=today, versions=versions[tenancies[0].pk]
        )
    )
