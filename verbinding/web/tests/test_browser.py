"""The foundation in a real browser: log in, open a household, fail to open another's."""

from __future__ import annotations

import pytest

from verbinding.testing.browser import assert_accessible, assert_fits_phone, login, open_menu

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_advisor_logs_in_opens_a_household_and_cannot_open_another(
    browser_page, live_server, cast
):
    page = browser_page
    login(page, live_server, cast.advisor)
    assert_accessible(page)
    assert_fits_phone(page)

    open_menu(page)
    page.get_by_role("link", name="Huishoudens").first.click()
    page.get_by_role("link", name="Huishouden Jansen").click()
    page.get_by_role("heading", name="Huishouden Jansen").wait_for()
    assert "Wie woont hier" in page.content()
    assert_accessible(page)
    assert_fits_phone(page)

    # A change shows a confirmation that screen readers announce; the page stays accessible.
    # (folded away on the household page: More actions → contact preferences)
    page.get_by_test_id("more-actions").locator("summary").first.click()
    page.get_by_text("Woning en huurcontract, contactvoorkeur, signaleringen").click()
    page.get_by_label("Voorkeur voor contact").select_option("TEL")
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_text("Contactvoorkeur opgeslagen.").wait_for()
    assert_accessible(page)

    response = page.goto(f"{live_server.url}/households/{cast.south_household.id}/")
    assert response is not None and response.status == 404
    assert "El Amrani" not in page.content()


def test_the_interface_switches_to_english_and_back(browser_page, live_server, cast):
    page = browser_page
    login(page, live_server, cast.advisor)
    page.get_by_label("Taal").select_option("en")
    page.get_by_role("button", name="Wissel").click()
    # Wait for the new page before opening its menu: the old page's menu may still be there.
    page.locator("html[lang=en]").wait_for(state="attached")
    open_menu(page)
    page.get_by_role("link", name="Households").first.wait_for()
    page.get_by_label("Language").select_option("nl")
    page.get_by_role("button", name="Switch").click()
    page.locator("html[lang=nl]").wait_for(state="attached")
    open_menu(page)
    page.get_by_role("link", name="Huishoudens").first.wait_for()


def test_the_login_page_works_by_keyboard(browser_page, live_server, cast):
    page = browser_page
    page.goto(f"{live_server.url}/account/login/")
    assert_accessible(page)
    page.keyboard.press("Tab")  # skip link
    page.keyboard.press("Tab")  # brand
    for _ in range(6):
        if page.evaluate("document.activeElement.id") == "id_username":
            break
        page.keyboard.press("Tab")
    page.keyboard.type(cast.advisor.username)
    page.keyboard.press("Tab")
    from verbinding.testing.factories import PASSWORD

    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/")
