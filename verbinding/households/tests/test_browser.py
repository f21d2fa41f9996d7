"""Issue 12 at 360 px in a real browser: the household page shows the work in progress, the
worklist reacts to what was done, every menu item is reachable, one arrangement at a time."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from verbinding import clock
from verbinding.arrangements import services as arrangements
from verbinding.arrangements.models import PaymentArrangement
from verbinding.arrangements.reference import load_current
from verbinding.arrears.services import recompute
from verbinding.cases.services import case_open
from verbinding.nuisance.tests.conftest import file_report, street  # noqa: F401 - fixture
from verbinding.testing.browser import PHONE, assert_accessible, assert_fits_phone, login
from verbinding.testing.factories import PASSWORD
from verbinding.worklist.tests.test_worklist import months_unpaid

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_household_with_two_open_cases_shows_them_in_the_top_block(
    browser_page, live_server, cast
):
    household = cast.north_household
    case_open(household=household, detail="HUA", handler=cast.advisor, actor=cast.advisor)
    case_open(household=household, detail="BET", handler=cast.colleague, actor=cast.advisor)
    page = browser_page
    login(page, live_server, cast.advisor)
    page.goto(f"{live_server.url}/households/{household.id}/")
    top = page.get_by_test_id("glance")
    top.get_by_role("heading", name="Lopende zaken").wait_for()
    assert top.get_by_test_id("glance-case").count() == 2
    box = top.bounding_box()
    assert box is not None and box["y"] + box["height"] <= PHONE["height"] * 1.2  # one screen
    assert_accessible(page)
    assert_fits_phone(page)
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height <= 3 * PHONE["height"], f"the household page is {height}px high"


def test_the_top_worklist_households_nuisance_case_shows_on_its_page(
    browser_page,
    live_server,
    cast,
    street,  # noqa: F811
):
    file_report(cast, against=street.jansen, by=street.de_boer, detail="DRU")
    page = browser_page
    login(page, live_server, cast.advisor)
    first = page.get_by_test_id("worklist-row").first
    assert first.get_attribute("data-household") == str(street.jansen.id)
    assert first.get_by_test_id("open-source").inner_text() == "Ga naar de overlastzaak"
    first.get_by_test_id("open-household").click()
    page.wait_for_url(f"**/households/{street.jansen.id}/")
    nuisance = page.get_by_test_id("glance-nuisance")
    assert nuisance.count() == 1
    assert "over dit huishouden" in nuisance.inner_text()
    assert_fits_phone(page)


@pytest.mark.parametrize("who", ["advisor", "team_lead", "manager", "privacy_officer"])
def test_every_menu_item_is_reachable_at_phone_width_by_keyboard(
    browser_page, live_server, cast, who
):
    page = browser_page
    page.goto(f"{live_server.url}/account/login/")  # (the manager lands on the outcomes)
    page.get_by_label("Gebruikersnaam").fill(getattr(cast, who).username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(lambda url: "/account/login/" not in url)
    if who == "manager":
        assert page.url.endswith("/outcomes/")
    toggle = page.get_by_test_id("menu-toggle")
    toggle.wait_for()
    menu = page.locator("#main-menu")
    assert not menu.is_visible()
    toggle.focus()
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true"
    items = menu.locator("a, button")
    assert items.count() >= 3
    for i in range(items.count()):
        item = items.nth(i)
        assert item.is_visible(), item.inner_text()
        box = item.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert_fits_phone(page)
    assert_accessible(page)
    page.keyboard.press("Escape")
    assert toggle.get_attribute("aria-expanded") == "false"
    # wide: no button, every item on screen, nothing cut off
    page.set_viewport_size({"width": 1280, "height": 800})
    assert not toggle.is_visible()
    for i in range(items.count()):
        box = items.nth(i).bounding_box()
        assert box is not None and box["x"] + box["width"] <= 1280
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280


@pytest.mark.parametrize("who", ["advisor", "team_lead", "manager", "privacy_officer"])
def test_every_page_in_the_menu_fits_the_phone(browser_page, live_server, cast, who):
    """Each page a role reaches from its menu fits 360 px: wide tables scroll inside themselves,
    the page never scrolls sideways."""
    page = browser_page
    login(page, live_server, getattr(cast, who))
    hrefs = page.eval_on_selector_all(
        "#main-menu a[href^='/']", "links => links.map(link => link.getAttribute('href'))"
    )
    assert len(hrefs) >= 3
    for href in dict.fromkeys(hrefs):
        response = page.goto(f"{live_server.url}{href}")
        assert response is not None and response.status == 200, href
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 1, f"{href} is {overflow}px wider than the phone"


def test_a_second_active_arrangement_is_refused(browser_page, live_server, cast):
    load_current()
    household = cast.north_household
    tenancy = household.tenancies.get()
    first = arrangements.arrangement_propose(
        household=household,
        tenancy=tenancy,
        amount_cents=65000,
        instalment_cents=13000,
        first_due_on=clock.today() + dt.timedelta(days=14),
        actor=cast.advisor,
    )
    page = browser_page
    login(page, live_server, cast.advisor)
    page.goto(live_server.url + reverse("arrangements:new", args=[household.id]))
    assert page.get_by_test_id("existing-arrangement").is_visible()
    page.locator("#id_amount").fill("650,00")
    page.locator("#id_instalment").fill("200,00")
    page.get_by_role("button", name="Controleren").click()
    verdict = page.get_by_test_id("verdict")
    verdict.wait_for()
    page.locator("#id_exception_reason").fill("Tweede regeling")
    page.get_by_test_id("save").click()
    page.get_by_text("Vink het vakje aan").wait_for()
    assert PaymentArrangement.objects.filter(tenancy=tenancy).count() == 1
    assert_accessible(page)
    assert_fits_phone(page)
    first.refresh_from_db()
    assert first.status == "ACT"


def test_a_visit_done_removes_visit_before_court_from_the_worklist(browser_page, live_server, cast):
    today = clock.today()
    household = cast.north_household
    months_unpaid(household, 3, today=today)
    recompute(today=today)
    page = browser_page
    login(page, live_server, cast.advisor)
    row = page.locator(f'[data-testid="worklist-row"][data-household="{household.id}"]')
    assert "grens kantonrechter" in row.inner_text()
    row.get_by_role("link", name="Contact vastleggen").click()
    page.wait_for_url("**/contacts/new/**")
    assert page.locator('input[name="channel"][value="BEZ"]').is_checked()
    page.locator('label.tap:has(input[value="not_home"])').click()
    page.get_by_test_id("save-contact").click()
    page.wait_for_url(f"**/households/{household.id}/**")
    page.goto(f"{live_server.url}/worklist/")
    page.get_by_role("heading", name="Wie heeft mij vandaag nodig?").wait_for()
    rows = page.locator(f'[data-testid="worklist-row"][data-household="{household.id}"]')
    assert rows.count() == 0 or "grens kantonrechter" not in rows.inner_text()
