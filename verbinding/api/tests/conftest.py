from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from verbinding import clock
from verbinding.api.scopes import SCOPES
from verbinding.api.services import api_client_create
from verbinding.areas.models import Municipality
from verbinding.arrangements.reference import load_current
from verbinding.arrangements.services import arrangement_propose
from verbinding.cases.services import case_open
from verbinding.contacts.services import contact_record
from verbinding.earlysignals.models import ExportBatch, Signal
from verbinding.escalation.models import Escalation
from verbinding.households.models import Household, TenancyIban
from verbinding.testing import factories as f

ALL = list(SCOPES)


@pytest.fixture(autouse=True)
def _fresh_throttles() -> None:
    cache.clear()


@pytest.fixture
def api(cast: Any) -> Callable[..., APIClient]:
    """``api(user, scopes=[...])``: a DRF test client with a fresh API key acting as ``user``."""

    def make(user: Any, scopes: list[str] | None = None, rate: str = "10000/min") -> APIClient:
        client, key = api_client_create(
            name=f"test-{user.username}-{len(scopes or ALL)}-{id(scopes)}",
            user=user,
            scopes=ALL if scopes is None else scopes,
            actor=cast.privacy_officer,
            rate=rate,
        )
        http = APIClient()
        http.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
        http.api_client = client  # type: ignore[attr-defined]
        return http

    return make


@dataclass
class World:
    """One of each resource for the north (in reach of the advisor) and the south household."""

    ids: dict[str, dict[str, int]]


def _fill(
    household: Household, actor: Any, municipality: Municipality, iban: str
) -> dict[str, int]:
    tenancy = household.tenancies.get()
    case = case_open(household=household, detail="HUA", handler=actor, actor=actor)
    contact = contact_record(
        household=household, channel="TEL", outcome="spoke", actor=actor, note="Gebeld"
    )
    arrangement = arrangement_propose(
        household=household,
        tenancy=tenancy,
        amount_cents=60000,
        instalment_cents=10000,
        first_due_on=clock.today() + dt.timedelta(days=14),
        actor=actor,
    )
    batch = ExportBatch.objects.create(
        adapter="generic", file_format="json", count=1, created_by=actor
    )
    signal = Signal.objects.create(
        household=household,
        tenancy=tenancy,
        municipality=municipality,
        arose_on=clock.today() - dt.timedelta(days=40),
        signal_date=clock.today(),
        arrears_cents=65000,
        name=household.name,
        street="Straat 1",
        postcode="7411AA",
        city="Deventer",
        batch=batch,
    )
    account = TenancyIban.objects.create(tenancy=tenancy, iban=iban, holder_name="Huurder")
    handover = Escalation.objects.create(
        household=household,
        tenancy=tenancy,
        kind="DEU",
        start_reason="ACH",
        handed_over_on=clock.today() - dt.timedelta(days=3),
        reason="Geen reactie op de veertiendagenbrief",
        arrears_cents=120000,
        created_by=actor,
    )
    return {
        "natuurlijk-personen": household.members.order_by("id").first().person_id,
        "betaalgegevens": account.pk,
        "communicatievoorkeuren": household.pk,
        "externe-incassos": handover.pk,
        "huishoudens": household.pk,
        "huurovereenkomsten": tenancy.pk,
        "zaken": case.pk,
        "dossiers": household.pk,
        "contactmomenten": contact.pk,
        "kwaliteitsmetingsverzoeken": contact.pk,
        "betalingsregelingen": arrangement.pk,
        "vroegsignaleringen": signal.pk,
    }


@pytest.fixture
def world(cast: Any) -> World:
    load_current()
    municipality = f.MunicipalityFactory()
    return World(
        ids={
            "north": _fill(cast.north_household, cast.advisor, municipality, "NL91ABNA0417164300"),
            "south": _fill(
                cast.south_household, cast.other_advisor, municipality, "NL20INGB0001234567"
            ),
        }
    )
