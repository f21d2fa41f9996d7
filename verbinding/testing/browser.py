"""Browser-test harness: Playwright driving Debian's Chromium (no browser download).

Use the fixture ``browser_page`` (a phone-sized page, 360×740, Dutch) and the helpers below::

    @pytest.mark.browser
    def test_something(browser_page, live_server, cast):
        login(browser_page, live_server, cast.advisor)
        browser_page.goto(live_server.url + "/households/")
        assert_accessible(browser_page)

If Chromium is missing the browser tests are skipped locally with a clear reason, but they fail when
``VERBINDING_REQUIRE_BROWSER=1`` (set by ``.ci/run``), so CI never passes without running them.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

from verbinding.testing.factories import PASSWORD

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
PHONE = {"width": 360, "height": 740}


def _chromium_path() -> str | None:
    if os.path.exists(CHROMIUM):
        return CHROMIUM
    return shutil.which("chromium")


@pytest.fixture(scope="session")
def chromium_browser() -> Iterator[Any]:
    path = _chromium_path()
    if path is None:
        if os.environ.get("VERBINDING_REQUIRE_BROWSER") == "1":
            pytest.fail("Chromium not found at /usr/bin/chromium: apt-get install chromium")
        pytest.skip("Chromium not installed (apt-get install chromium) - browser tests skipped")
    # Playwright's sync API runs an event loop in this thread; the Django ORM calls made by the
    # test itself (fixtures, assertions) are still synchronous and safe.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=path, args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture
def browser_page(chromium_browser: Any, live_server: Any) -> Iterator[Any]:
    """A fresh phone-sized page (360×740, nl-NL) for one test."""
    context = chromium_browser.new_context(
        viewport=PHONE, locale="nl-NL", base_url=live_server.url, accept_downloads=True
    )
    # Generous: a page that never comes still fails, but on a loaded 2-core CI machine a heavy page
    # (the first Deduce redaction in a process takes 10-20 s) must not turn into a flaky failure.
    context.set_default_timeout(30_000)
    page = context.new_page()
    yield page
    context.close()


def login(page: Any, live_server: Any, user: Any, password: str = PASSWORD) -> None:
    """Log in through the real login form."""
    page.goto(f"{live_server.url}/account/login/")
    page.get_by_label("Gebruikersnaam").fill(user.username)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(lambda url: "/account/login/" not in url)  # the manager lands elsewhere


def assert_accessible(page: Any, *, impacts: tuple[str, ...] = ("serious", "critical")) -> None:
    """axe-core finds no violations of the given impact on the current page."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    violations = [v for v in results.response["violations"] if v.get("impact") in impacts]
    summary = "; ".join(
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes'][:3]]}"
        for v in violations
    )
    assert not violations, f"axe-core: {summary}"


def assert_fits_phone(page: Any) -> None:
    """Nothing on the page makes it scroll sideways at phone width."""
    page.wait_for_load_state("load")  # not between two documents (no documentElement then)
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 1, f"page is {overflow}px wider than the phone screen"


def open_menu(page: Any) -> None:
    """On a phone the main menu is behind the menu button: open it (nothing to do when wide)."""
    # The button stays hidden until menu.js (deferred) has run, and that script is also what
    # folds the menu away: look before it has run and the menu is folded a moment later with
    # nobody opening it. Deferred scripts have run once DOMContentLoaded has fired.
    page.wait_for_load_state("domcontentloaded")
    toggle = page.locator("nav.main .menu-toggle")
    if toggle.count() and toggle.is_visible() and toggle.get_attribute("aria-expanded") != "true":
        toggle.click()
        page.locator('nav.main .menu-toggle[aria-expanded="true"]').wait_for(state="attached")
