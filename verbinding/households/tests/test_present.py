"""``households.present``: which parts of a household file have rows, in one query, and the
household page skips the parts that have none (the same page, fewer queries)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from verbinding import clock
from verbinding.households.models import Household
from verbinding.households.present import Present, absent, read_present


def _direct(h: Household) -> Present:
    """Each part asked of the ORM on its own."""
    from django.apps import apps

    from verbinding.arrangements.models import ACTIVE_STATUSES

    def has(label: str, **where: object) -> bool:
        return apps.get_model(label).objects.filter(**where).exists()

    return Present(
        ibans=has("households.TenancyIban", tenancy__household=h),
        flags=has("households.SafetyFlag", household=h, status="ACT"),
        cases=has("cases.Case", household=h),
        parties=has("nuisance.Party", household=h),
        arrangements=has(
            "arrangements.PaymentArrangement", household=h, status__in=ACTIVE_STATUSES
        ),
        letters=has("letters.Letter", household=h),
        agreements=has("plans.Agreement", plan__household=h),
        referrals=has("referrals.Referral", household=h),
        contacts=has("contacts.ContactMoment", household=h),
        network=has("network.NetworkMember", household=h),
        plans=has("plans.Plan", household=h),
        covers=bool(h.owner_id) and has("households.Cover", absent_id=h.owner_id),
        signals=has("arrears.ArrearsSignal", household=h),
        due_days=has("arrears.RentDueDay", tenancy__household=h),
    )


@pytest.mark.django_db
def test_each_part_is_what_the_orm_finds_on_a_seeded_association(django_assert_num_queries):
    from verbinding.accounts.models import Role, User
    from verbinding.areas.models import Municipality
    from verbinding.arrears.models import RentDueDay
    from verbinding.demo.seed import seed
    from verbinding.households.models import Cover
    from verbinding.referrals.models import Partner, Referral

    today = clock.today()
    seed(households=120, months=12, seed_value=2026, today=today, verbose=False)
    advisor, colleague = User.objects.filter(role=Role.ADVISOR).order_by("id")[:2]
    some = Household.objects.filter(tenancies__isnull=False).order_by("id").first()
    tenancy = some.tenancies.first()
    RentDueDay.objects.create(
        tenancy=tenancy, valid_from=dt.date(2025, 6, 1), day=5, created_by=advisor
    )
    partner = Partner.objects.create(
        name="Schuldhulp", kind="debt_help", municipality=Municipality.objects.first()
    )
    Referral.objects.create(
        household=some,
        partner=partner,
        question="q",
        purpose="p",
        consent_until=today,
        consent_given_on=today,
        token_hash="t" * 64,
        link_expires_at=clock.now(),
        created_at=clock.now(),
        created_by=advisor,
    )
    some.owner = advisor
    some.save(update_fields=["owner"])
    Cover.objects.create(
        absent=advisor,
        substitute=colleague,
        starts_on=today,
        ends_on=today,
        note="",
        created_by=advisor,
    )
    seen: dict[str, set[bool]] = {}
    for household in Household.objects.order_by("id"):
        with django_assert_num_queries(1):
            got = read_present(household)
        assert got == _direct(household), household.id
        for name, value in vars(got).items():
            seen.setdefault(name, set()).add(value)
            assert absent(household, name) is (not value)
    both = {name for name, values in seen.items() if values == {True, False}}
    assert {"referrals", "due_days", "covers", "cases", "contacts", "plans"} <= both, seen
    assert len(both) >= 11, seen  # the seed reaches most parts (not a running arrangement)
    assert not absent(Household.objects.get(id=some.id), "cases")  # not read: nothing is absent


@pytest.mark.parametrize("who", ["advisor", "team_lead"])
def test_an_empty_household_page_skips_every_part(client, cast, who, django_assert_num_queries):
    """session, user, household (+owner, consent), present, tenancies, members, arrears (state,
    policy, ledger), audit (2); the team lead's owner form (+1)"""
    from verbinding.arrears.services import recompute

    recompute(today=clock.today())  # the stored arrears state, as every night
    client.force_login(getattr(cast, who))
    url = reverse("households:detail", args=[cast.north_household.id])
    client.get(url)
    with django_assert_num_queries(11 + (who == "team_lead")):
        response = client.get(url)
    assert response.status_code == 200
