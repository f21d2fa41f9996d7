"""factory_boy factories for the core register, shared by every app's tests."""

from __future__ import annotations

import datetime as dt

import factory
from django.contrib.auth.hashers import make_password

from verbinding.accounts.models import Role, Team, User
from verbinding.areas.models import District, Municipality, Neighbourhood
from verbinding.households.models import (
    Household,
    HouseholdMember,
    Person,
    SafetyFlag,
    Tenancy,
    TenancyIban,
    Unit,
)
from verbinding.ledger.models import EntryKind, LedgerEntry

PASSWORD = "demo-wachtwoord-123"  # noqa: S105 - test password


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("cbs_code",)

    cbs_code = "GM0150"
    name = "Deventer"
    receives_signals = True


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District

    municipality = factory.SubFactory(MunicipalityFactory)
    cbs_code = factory.Sequence(lambda n: f"WK0150{n % 100:02d}")
    name = factory.Sequence(lambda n: f"Wijk {n}")


class NeighbourhoodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Neighbourhood

    district = factory.SubFactory(DistrictFactory)
    cbs_code = factory.Sequence(lambda n: f"BU0150{n % 10000:04d}")
    name = factory.Sequence(lambda n: f"Buurt {n}")


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    name = factory.Sequence(lambda n: f"Team {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.Faker("last_name", locale="nl_NL")
    role = Role.ADVISOR
    password = factory.LazyFunction(lambda: make_password(PASSWORD))

    @factory.post_generation
    def neighbourhoods(
        self, create: bool, extracted: list[Neighbourhood] | None, **kwargs: object
    ) -> None:
        if create and extracted:
            self.neighbourhoods.set(extracted)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    first_name = factory.Faker("first_name", locale="nl_NL")
    surname = factory.Faker("last_name", locale="nl_NL")
    phone = "06-12345678"


class HouseholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Household

    external_id = factory.Sequence(lambda n: f"R{100000 + n}")
    name = factory.Sequence(lambda n: f"Huishouden {n}")


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    external_id = factory.Sequence(lambda n: f"E{200000 + n}")
    street = "Teststraat"
    house_number = factory.Sequence(lambda n: n + 1)
    postcode = "7411AB"
    city = "Deventer"
    neighbourhood = factory.SubFactory(NeighbourhoodFactory)


class TenancyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tenancy

    external_id = factory.Sequence(lambda n: f"HO{300000 + n}")
    household = factory.SubFactory(HouseholdFactory)
    unit = factory.SubFactory(UnitFactory)
    start_date = dt.date(2020, 1, 1)
    rent_cents = 65000
    payment_reference = factory.Sequence(lambda n: f"{4000000000 + n}")
    status = "LOP"


class TenancyIbanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TenancyIban

    tenancy = factory.SubFactory(TenancyFactory)
    iban = "NL91ABNA0417164300"
    holder_name = "J Jansen"


class HouseholdMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HouseholdMember

    household = factory.SubFactory(HouseholdFactory)
    person = factory.SubFactory(PersonFactory)
    role = "HUU"


class SafetyFlagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SafetyFlag

    household = factory.SubFactory(HouseholdFactory)
    kind = "AGR"
    detail = "BEZ"
    start_date = dt.date(2024, 1, 1)


class LedgerEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LedgerEntry

    tenancy = factory.SubFactory(TenancyFactory)
    booked_on = dt.date(2026, 1, 1)
    kind = EntryKind.CHARGE
    detail = "PRO"
    amount_cents = 65000
    source = "test"


def household_in(
    neighbourhood: Neighbourhood, *, name: str = "", rent_cents: int = 65000
) -> Household:
    """A household renting a unit in ``neighbourhood``, with one tenant."""
    household = HouseholdFactory(**({"name": name} if name else {}))
    TenancyFactory(
        household=household, unit=UnitFactory(neighbourhood=neighbourhood), rent_cents=rent_cents
    )
    HouseholdMemberFactory(household=household)
    return household
