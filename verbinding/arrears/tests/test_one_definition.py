"""Issue 10: one definition of "in arrears". The worklist, the household page, the outcome
dashboard, letters, escalation and vroegsignalering agree on the same ledger on the 1st, the 2nd
and the 6th of a month (and on the 10th for a tenancy whose agreed due day is the 5th)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from verbinding.arrears.history import arrears_bulk
from verbinding.arrears.models import RentDueDay
from verbinding.arrears.services import recompute
from verbinding.earlysignals.selectors import readiness
from verbinding.outcomes.arrears import arrears_now_households
from verbinding.outcomes.scope import Scope
from verbinding.testing import factories as f
from verbinding.worklist import selectors as worklist

pytestmark = pytest.mark.django_db
ARREARS_KINDS = {"arrears_1m", "arrears_2m", "arrears_3m", "missed", "relapse"}
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def ledger(household, *, paid_through: dt.date, pay_day: int = 1, until: dt.date) -> None:
    """Rent charged on the 1st from July to December 2026; paid on ``pay_day`` for the months
    up to ``paid_through``."""
    tenancy = household.tenancies.get()
    month = dt.date(2026, 7, 1)
    while month <= until:
        f.LedgerEntryFactory(tenancy=tenancy, booked_on=month, amount_cents=tenancy.rent_cents)
        if month <= paid_through:
            f.LedgerEntryFactory(
                tenancy=tenancy,
                booked_on=month.replace(day=pay_day),
                kind="payment",
                method="OVB",
                amount_cents=-tenancy.rent_cents,
            )
        month = (month + dt.timedelta(days=32)).replace(day=1)


@pytest.fixture
def street(cast):
    dec, nov = dt.date(2026, 12, 1), dt.date(2026, 11, 1)
    homes = {
        "punctual": cast.north_household,
        "pays_on_the_3rd": f.household_in(cast.north, name="Huishouden Derde"),
        "december_unpaid": f.household_in(cast.north, name="Huishouden December"),
        "two_months_unpaid": f.household_in(cast.north, name="Huishouden Twee"),
        "due_on_the_5th": f.household_in(cast.north, name="Huishouden Vijfde"),
    }
    ledger(homes["punctual"], paid_through=dec, until=dec)
    ledger(homes["pays_on_the_3rd"], paid_through=dec, pay_day=3, until=dec)
    ledger(homes["december_unpaid"], paid_through=nov, until=dec)
    ledger(homes["two_months_unpaid"], paid_through=dt.date(2026, 10, 1), until=dec)
    ledger(homes["due_on_the_5th"], paid_through=nov, until=dec)
    RentDueDay.objects.create(
        tenancy=homes["due_on_the_5th"].tenancies.get(),
        valid_from=dt.date(2026, 1, 1),
        day=5,
        reason="Uitkering komt op de 5e",
    )
    return homes


EXPECTED = {
    1: {"two_months_unpaid"},
    2: {"two_months_unpaid"},
    6: {"two_months_unpaid", "december_unpaid"},
    10: {"two_months_unpaid", "december_unpaid", "due_on_the_5th"},
}


@pytest.mark.parametrize("day", sorted(EXPECTED))
def test_every_screen_agrees_on_who_is_in_arrears(client, cast, street, day):
    today = dt.date(2026, 12, day)
    name_of = {h.id: name for name, h in street.items()}
    expected = EXPECTED[day]
    with time_machine.travel(dt.datetime.combine(today, dt.time(9), tzinfo=AMSTERDAM)):
        recompute(today=today)

        rows = worklist.worklist_for(user=cast.advisor, today=today, recent_days=30).rows
        on_worklist = {
            name_of[r.household_id]
            for r in rows
            if any(i.source == "arrears" and i.kind in ARREARS_KINDS for i in r.items)
        }
        assert on_worklist == expected

        client.force_login(cast.advisor)
        on_household_page, in_the_chart = set(), set()
        for name, household in street.items():
            response = client.get(reverse("households:detail", args=[household.id]))
            if response.context["balance"].arrears_cents > 0:
                on_household_page.add(name)
            drawn = response.context["arrears_section"].chart
            if drawn.points and drawn.points[-1][1] > 0:  # today's point (none: never behind)
                in_the_chart.add(name)
            if name == "december_unpaid" and day < 6:
                assert "nog geen achterstand: telt mee vanaf 6 december" in response.text
        assert on_household_page == expected
        assert in_the_chart == expected

        scope = Scope(start=today.replace(day=1), end=today, today=today)
        on_dashboard = {name_of[r["household_id"]] for r in arrears_now_households(scope, "")}
        assert on_dashboard == expected

        tenancy_of = {h.tenancies.get().id: name for name, h in street.items()}
        for_letters_and_escalation = {tenancy_of[t] for t in arrears_bulk(None, today=today)}
        assert for_letters_and_escalation == expected

        checklist = readiness(household_ids=list(name_of), today=today)
        assert {name_of[r.household_id] for r in checklist} == expected


def test_an_advisor_agrees_a_due_day_on_the_household_page_and_the_arrears_follow(client, cast):
    """Issue 10: a tenancy can carry its own due day, with history; the arrears respect it at
    once (recomputed), the change is audited, and earlier arrears keep the old day."""
    from verbinding.arrears.models import TenancyArrears
    from verbinding.audit.models import AuditEvent

    household = cast.north_household
    ledger(household, paid_through=dt.date(2026, 11, 1), until=dt.date(2026, 12, 1))
    today = dt.date(2026, 12, 7)
    with time_machine.travel(dt.datetime.combine(today, dt.time(9), tzinfo=AMSTERDAM)):
        recompute(today=today)
        tenancy = household.tenancies.get()
        assert TenancyArrears.objects.get(tenancy=tenancy).arrears_cents == tenancy.rent_cents
        client.force_login(cast.advisor)
        url = reverse("arrears:due_day", args=[household.id])
        bad = client.post(url, {"day": 31, "valid_from": "2026-12-01", "reason": "x"}, follow=True)
        assert "niet opgeslagen" in bad.text
        assert not RentDueDay.objects.exists()
        response = client.post(
            url,
            {"day": 5, "valid_from": "2026-12-01", "reason": "Uitkering komt op de 5e"},
            follow=True,
        )
        assert response.status_code == 200
        assert TenancyArrears.objects.get(tenancy=tenancy).arrears_cents == 0  # due the 10th
        assert "nog geen achterstand" in response.text
        assert AuditEvent.objects.filter(object_type="arrears.rentdueday").count() == 1
        # A household out of reach cannot be changed.
        client.force_login(cast.other_advisor)
        assert (
            client.post(url, {"day": 3, "valid_from": "2026-12-01", "reason": "x"}).status_code
            == 404
        )
