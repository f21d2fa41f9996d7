"""A warm referral at phone size: made with consent, answered by the partner in a second browser
context without a login, the answer shown to the advisor."""

from __future__ import annotations

import pytest

from verbinding.cases.services import case_open
from verbinding.referrals.models import Partner
from verbinding.testing.browser import PHONE, assert_accessible, assert_fits_phone, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_referral_with_consent_answered_by_the_partner(
    browser_page, chromium_browser, live_server, cast
):
    Partner.objects.create(
        name="Schuldhulp Deventer", kind="debt_help", municipality=cast.north.district.municipality
    )
    case = case_open(
        household=cast.north_household, detail="HUA", handler=cast.advisor, actor=cast.advisor
    )
    page = browser_page
    login(page, live_server, cast.advisor)
    page.goto(f"{live_server.url}/cases/{case.id}/")
    page.get_by_role("link", name="Verwijzen naar een partner").click()
    assert page.get_by_label("Voor de zaak").input_value() == str(case.id)
    page.get_by_label("Verwijzen naar").select_option(label="Schuldhulp Deventer")
    page.get_by_label("Wat vraagt u de partner?").fill("Graag een intake voor schuldhulp.")
    page.get_by_label("De vraag in de woorden van de adviseur").check()
    page.get_by_label("Met welk doel").fill("Schulden op een rij")
    page.get_by_label(
        "De huurder heeft hier uitdrukkelijk toestemming voor gegeven", exact=False
    ).check()
    page.get_by_role("button", name="Verwijzing versturen").click()
    link = page.locator("[data-testid=referral-link] code").inner_text()
    assert_accessible(page)
    assert_fits_phone(page)

    partner = chromium_browser.new_context(viewport=PHONE, locale="nl-NL")
    try:
        other = partner.new_page()
        other.goto(link)
        other.get_by_text("Graag een intake voor schuldhulp.").wait_for()
        other.get_by_label("Intake gepland").check()
        other.get_by_label("Intake op").fill("2026-07-01")
        other.get_by_label("Toelichting", exact=False).fill("We bellen mevrouw deze week.")
        other.get_by_role("button", name="Antwoord versturen").click()
        other.locator("[data-testid=answered]").wait_for()
    finally:
        partner.close()

    page.reload()
    assert "Intake gepland" in page.locator("[data-testid=referral]").inner_text()
    page.goto(f"{live_server.url}/cases/{case.id}/")  # the answer lands on the case
    answer = page.locator("[data-testid=case-referral]").inner_text()
    assert "Intake gepland" in answer and "1 jul 2026" in answer.lower()
    assert "We bellen mevrouw deze week." in answer
    assert_fits_phone(page)
    page.goto(f"{live_server.url}/households/{cast.north_household.id}/")  # lopende zaken
    assert "Schuldhulp Deventer" in page.locator("[data-testid=glance-referral]").inner_text()
