"""A street in the north: the Jansens are complained about by two neighbours, De Boer and Öztürk."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from verbinding.households.models import Household
from verbinding.nuisance import services
from verbinding.nuisance.models import Report
from verbinding.testing import factories as f


@dataclass
class Street:
    jansen: Household  # complained about (cast.north_household)
    de_boer: Household  # neighbour, reporter 1
    ozturk: Household  # neighbour, reporter 2


def neighbour(cast: Any, *, name: str, first: str, surname: str, phone: str, number: int):
    household = f.HouseholdFactory(name=name)
    f.TenancyFactory(
        household=household,
        unit=f.UnitFactory(neighbourhood=cast.north, street="Lindelaan", house_number=number),
    )
    f.HouseholdMemberFactory(
        household=household,
        person=f.PersonFactory(
            first_name=first, surname=surname, phone=phone, email=f"{first.lower()}@example.org"
        ),
    )
    return household


@pytest.fixture
def street(cast: Any) -> Street:
    jansen = cast.north_household
    tenancy = jansen.tenancies.get()
    tenancy.unit.street = "Lindelaan"
    tenancy.unit.house_number = 12
    tenancy.unit.save()
    return Street(
        jansen=jansen,
        de_boer=neighbour(
            cast,
            name="Huishouden De Boer",
            first="Karin",
            surname="de Boer",
            phone="06-11112222",
            number=10,
        ),
        ozturk=neighbour(
            cast,
            name="Huishouden Öztürk",
            first="Mehmet",
            surname="Öztürk",
            phone="06-33334444",
            number=14,
        ),
    )


def file_report(cast: Any, *, against: Household, by: Household | None = None, **kw: Any) -> Report:
    defaults: dict[str, Any] = {
        "what_happened": "Harde muziek tot 02:00 uur, bonken op de muur.",
        "occurred_on": dt.date(2026, 3, 2),
        "occurred_time": dt.time(23, 30),
        "place": "Slaapkamer, muur aan de kant van nummer 12",
        "frequency": "weekly",
        "talked_to_neighbour": "yes",
        "source": "tenant",
        "detail": "GEL",
        "actor": cast.advisor,
    }
    defaults.update(kw)
    return services.report_file(against=against, reporter_household=by, **defaults)
