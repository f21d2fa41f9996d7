"""On a phone (360 px): a handover refused because the tenant keeps a running arrangement."""

from __future__ import annotations

import datetime as dt

import pytest

from verbinding.arrangements.reference import load_current
from verbinding.arrangements.services import arrangement_propose
from verbinding.escalation.models import Escalation
from verbinding.testing import factories as f
from verbinding.testing.browser import assert_fits_phone, login

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.today(dt.date(2026, 6, 17)),
]


def test_a_handover_is_refused_while_an_arrangement_is_kept(browser_page, live_server, cast):
    """Issue 11 (blocked while help is working): a running arrangement that is being kept blocks
    the handover, and the screen says so and why (a recent arrangement can defeat a claim to
    dissolve the lease, domain.md §1); not even the form to record the step is offered."""
    load_current()
    household = cast.north_household
    tenancy = household.tenancies.get()
    for month in (4, 5, 6):
        f.LedgerEntryFactory(tenancy=tenancy, booked_on=dt.date(2026, month, 1), amount_cents=65000)
    arrangement_propose(
        household=household,
        tenancy=tenancy,
        amount_cents=195000,
        instalment_cents=32500,
        first_due_on=dt.date(2026, 7, 1),
        actor=cast.advisor,
        on=dt.date(2026, 6, 10),
    )
    page = browser_page
    login(page, live_server, cast.advisor)
    page.goto(f"{live_server.url}/escalation/household/{household.id}/")
    blocker = page.locator('[data-check="arrangement_kept"]')
    assert blocker.get_attribute("data-met") == "no"
    text = blocker.inner_text()
    assert "Er loopt een betalingsregeling die wordt nagekomen (sinds 10 juni 2026)" in text
    assert "recente regeling" in text  # the reason
    assert "Overdragen kan pas" in page.get_by_test_id("refused").inner_text()
    assert page.get_by_role("button", name="Vastleggen", exact=True).count() == 0
    assert_fits_phone(page)
    assert not Escalation.objects.exists()
