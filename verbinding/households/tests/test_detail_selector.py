"""``household_detail`` reads the household file with compiled queries: the same household,
relations and order as the ORM's select_related/prefetch_related, one audit row per opening."""

from __future__ import annotations

import pytest
from django.db.models import Prefetch
from django.http import Http404

from verbinding.audit.models import AuditEvent
from verbinding.households import selectors
from verbinding.households.models import Household, HouseholdMember, SafetyFlag, Tenancy
from verbinding.testing import factories as f
from verbinding.vera import codes


def _orm(household_id: int) -> Household:
    return (
        Household.objects.select_related("owner", "reminder_consent")
        .prefetch_related(
            Prefetch(
                "members",
                queryset=HouseholdMember.objects.select_related("person").order_by("role", "id"),
            ),
            Prefetch(
                "tenancies",
                queryset=Tenancy.objects.select_related(
                    "unit__neighbourhood__district"
                ).prefetch_related("ibans"),
            ),
            Prefetch(
                "flags",
                queryset=SafetyFlag.objects.filter(status=codes.SignaleringStatus.ACT),
                to_attr="active_flags",
            ),
        )
        .get(pk=household_id)
    )


def test_the_file_is_what_the_orm_reads(cast, django_assert_num_queries):
    from verbinding.tenantmessages.models import ReminderConsent

    household = cast.north_household
    household.owner = cast.advisor
    household.save(update_fields=["owner"])
    tenancy = household.tenancies.get()
    f.TenancyIbanFactory(tenancy=tenancy)
    f.TenancyIbanFactory(tenancy=tenancy, iban="NL02ABNA0123456789", holder_name="")
    old = f.TenancyFactory(household=household, unit__neighbourhood=cast.north, status="BEE")
    f.HouseholdMemberFactory(household=household, role=codes.RelatierolSoort.HUU)
    f.HouseholdMemberFactory(household=household, role="MBW")
    f.SafetyFlagFactory(household=household)
    f.SafetyFlagFactory(household=household, status=codes.SignaleringStatus.VER)
    ReminderConsent.objects.create(
        household=household, given_on=household.created_at.date(), recorded_by=cast.advisor
    )
    expected = _orm(household.id)
    before = AuditEvent.objects.count()
    got = selectors.household_detail(
        user=cast.advisor, household_id=household.id, related=("reminder_consent",)
    )
    assert AuditEvent.objects.count() == before + 1
    with django_assert_num_queries(0):
        assert got == expected and got.owner == cast.advisor
        assert got.reminder_consent == expected.reminder_consent
        members = list(got.members.all())
        assert members == list(expected.members.all()) and len(members) >= 2
        assert [m.person.full_name for m in members] == [
            m.person.full_name for m in expected.members.all()
        ]
        tenancies = list(got.tenancies.all())
        assert tenancies == list(expected.tenancies.all()) and old in tenancies
        for g, e in zip(tenancies, expected.tenancies.all(), strict=True):
            assert g.unit.neighbourhood.district == e.unit.neighbourhood.district
            assert list(g.ibans.all()) == list(e.ibans.all())
            assert g.household is got
        assert len(next(t for t in tenancies if t == tenancy).ibans.all()) == 2
        assert got.active_flags == expected.active_flags and len(got.active_flags) == 1


def test_without_consent_or_owner_and_outside_reach(cast, django_assert_num_queries):
    got = selectors.household_detail(
        user=cast.advisor, household_id=cast.north_household.id, related=("reminder_consent",)
    )
    with django_assert_num_queries(0):
        assert got.owner is None
        assert not hasattr(got, "reminder_consent")  # no consent: the relation is empty
        assert got.active_flags == []
    with pytest.raises(Http404):
        selectors.household_detail(user=cast.advisor, household_id=cast.south_household.id)
    with pytest.raises(Http404):
        selectors.household_detail(user=cast.manager, household_id=cast.north_household.id)
