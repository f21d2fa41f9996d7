"""Regenerate the README screenshots from a running demo, at phone size (360 × 740, 2× pixels).

    verbinding demo_setup && verbinding serve --port 8000 &
    python scripts/screenshots.py http://127.0.0.1:8000

Uses Debian's Chromium through Playwright (as the browser tests do). The household shown is the
one at the top of the demo advisor's worklist; the contact form and the network map are its own.
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
PHONE = {"width": 360, "height": 740}
CHROMIUM = "/usr/bin/chromium"


def main(base: str) -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"], headless=True
        )
        page = browser.new_page(viewport=PHONE, device_scale_factor=2, locale="nl-NL")
        page.goto(f"{base}/account/login/")
        page.get_by_label("Gebruikersnaam").fill("adviseur")
        page.get_by_label("Wachtwoord").fill("verbinding-demo")
        page.get_by_role("button", name="Inloggen").click()
        page.wait_for_url(f"{base}/")
        page.screenshot(path=OUT / "worklist-phone.png")
        first = page.get_by_test_id("worklist-row").first
        household = first.get_attribute("data-household")
        page.goto(f"{base}/households/{household}/")
        page.screenshot(path=OUT / "household-phone.png")
        page.goto(f"{base}/contacts/new/?household={household}")
        page.locator('label.tap:has(input[value="spoke"])').click()
        page.locator("#id_note").fill("Keukentafelgesprek: wil een regeling, zus helpt.")
        page.screenshot(path=OUT / "contact-phone.png")
        page.goto(f"{base}/network/household/{household}/")
        page.screenshot(path=OUT / "ecomap-phone.png")
        browser.close()
    for name in sorted(OUT.glob("*.png")):
        print(name.relative_to(OUT.parent.parent))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000")
