"""One rule for every write (``auth.HasScope``): the client needs the write scope AND the account
it acts as needs the role a person needs in the UI for the same write. The matrix: per write
endpoint, the allowed client writes; the same account without the scope, and every other role
with every scope, get a 403 problem (never a 500) and nothing is written."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from verbinding.api.scopes import SCOPES
from verbinding.api.tests.test_bankafschriften import statement
from verbinding.api.tests.test_bulk import tenancy
from verbinding.api.tests.test_kmt import result
from verbinding.audit.models import AuditEvent
from verbinding.imports.tests.conftest import register  # noqa: F401  (fixture)

ROLES = ["advisor", "team_lead", "manager", "privacy_officer"]


@dataclass(frozen=True)
class Write:
    path: str
    scope: str
    roles: tuple[str, ...]  # the cast members whose role may do this write in the UI
    body: Callable[[Any, Any], Any]


def _household(cast: Any, world: Any) -> list[dict[str, Any]]:
    person = {"rol": {"code": "HUU"}, "voornaam": "Piet", "achternaam": "Pietersen"}
    return [{"idExtern": "R555", "naam": "Huishouden Pietersen", "relaties": [person]}]


def _booking(cast: Any, world: Any) -> list[dict[str, Any]]:
    contract = cast.north_household.tenancies.get().external_id
    return [
        {
            "idExtern": "B-RULES-1",
            "overeenkomst": {"idExtern": contract},
            "boekdatum": "2026-01-05",
            "detailSoort": {"code": "PRO"},
            "bedrag": 650.00,
        }
    ]


WRITES = {
    "huishoudens/bulk": Write(
        "/api/v1/huishoudens/bulk", "register:write", ("privacy_officer",), _household
    ),
    "huurovereenkomsten/bulk": Write(
        "/api/v1/huurovereenkomsten/bulk",
        "register:write",
        ("privacy_officer",),
        lambda cast, world: [tenancy(1, cast.north_household.external_id)],
    ),
    "boekingen/bulk": Write(
        "/api/v1/boekingen/bulk", "ledger:write", ("privacy_officer",), _booking
    ),
    "bankafschriften": Write(
        "/api/v1/bankafschriften",
        "ledger:write",
        ("privacy_officer",),
        lambda cast, world: statement(),
    ),
    "kwaliteitsmetingsresultaten": Write(
        "/api/v1/kwaliteitsmetingsresultaten",
        "feedback:write",
        ("advisor", "team_lead"),
        lambda cast, world: result(world.ids["north"]["kwaliteitsmetingsverzoeken"]),
    ),
}


def _writes() -> int:
    """Audit rows of writes (not the API's own view rows, nor the test's new API clients)."""
    return AuditEvent.objects.exclude(action="view").exclude(object_type="api.apiclient").count()


def _refused(response: Any, why: str) -> None:
    assert response.status_code == 403, response.content[:300]
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == 403
    assert why in body["detail"]


@pytest.mark.parametrize("name", list(WRITES))
def test_the_allowed_client_writes(cast, api, world, register, name):  # noqa: F811
    write = WRITES[name]
    for who in write.roles:
        http = api(getattr(cast, who), scopes=[write.scope, "casework:read"])
        response = http.post(write.path, write.body(cast, world), format="json")
        assert response.status_code in (200, 201), (who, response.content[:300])
        if name == "kwaliteitsmetingsresultaten":
            break  # one answer per contact: the second role would get the 409


@pytest.mark.parametrize("name", list(WRITES))
def test_without_the_write_scope_it_is_a_403_problem(cast, api, world, register, name):  # noqa: F811
    write = WRITES[name]
    others = [s for s in SCOPES if s != write.scope]
    http = api(getattr(cast, write.roles[0]), scopes=others)
    before = _writes()
    _refused(http.post(write.path, write.body(cast, world), format="json"), "scope")
    assert _writes() == before


@pytest.mark.parametrize("name", list(WRITES))
def test_an_account_without_the_role_is_a_403_problem_even_with_every_scope(
    cast,
    api,
    world,
    register,  # noqa: F811
    name,
):
    write = WRITES[name]
    wrong = [who for who in ROLES if who not in write.roles]
    assert wrong
    before = _writes()
    for who in wrong:
        http = api(getattr(cast, who))  # every scope
        _refused(http.post(write.path, write.body(cast, world), format="json"), "role")
        bad_body = http.post(write.path, {"not": "valid"}, format="json")
        _refused(bad_body, "role")  # the role is checked before the body is read
    assert _writes() == before
