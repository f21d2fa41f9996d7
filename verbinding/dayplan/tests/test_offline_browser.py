"""Issue 15 'done when', at phone size: a day plan of five households is kept for offline use;
the browser goes offline; a visit is recorded on the household's page (served by the service
worker), kept encrypted on the device and shown as 'not yet sent'; back online it is saved
exactly once. Logging out wipes the cached pages, the queue and the key."""

from __future__ import annotations

import pytest

from verbinding import clock
from verbinding.contacts.models import ContactMoment
from verbinding.dayplan import services
from verbinding.testing import factories as f
from verbinding.testing.browser import assert_accessible, assert_fits_phone, login, open_menu

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Reads the device's queue as stored: the sealed bytes, as text, to show the note is not in them.
READ_QUEUE = """() => new Promise((resolve, reject) => {
  const open = indexedDB.open("verbinding-offline");
  open.onerror = () => reject(open.error);
  open.onsuccess = () => {
    const tx = open.result.transaction(["queue", "keys"], "readonly");
    const all = tx.objectStore("queue").getAll();
    const key = tx.objectStore("keys").get("aes");
    tx.oncomplete = () => resolve({
      rows: all.result.map(r => ({state: r.state, text: new TextDecoder().decode(r.data)})),
      extractable: key.result.extractable,
      algorithm: key.result.algorithm.name,
    });
  };
})"""


def test_a_visit_recorded_offline_is_saved_once_when_the_connection_returns(
    browser_page, live_server, cast
):
    today = clock.today()
    homes = [cast.north_household] + [
        f.household_in(cast.north, name=f"Huishouden {n}")
        for n in ("Bos", "Claes", "Dekker", "Eker")
    ]
    services.day_plan_set(
        actor=cast.advisor, day=today, household_ids=[h.id for h in homes], today=today
    )
    visited = homes[2]
    page = browser_page
    page.clock.set_system_time(clock.now())  # the device's clock agrees with the server's
    login(page, live_server, cast.advisor)
    page.goto(f"{live_server.url}/dayplan/")
    assert page.locator("[data-testid=stop]").count() == 5
    status = page.locator("[data-offline-prepare]")
    page.wait_for_selector("[data-offline-prepare][data-state=ready]", timeout=20_000)
    assert "5 huishoudens" in status.inner_text()

    page.context.set_offline(True)
    page.goto(f"{live_server.url}/households/{visited.id}/")  # served from the round's cache
    page.get_by_role("heading", name=visited.name).wait_for()
    assert page.locator("[data-testid=offline-glance]").count() == 1
    assert_fits_phone(page)
    page.get_by_label("Gesproken", exact=True).check()
    page.get_by_label("Notitie", exact=True).fill("Gesproken in de hal, regeling besproken.")
    page.get_by_role("button", name="Bezoek opslaan").click()
    unsent = page.locator("[data-testid=unsent]")
    unsent.wait_for()
    assert "Nog niet verstuurd" in unsent.inner_text() and visited.name in unsent.inner_text()
    assert ContactMoment.objects.count() == 0
    stored = page.evaluate(READ_QUEUE)
    assert len(stored["rows"]) == 1 and stored["rows"][0]["state"] == "pending"
    assert "regeling" not in stored["rows"][0]["text"]  # sealed with AES-GCM
    assert stored["algorithm"] == "AES-GCM" and stored["extractable"] is False
    assert_accessible(page)

    page.context.set_offline(False)  # the 'online' event sends the queue
    unsent.wait_for(state="detached", timeout=20_000)
    assert "Verstuurd" in page.locator("[data-testid=offline-saved]").first.inner_text()
    contact = ContactMoment.objects.get()
    assert contact.household_id == visited.id and contact.outcome == "spoke"
    assert contact.idempotency_key is not None and contact.author_id == cast.advisor.id
    page.goto(f"{live_server.url}/dayplan/")  # loading pages again sends nothing twice
    page.wait_for_selector("[data-offline-prepare][data-state=ready]", timeout=20_000)
    assert ContactMoment.objects.count() == 1
    assert "Bezocht: contact vastgelegd." in page.content()

    open_menu(page)
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_url("**/account/login/**")
    assert page.evaluate("caches.keys()") == []
    names = page.evaluate("indexedDB.databases().then(d => d.map(x => x.name))")
    assert "verbinding-offline" not in names


def test_a_conflict_is_kept_and_shown_not_lost(browser_page, live_server, cast):
    """The household left the advisor's neighbourhoods while the contact waited on the device."""
    today = clock.today()
    services.day_plan_set(
        actor=cast.advisor, day=today, household_ids=[cast.north_household.id], today=today
    )
    page = browser_page
    page.clock.set_system_time(clock.now())
    login(page, live_server, cast.advisor)
    page.goto(f"{live_server.url}/dayplan/")
    page.wait_for_selector("[data-offline-prepare][data-state=ready]", timeout=20_000)
    page.context.set_offline(True)
    page.goto(f"{live_server.url}/dayplan/offline/{cast.north_household.id}/")
    page.get_by_label("Niet thuis", exact=True).check()
    page.get_by_role("button", name="Bezoek opslaan").click()
    page.locator("[data-testid=unsent]").wait_for()
    cast.advisor.neighbourhoods.set([cast.south])  # meanwhile: moved to another area
    page.context.set_offline(False)
    conflict = page.locator("[data-testid=unsent][data-state=conflict]")
    conflict.wait_for(timeout=20_000)
    assert "Niet opgeslagen" in conflict.inner_text()
    assert "niet meer in uw wijken" in conflict.inner_text()
    assert ContactMoment.objects.count() == 0
    page.goto(f"{live_server.url}/dayplan/")  # still there on the day plan: shown, not lost
    kept = page.locator("[data-testid=unsent][data-state=conflict]")
    kept.wait_for()
    assert "Huishouden Jansen" in kept.inner_text()
    assert_fits_phone(page)
    kept.get_by_role("button", name="Weghalen van dit toestel").click()  # read, then removed
    kept.wait_for(state="detached")
