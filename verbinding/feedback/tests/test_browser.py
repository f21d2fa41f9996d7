from __future__ import annotations

import pytest

from verbinding.feedback import services
from verbinding.feedback.models import Appreciation
from verbinding.feedback.tests.conftest import make_contact
from verbinding.testing.browser import assert_accessible, assert_fits_phone, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_tenant_gives_a_grade_on_the_advisors_phone(browser_page, live_server, cast):
    contact = make_contact(cast.north_household, cast.advisor)
    page = browser_page
    login(page, live_server, cast.advisor)
    page.goto(f"{live_server.url}/feedback/")
    page.get_by_role("link", name="Geef de telefoon").click()
    page.get_by_role("heading", name="Geef de telefoon aan de huurder").wait_for()
    assert_fits_phone(page)
    page.get_by_role("link", name="Start: ik ben de huurder").click()
    page.get_by_role("heading", name="Hoe was ons contact?").wait_for()
    assert_accessible(page)
    assert_fits_phone(page)
    page.get_by_role("radio", name="8", exact=True).check()
    page.get_by_label("Wilt u nog iets zeggen?").fill("Prettig gesprek")
    page.get_by_role("button", name="Verstuur mijn cijfer").click()
    page.get_by_text("Geef de telefoon terug aan uw wijkadviseur.").wait_for()
    assert "Prettig gesprek" not in page.content()
    assert_accessible(page)
    assert_fits_phone(page)
    answer = Appreciation.objects.get(contact=contact)
    assert (answer.grade, answer.comment) == (8, "Prettig gesprek")


def test_the_tenant_answers_through_the_link_without_logging_in(browser_page, live_server, cast):
    contact = make_contact(cast.north_household, cast.advisor, channel="BRI", outcome="sent")
    _link, token = services.link_create(contact=contact, actor=cast.advisor)
    page = browser_page
    page.goto(f"{live_server.url}/feedback/t/{token}/")
    page.get_by_role("heading", name="Hoe was ons contact?").wait_for()
    assert "brief" in page.content()
    assert_accessible(page)
    assert_fits_phone(page)
    page.get_by_role("button", name="Verstuur mijn cijfer").click()
    page.get_by_text("Kies een cijfer van 1 tot en met 10.").first.wait_for()
    page.get_by_role("radio", name="10", exact=True).check()
    page.get_by_role("button", name="Verstuur mijn cijfer").click()
    page.get_by_role("heading", name="Dank u wel!").wait_for()
    assert_accessible(page)
    assert Appreciation.objects.get(contact=contact).grade == 10
