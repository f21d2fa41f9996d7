"""The direct path for bookings (``LedgerCells``) makes exactly the cells the generic walk
(``_cells``) makes, or steps aside (None) so the generic walk names the problem: the CSV row
parser then sees the same cells either way, so an API booking is checked and refused exactly as
before and as a CSV line."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from verbinding.api.bulk import LEDGER_FIELDS, LEDGER_KEYS, LedgerCells, _cells, ledger_errors

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=12),
    st.sampled_from(["PRO", "BAN", "2026-01-05", "05-01-2026", "650,00", "AM04", "INC"]),
)
VALUES = st.one_of(
    SCALARS,
    st.fixed_dictionaries({}, optional={"code": SCALARS, "naam": SCALARS}),
    st.dictionaries(st.sampled_from(["code", "idExtern", "x"]), SCALARS, max_size=2),
    st.lists(SCALARS, max_size=2),
)
FIELDS = {
    "idExtern": VALUES,
    "overeenkomst": st.one_of(
        VALUES, st.fixed_dictionaries({}, optional={"idExtern": VALUES, "naam": VALUES})
    ),
    "boekdatum": VALUES,
    "detailSoort": VALUES,
    "bedrag": VALUES,
    "betaalwijze": VALUES,
    "omschrijving": VALUES,
    "vb_retourreden": VALUES,
}
ITEMS = st.one_of(
    st.fixed_dictionaries({}, optional=FIELDS),  # type: ignore[arg-type]
    SCALARS,
    st.lists(SCALARS, max_size=2),
)


def slow(item: Any) -> list[str] | None:
    return _cells(item, 0, LEDGER_FIELDS, LEDGER_KEYS, ledger_errors())


@settings(max_examples=400, deadline=None, database=None)
@given(ITEMS)
def test_the_direct_path_makes_the_same_cells_or_steps_aside(item):
    fast = LedgerCells()(item)
    if fast is not None:
        assert fast == slow(item)


def test_a_well_formed_erp_booking_takes_the_direct_path():
    fast = LedgerCells()
    item = {
        "idExtern": "B1",
        "overeenkomst": {"idExtern": "HO1"},
        "boekdatum": "2026-01-05",
        "detailSoort": {"code": "PRO", "naam": "Prolongatie"},
        "bedrag": 650.1,
        "betaalwijze": "INC",
    }
    assert fast(item) == ["B1", "HO1", "2026-01-05", "PRO", "650.1", "INC", "", ""]
    assert fast(item) == slow(item)  # the amount's text, now from the cache
    assert fast(dict(item, bedrag=True)) is None  # a boolean amount: the generic walk refuses it
