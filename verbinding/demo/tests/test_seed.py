from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.db.models import Sum

from verbinding.accounts.models import Role, User
from verbinding.demo.context import Profiles
from verbinding.demo.seed import Generator, month_starts, seed, split_surname
from verbinding.households.models import Household, Tenancy, TenancyIban
from verbinding.ledger.models import LedgerEntry

TODAY = dt.date(2026, 11, 26)
pytestmark = [pytest.mark.django_db, pytest.mark.today(TODAY)]


def _digest() -> str:
    names = "|".join(Household.objects.order_by("external_id").values_list("name", flat=True))
    ledger = LedgerEntry.objects.order_by("tenancy__external_id").values_list(
        "tenancy__external_id", "booked_on", "amount_cents"
    )
    return hashlib.sha256((names + repr(list(ledger))).encode()).hexdigest()


class _Rollback(Exception):
    pass


def _seed_and_digest(seed_value: int = 7) -> str:
    """Seed inside a savepoint, take the digest, roll everything back."""
    digest = ""
    try:
        with transaction.atomic():
            seed(
                households=120,
                months=6,
                seed_value=seed_value,
                today=TODAY,
                verbose=False,
                with_extensions=False,
            )
            digest = _digest()
            raise _Rollback
    except _Rollback:
        pass
    return digest


def test_the_same_seed_gives_the_same_association():
    first = _seed_and_digest()
    assert not Household.objects.exists()
    assert _seed_and_digest() == first
    assert _seed_and_digest(seed_value=8) != first


def test_the_demo_association_looks_like_a_housing_association():
    ctx = seed(
        households=400, months=12, seed_value=1, today=TODAY, verbose=False, with_extensions=False
    )
    assert Household.objects.count() == 400
    assert Tenancy.objects.count() == 400
    rents = list(Tenancy.objects.values_list("rent_cents", flat=True))
    assert min(rents) >= 450_00 and max(rents) <= 880_00  # social rents
    # Most pay by direct debit, and every tenancy has a valid known IBAN.
    direct_debit = Tenancy.objects.filter(payment_method="INC").count()
    assert 0.5 < direct_debit / 400 < 0.8
    assert TenancyIban.objects.count() == 400
    # A charge per month, payments against them, and a minority in arrears.
    assert LedgerEntry.objects.filter(kind="charge").count() >= 400 * 2
    balances = (
        LedgerEntry.objects.values("tenancy")
        .annotate(b=Sum("amount_cents"))
        .values_list("b", flat=True)
    )
    in_arrears = sum(1 for b in balances if b > 0)
    assert 0.01 < in_arrears / 400 < 0.15
    assert LedgerEntry.objects.filter(kind="reversal").exists()
    # One login per role, and an advisor and a colleague sharing neighbourhoods.
    for username, role in [
        ("adviseur", Role.ADVISOR),
        ("collega", Role.ADVISOR),
        ("teamleider", Role.TEAM_LEAD),
        ("manager", Role.MANAGER),
        ("privacy", Role.PRIVACY_OFFICER),
    ]:
        assert User.objects.get(username=username).role == role
    assert set(ctx.users["adviseur"].neighbourhoods.all()) == set(
        ctx.users["collega"].neighbourhoods.all()
    )
    assert set(ctx.payment_profiles.values()) >= {"punctual", "late"}


def test_seeding_a_database_that_has_households_is_refused():
    seed(households=20, months=2, seed_value=1, today=TODAY, verbose=False, with_extensions=False)
    with pytest.raises(CommandError, match="already holds households"):
        call_command("seed", "--households", "20", "--months", "2", verbosity=0)


def test_the_full_demo_with_every_app_extension_loads(capsys):
    call_command("demo_setup", "--households", "150", "--months", "6")
    out = capsys.readouterr().out
    assert "adviseur" in out and "verbinding-demo" in out
    assert Household.objects.count() == 150


def test_surname_prefixes_are_split_the_dutch_way():
    assert split_surname("van der Berg") == ("van der", "Berg")
    assert split_surname("de Roos") == ("de", "Roos")
    assert split_surname("Jansen") == ("", "Jansen")


def test_month_starts_cover_the_last_months_in_order():
    assert month_starts(dt.date(2026, 2, 14), 3) == [
        dt.date(2025, 12, 1),
        dt.date(2026, 1, 1),
        dt.date(2026, 2, 1),
    ]


def test_payment_profiles_are_a_byte_per_tenancy_and_read_like_a_dict():
    profiles = Profiles()
    profiles.add(101, "late")
    profiles.add(102, "punctual")
    profiles.add(105, "late")  # a gap: 103 and 104 are absent
    assert dict(profiles) == {101: "late", 102: "punctual", 105: "late"}
    assert len(profiles) == 3 and 103 not in profiles and 100 not in profiles
    assert sorted(t for t, p in profiles.items() if p == "late") == [101, 105]
    with pytest.raises(KeyError):
        profiles[106]
    with pytest.raises(ValueError, match="increasing"):
        profiles.add(100, "late")


@pytest.mark.django_db
def test_the_seed_keeps_no_query_log_from_one_chunk_to_the_next(settings, monkeypatch):
    settings.DEBUG = True  # Django logs every query's text (the Makefile runs with DEBUG on)
    monkeypatch.setattr("verbinding.demo.seed.CHUNK", 10)
    logged = []
    real = Generator._register

    def register(self, numbers):
        logged.append(len(connection.queries))
        return real(self, numbers)

    monkeypatch.setattr(Generator, "_register", register)
    seed(households=40, months=2, seed_value=1, today=TODAY, verbose=False, with_extensions=False)
    assert len(logged) == 4
    assert logged[0] > 0  # the areas and staff were logged
    # each later chunk starts with an empty log (but for its own transaction's savepoint)
    assert all(n <= 1 for n in logged[1:]), logged
