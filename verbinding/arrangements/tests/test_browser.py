"""At the kitchen table, on a phone (360x740): the advisor makes an arrangement."""

from __future__ import annotations

import datetime as dt

import pytest

from verbinding import clock
from verbinding.arrangements.models import PaymentArrangement
from verbinding.arrangements.reference import load_current
from verbinding.arrangements.tests.conftest import book
from verbinding.testing.browser import assert_accessible, assert_fits_phone, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_advisor_makes_an_arrangement_at_phone_size(browser_page, live_server, cast):
    load_current()  # policy v1 and the beslagvrije voet (a transactional test starts empty)
    household = cast.north_household
    book(household.tenancies.get(), dt.date(2026, 1, 1), 65000, kind="charge")
    page = browser_page
    login(page, live_server, cast.advisor)
    page.goto(f"{live_server.url}/arrangements/new/{household.id}/")
    page.get_by_label("De huurder kan per maand betalen, bovenop de huur (€)").fill("130,00")
    page.get_by_label("Soort huishouden").select_option("single")
    page.get_by_label("Netto inkomen per maand (€)").fill("1500,00")
    page.get_by_label("Vaste lasten per maand naast de huur (€)").fill("400,00")
    page.get_by_label("Beslagvrije voet uit de officiële rekenhulp (€)").fill("1250,00")
    page.get_by_label("Berekend op").fill((clock.today() - dt.timedelta(days=2)).isoformat())
    page.get_by_role("button", name="Controleren").click()
    page.get_by_test_id("verdict").wait_for()
    assert "Binnen de marges" in page.get_by_test_id("verdict").inner_text()
    assert page.get_by_test_id("schedule").locator("tbody tr").count() == 5
    assert_fits_phone(page)
    assert_accessible(page)
    page.get_by_role("button", name="Regeling afspreken").click()
    page.get_by_test_id("instalments").wait_for()
    assert page.get_by_test_id("status").inner_text() == "Actief"
    assert_fits_phone(page)
    # The flash message list in base.html (li role=status inside ul) trips axe's list rule; that
    # is the shared layout's, so check this page's own markup once the message is gone.
    page.reload()
    assert_accessible(page)
    arrangement = PaymentArrangement.objects.get()
    assert (arrangement.instalment_cents, arrangement.income_cents) == (13000, 150000)
    assert arrangement.protected_income_cents == 125000  # the official calculator's outcome
