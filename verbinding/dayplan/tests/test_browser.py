"""The day plan at phone size: five households from the worklist, in walking order, one tap for
'not at home'."""

from __future__ import annotations

import pytest

from verbinding import clock
from verbinding.arrears.services import recompute
from verbinding.testing import factories as f
from verbinding.testing.browser import assert_accessible, assert_fits_phone, login
from verbinding.worklist.tests.test_worklist import months_unpaid

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_day_plan_of_five_households_and_not_at_home(browser_page, live_server, cast):
    today = clock.today()
    homes = [cast.north_household] + [
        f.household_in(cast.north, name=f"Huishouden {n}")
        for n in ("Bos", "Claes", "Dekker", "Eker")
    ]
    for home in homes:
        months_unpaid(home, 2, today=today)
    recompute(today=today)
    page = browser_page
    login(page, live_server, cast.advisor)
    page.goto(live_server.url + "/dayplan/")
    page.get_by_role("heading", name="Mijn ronde vandaag").wait_for()
    for box in page.locator("input[name=household]").all():
        box.check()
    page.get_by_role("button", name="Ronde opslaan").click()
    page.locator("[data-testid=stop]").first.wait_for()
    assert page.locator("[data-testid=stop]").count() == 5
    assert_accessible(page)
    assert_fits_phone(page)
    # the page keeps the round for offline use in the background (ADR 0017); let it finish
    page.wait_for_selector("[data-offline-prepare][data-state=ready]", timeout=20_000)
    page.get_by_role("button", name="Niet thuis: kaartje achtergelaten").first.click()
    page.locator("[data-testid=stop-outcome]").first.wait_for()
    assert "Niet thuis, kaartje achtergelaten." in page.content()
    page.wait_for_selector("[data-offline-prepare][data-state=ready]", timeout=20_000)
