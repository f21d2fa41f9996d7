"""The arrangement pages: kitchen-table form, decision, list (pinned queries), policy page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from verbinding.arrangements.models import ArrangementPolicy, PaymentArrangement
from verbinding.arrangements.tests.conftest import book
from verbinding.testing import factories as f

pytestmark = pytest.mark.usefixtures("reference")


def test_the_advisor_checks_and_agrees_a_proposal_in_dutch(client, cast):
    tenancy = cast.north_household.tenancies.get()
    book(tenancy, dt.date(2026, 1, 1), 65000, kind="charge")
    client.force_login(cast.advisor)
    url = reverse("arrangements:new", args=[cast.north_household.id])
    page = client.get(url)
    assert page.status_code == 200
    assert "Wat de huurder voorstelt" in page.content.decode()
    data = {
        "amount": "650,00",
        "instalment": "130,00",
        "first_due_on": "2026-03-01",
        "action": "check",
    }
    checked = client.post(url, data)
    body = checked.content.decode()
    assert "Binnen de marges" in body
    assert body.count("€ 130,00") >= 5
    saved = client.post(url, {**data, "action": "save"})
    arrangement = PaymentArrangement.objects.get()
    assert saved.status_code == 302 and arrangement.status == "ACT"
    assert client.get(reverse("arrangements:detail", args=[arrangement.id])).status_code == 200


def test_outside_the_margins_the_page_names_the_rule_and_asks_a_reason(client, cast):
    tenancy = cast.north_household.tenancies.get()
    book(tenancy, dt.date(2026, 1, 1), 65000, kind="charge")
    client.force_login(cast.advisor)
    url = reverse("arrangements:new", args=[cast.north_household.id])
    data = {
        "amount": "650,00",
        "instalment": "50,00",
        "first_due_on": "2026-03-01",
        "action": "save",
    }
    body = client.post(url, data).content.decode()
    assert 'data-rule="term"' in body
    assert not PaymentArrangement.objects.exists()
    client.post(url, {**data, "exception_reason": "Bijstand, meer lukt niet"})
    arrangement = PaymentArrangement.objects.get()
    assert arrangement.approval == "pending"
    client.force_login(cast.team_lead)
    client.post(reverse("arrangements:decide", args=[arrangement.id]), {"decision": "approve"})
    arrangement.refresh_from_db()
    assert arrangement.status == "ACT"


def test_an_advisor_of_another_neighbourhood_cannot_open_it(client, cast):
    tenancy = cast.north_household.tenancies.get()
    arrangement = PaymentArrangement.objects.create(
        household=cast.north_household,
        tenancy=tenancy,
        policy=ArrangementPolicy.objects.get(version=1),
        amount_cents=1000,
        instalment_cents=1000,
        first_due_on=dt.date(2026, 3, 1),
        term_months=1,
        rent_cents=65000,
        inside_margins=True,
        created_by=cast.advisor,
        created_on=dt.date(2026, 2, 1),
    )
    client.force_login(cast.other_advisor)
    assert client.get(reverse("arrangements:detail", args=[arrangement.id])).status_code == 404


def test_the_list_uses_a_fixed_number_of_queries(client, cast, django_assert_max_num_queries):
    policy = ArrangementPolicy.objects.get(version=1)
    for _ in range(15):
        household = f.household_in(cast.north)
        tenancy = household.tenancies.get()
        PaymentArrangement.objects.create(
            household=household,
            tenancy=tenancy,
            policy=policy,
            status="ACT",
            amount_cents=1000,
            instalment_cents=1000,
            first_due_on=dt.date(2026, 3, 1),
            term_months=1,
            rent_cents=65000,
            inside_margins=True,
            created_by=cast.advisor,
            created_on=dt.date(2026, 2, 1),
        )
    client.force_login(cast.advisor)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("arrangements:list") + "?state=running")
    assert response.content.decode().count("row-link") == 15


def test_the_manager_sets_a_new_version_of_the_margins(client, cast):
    client.force_login(cast.manager)
    url = reverse("arrangements:policy")
    assert (
        "Versie 1" in client.get(url).content.decode()
        or "versie 1" in client.get(url).content.decode()
    )
    response = client.post(
        url,
        {
            "valid_from": "2026-04-01",
            "small_band_months": "1,0",
            "max_term_small": 6,
            "max_term_large": 12,
            "min_instalment": "50,00",
            "max_per_year": 1,
            "min_tenancy_months": 0,
            "advisor_max_term": 18,
            "grace_days": 5,
            "note": "Meer ruimte",
        },
    )
    assert response.status_code == 302
    assert ArrangementPolicy.objects.get(version=2).advisor_max_term == 18
    client.force_login(cast.advisor)
    assert client.get(url).status_code == 403
