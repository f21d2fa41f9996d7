"""``?changed_since=`` on every resource that can change: each change is served exactly once
across pages (also one made between two page fetches, and several rows sharing one audit row),
in the order of change, and a household out of reach never appears.

The expectation comes from a model of the pull: each touch through a service is numbered; a page
serves the objects whose latest touch is after the cursor, in the order of their latest touch.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import quote

import pytest

from verbinding import clock
from verbinding.api.services import households_bulk_upsert, tenancies_bulk_upsert
from verbinding.api.tests.test_bankafschriften import statement
from verbinding.api.tests.test_bulk import tenancy
from verbinding.cases.services import case_open
from verbinding.contacts.services import contact_record
from verbinding.earlysignals.models import Outcome, Signal
from verbinding.households.models import Person, TenancyIban
from verbinding.households.services import household_update_contact
from verbinding.imports.models import BankStatement, BankTransaction
from verbinding.imports.tests.conftest import register  # noqa: F401  (fixture)

SINCE = "2000-01-01T00:00:00Z"
BUURT = {"north": "BU01500101", "south": "BU01500201"}


def _household(cast: Any, side: str) -> Any:
    return cast.north_household if side == "north" else cast.south_household


def _advisor(cast: Any, side: str) -> Any:
    return cast.advisor if side == "north" else cast.other_advisor


def _contact_preferences(cast: Any, world: Any, side: str, n: int, version: int) -> int:
    household = _household(cast, side)
    household_update_contact(
        household=household,
        preferred_channel="TEL" if version % 2 else "EMA",
        contact_notes=f"versie {version}",
        actor=_advisor(cast, side),
    )
    return int(household.pk)


def _case(cast: Any, world: Any, side: str, n: int, version: int) -> int:
    household = _household(cast, side)
    actor = _advisor(cast, side)
    case_open(household=household, detail="HUA", handler=actor, actor=actor)
    return int(household.pk)


def _person(cast: Any, world: Any, side: str, n: int, version: int) -> int:
    """A new person in the household (recorded on the membership), or a new phone number for
    one made before (recorded on the person)."""
    household = _household(cast, side)
    first = f"{side}{n}"
    person = {"rol": {"code": "MDH"}, "voornaam": first, "achternaam": "Test"}
    person["vb_telefoon"] = f"06{version:08d}"
    item = {"idExtern": household.external_id, "naam": household.name, "relaties": [person]}
    households_bulk_upsert(items=[item], actor=cast.privacy_officer)
    return int(Person.objects.get(first_name=first).pk)


def _iban(cast: Any, world: Any, side: str, n: int, version: int) -> int:
    """A new tenancy with its IBAN, or a new rent for one made before (recorded on the
    tenancy, which carries the betaalgegeven)."""
    number = n if side == "north" else 100 + n
    item = tenancy(number, _household(cast, side).external_id, BUURT[side], 600.0 + version)
    tenancies_bulk_upsert(items=[item], actor=cast.privacy_officer)
    return int(TenancyIban.objects.get(tenancy__external_id=item["idExtern"]).pk)


def _contact(cast: Any, world: Any, side: str, n: int, version: int) -> int:
    actor = _advisor(cast, side)
    household = _household(cast, side)
    return int(contact_record(household=household, channel="TEL", outcome="spoke", actor=actor).pk)


def _signal_outcome(cast: Any, world: Any, side: str, n: int, version: int) -> int:
    from verbinding.earlysignals.services import signal_outcome_record

    signal = Signal.objects.get(pk=world.ids[side]["vroegsignaleringen"])
    outcome = list(Outcome.values)[version % len(Outcome.values)]
    signal_outcome_record(signal=signal, outcome=outcome, on=clock.today(), actor=cast.manager)
    return int(signal.pk)


def _reminder_consent(cast: Any, world: Any, side: str, n: int, version: int) -> int:
    from verbinding.tenantmessages.models import ReminderConsent
    from verbinding.tenantmessages.services import reminder_consent_set

    household = _household(cast, side)
    consent = ReminderConsent.objects.filter(household=household).first()
    given = consent is None or consent.revoked_on is not None  # the other way round
    reminder_consent_set(household=household, given=given, actor=_advisor(cast, side))
    return int(household.pk)


Touch = Callable[[Any, Any, str, int, int], int]
TOUCHES: list[tuple[str, Touch]] = [
    ("huishoudens", _contact_preferences),
    ("communicatievoorkeuren", _contact_preferences),
    ("communicatievoorkeuren", _reminder_consent),
    ("dossiers", _case),
    ("natuurlijk-personen", _person),
    ("betaalgegevens", _iban),
    ("kwaliteitsmetingsverzoeken", _contact),
    ("vroegsignaleringen", _signal_outcome),
]


class Model:
    """The changes a puller should get: each object once per pull, by its latest touch."""

    def __init__(self) -> None:
        self.latest: dict[int, int] = {}
        self.count = 0

    def touched(self, rid: int) -> None:
        self.count += 1
        self.latest[rid] = self.count

    def after(self, position: int) -> list[int]:
        pending = [(n, rid) for rid, n in self.latest.items() if n > position]
        return [rid for _n, rid in sorted(pending)]


def _page(http: Any, url: str, cursor: str | None) -> dict[str, Any]:
    response = http.get(url + (f"&cursor={cursor}" if cursor else ""))
    assert response.status_code == 200, response.content[:300]
    return response.json()


def _pull(http: Any, url: str, cursor: str | None) -> tuple[list[int], str | None]:
    seen: list[int] = []
    while True:
        page = _page(http, url, cursor)
        seen.extend(int(r["id"]) for r in page["results"])
        cursor = page["cursor"] or cursor
        if not page["next"]:
            return seen, cursor


@pytest.mark.parametrize(
    ("resource", "touch"), [pytest.param(r, t, id=f"{r}-{t.__name__[1:]}") for r, t in TOUCHES]
)
def test_each_change_comes_once_across_pages_and_out_of_reach_never(
    cast, api, world, resource, touch
):
    http = api(cast.advisor)
    url = f"/api/v1/{resource}?changed_since={quote(SINCE)}&page_size=1"
    before, cursor = _pull(http, url, None)  # what changed before this test's touches
    model, south, version = Model(), set(), 0

    def touch_(side: str, n: int) -> None:
        nonlocal version
        version += 1
        rid = touch(cast, world, side, n, version)
        if side == "north":
            model.touched(rid)
        else:
            south.add(rid)

    touch_("north", 0)
    touch_("south", 0)
    touch_("north", 1)
    first = _page(http, url, cursor)
    served = [int(r["id"]) for r in first["results"]]
    assert served == model.after(0)[:1]
    position = model.latest[served[0]]
    touch_("north", 0)  # between two page fetches: an object already served changes again
    touch_("north", 2)
    expected_rest = model.after(position)
    rest, _cursor = _pull(http, url, first["cursor"])
    assert rest == expected_rest
    assert not south & set(before + served + rest)
    # The south side's changes are real changes: its own advisor pulls them.
    theirs, _c = _pull(api(cast.other_advisor), url, None)
    assert south <= set(theirs)


def test_statements_and_their_lines_come_once_even_when_one_import_adds_several(
    cast,
    api,
    register,  # noqa: F811
):
    admin = api(cast.privacy_officer)
    url = f"/api/v1/bankafschrift-regels?changed_since={quote(SINCE)}&page_size=1"
    assert admin.post("/api/v1/bankafschriften", statement(), format="json").status_code == 200
    first = _page(admin, url, None)
    # Another statement arrives between two page fetches.
    later = statement(idExtern="B6E04MS9D00A0013", vb_volgnummer=105)
    later.update(beginsaldo=3757.55, eindsaldo=3857.55, vb_begindatum="2026-05-04")
    later["bankafschriftRegels"] = [
        {
            "valutadatum": "2026-05-05",
            "bijBedrag": 100.00,
            "vb_tegenrekening": "NL91ABNA0417164300",
            "vb_tegenpartij": "J DE VRIES",
            "omschrijving": "huur juni deel 9100000011",
        }
    ]
    assert admin.post("/api/v1/bankafschriften", later, format="json").status_code == 200
    rest, cursor = _pull(admin, url, first["cursor"])
    lines = [int(r["id"]) for r in first["results"]] + rest
    by_statement = list(
        BankTransaction.objects.order_by("statement_id", "id").values_list("id", flat=True)
    )
    assert lines == by_statement  # the first import's lines (one audit row) each once, then
    assert len(lines) >= 3  # the second's
    assert _page(admin, url, cursor)["results"] == []  # nothing new: nothing again

    statements, _c = _pull(
        admin, f"/api/v1/bankafschriften?changed_since={quote(SINCE)}&page_size=1", None
    )
    assert statements == list(BankStatement.objects.order_by("id").values_list("id", flat=True))
    # Only the functional administrator reads statements: anyone else pulls nothing.
    advisor = api(cast.advisor)
    assert _pull(advisor, url, None)[0] == []
