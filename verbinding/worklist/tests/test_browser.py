"""The worklist and the arrears section in a real (phone-sized) browser, checked by axe-core."""

from __future__ import annotations

import pytest

from verbinding import clock
from verbinding.arrears.services import recompute
from verbinding.testing.browser import assert_accessible, assert_fits_phone, login
from verbinding.worklist.tests.test_worklist import months_unpaid

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_advisor_starts_on_the_worklist_and_taps_through_to_the_household(
    browser_page, live_server, cast
):
    today = clock.today()
    months_unpaid(cast.north_household, 2, today=today)
    recompute(today=today)
    page = browser_page
    login(page, live_server, cast.advisor)
    page.get_by_role("heading", name="Wie heeft mij vandaag nodig?").wait_for()
    assert "2 maanden achterstand (€ 1.300)" in page.content()
    assert_accessible(page)
    assert_fits_phone(page)

    page.locator("details.card summary").click()
    page.get_by_label("Soort signaal").select_option("arrears:arrears_2m")
    page.locator("form[role=search] button[type=submit]").click()
    page.get_by_role("link", name="Huishouden Jansen").click()
    page.get_by_role("heading", name="Lopende zaken").wait_for()
    assert page.locator("figure.chart svg").count() == 1
    assert_accessible(page)
    assert_fits_phone(page)
