"""On a phone (360x740): the functional administrator imports the example files and a statement,
assigns the payment no rule could match, and sees why a broken file is refused — in Dutch."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from verbinding.imports.models import ImportRun, UnmatchedPayment
from verbinding.ledger.models import LedgerEntry
from verbinding.testing import factories as f
from verbinding.testing.browser import assert_accessible, assert_fits_phone, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def check(page: Any) -> None:
    assert_fits_phone(page)
    assert_accessible(page)


def upload(page: Any, live_server: Any, name: str) -> str:
    """Upload one example through the form; return the result text of the import's page."""
    page.goto(f"{live_server.url}/imports/")
    page.get_by_label("Bestand:", exact=True).set_input_files(EXAMPLES / name)
    page.get_by_role("button", name="Importeren").click()
    page.wait_for_url(f"{live_server.url}/imports/*/")
    heading = page.get_by_role("heading", level=1)
    assert name in heading.inner_text()
    check(page)
    return str(page.locator(".notice").inner_text())


def test_the_administrator_imports_assigns_and_reads_the_problems_at_phone_size(
    browser_page: Any, live_server: Any, cast: Any
) -> None:
    # The cast has the buurten BU01500101 and BU01500201; the examples also use BU01500102.
    f.NeighbourhoodFactory(cbs_code="BU01500102", name="Noorderkwartier-Oost")
    page = browser_page
    login(page, live_server, cast.privacy_officer)
    page.goto(f"{live_server.url}/imports/")
    check(page)

    assert "8 nieuw, 0 gewijzigd, 0 ongewijzigd." in upload(page, live_server, "households.csv")
    assert "5 nieuw" in upload(page, live_server, "tenancies.csv")
    assert "31 nieuw, 0 gewijzigd, 0 ongewijzigd" in upload(page, live_server, "ledger.csv")
    result = upload(page, live_server, "bank-camt053.xml")
    assert "1 te koppelen" in result
    assert "camt.053.001.08" in page.locator(".facts").inner_text()

    # the payment no rule could match waits on the review list
    page.get_by_role("link", name="Open de lijst om te koppelen").click()
    page.wait_for_url(f"{live_server.url}/imports/review/")
    assert "STICHTING SCHULDHULP OOST" in page.locator("main").inner_text()
    check(page)
    page.get_by_label("Contractnummer of betalingskenmerk").fill("9100000055")
    page.get_by_label(re.compile(r"^Waarom")).fill("schuldhulp betaalt voor deze huurder")
    page.get_by_role("button", name="Koppelen en boeken").click()
    page.get_by_text("Geboekt op HO900005").wait_for()
    assert "Niets te koppelen" in page.locator("main").inner_text()
    check(page)
    item = UnmatchedPayment.objects.get()
    assert item.tenancy is not None and item.tenancy.external_id == "HO900005"
    assert item.assigned_by == cast.privacy_officer

    # a broken ledger file changes nothing and says, per line, what is wrong
    before = LedgerEntry.objects.count()
    result = upload(page, live_server, "ledger-broken.csv")
    assert "Het bestand is geweigerd en er is niets veranderd." in result
    assert "4 problemen op 4 regels" in result
    problems = page.get_by_test_id("problems").locator("li").all_inner_texts()
    assert problems[:2] == [
        "Regel 5 · boekdatum\ngeen geldige datum: '31-02-2026' (gebruik dd-mm-jjjj)",
        "Regel 6 · contractnummer\nonbekend contract 'HO999999'",
    ]
    assert [p.split(" · ")[0] for p in problems] == ["Regel 5", "Regel 6", "Regel 7", "Regel 8"]
    assert LedgerEntry.objects.count() == before
    assert ImportRun.objects.filter(status="rejected").count() == 1

    # the history lists all five imports and still fits the phone
    page.goto(f"{live_server.url}/imports/")
    assert page.get_by_test_id("history").locator("li").count() == 5
    check(page)


def test_a_statement_that_does_not_add_up_is_refused_then_imported_with_the_box_ticked(
    browser_page: Any, live_server: Any, cast: Any, tmp_path: Path
) -> None:
    text = (EXAMPLES / "bank-mt940.sta").read_text().replace("132490,55", "132500,55")
    path = tmp_path / "afschrift.sta"
    path.write_text(text)
    page = browser_page
    login(page, live_server, cast.privacy_officer)
    page.goto(f"{live_server.url}/imports/")
    page.get_by_label("Bestand:", exact=True).set_input_files(path)
    page.get_by_role("button", name="Importeren").click()
    page.wait_for_url(f"{live_server.url}/imports/*/")
    (problem,) = page.get_by_test_id("problems").locator("li").all_inner_texts()
    assert "telt niet op" in problem and "verschil € 10,00" in problem
    check(page)
    assert LedgerEntry.objects.count() == 0

    page.goto(f"{live_server.url}/imports/")
    page.get_by_label("Bestand:", exact=True).set_input_files(path)
    page.get_by_label("Een bankafschrift dat niet optelt toch inlezen").check()
    page.get_by_role("button", name="Importeren").click()
    page.wait_for_url(f"{live_server.url}/imports/*/")
    warnings = page.get_by_test_id("warnings").inner_text()
    assert "Telt niet op" in warnings and "verschil € 10,00" in warnings
    check(page)
    page.goto(f"{live_server.url}/imports/")
    assert page.get_by_test_id("warning-badge").inner_text() == "1 waarschuwing"
    check(page)
