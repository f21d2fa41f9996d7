"""Letters: collection costs, the 14-day term, sandboxed templates, PDF, and sending."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from verbinding.contacts.models import ContactMoment
from verbinding.letters import rules, sandbox, services
from verbinding.letters.models import Letter
from verbinding.testing import factories as f


@pytest.mark.parametrize(
    ("principal", "costs"),
    [
        (10000, 4000),  # €100 → 15% is €15, so the €40 minimum
        (65000, 9750),  # €650 → 15% = €97.50
        (250000, 37500),  # €2,500 → €375
        (300000, 42500),  # €3,000 → €375 + 10% of €500
        (1000000, 87500),  # €10,000 → €375 + €250 + €250
        (100_000_000, 677500),  # capped at €6,775
    ],
)
def test_collection_costs_follow_the_besluit(principal, costs):
    """Besluit vergoeding voor buitengerechtelijke incassokosten art. 2: 15% of the first €2,500,
    10% of the next €2,500, 5% of the next €5,000 ..., at least €40, at most €6,775."""
    assert rules.collection_costs(principal) == costs


@given(st.integers(min_value=1, max_value=10**9), st.integers(min_value=0, max_value=10**6))
def test_collection_costs_never_fall_when_the_debt_grows(principal, more):
    a, b = rules.collection_costs(principal), rules.collection_costs(principal + more)
    assert rules.MINIMUM_CENTS <= a <= b <= rules.MAXIMUM_CENTS


def test_the_term_counts_from_the_day_after_receipt():
    """art. 6:96 lid 6 BW, Hoge Raad 25-11-2016: received 2 March → 3..16 March; expired on 17."""
    received = dt.date(2026, 3, 2)
    assert rules.term_last_day(received) == dt.date(2026, 3, 16)
    assert not rules.term_expired(received, dt.date(2026, 3, 16))
    assert rules.term_expired(received, dt.date(2026, 3, 17))
    assert not rules.term_expired(None, dt.date(2026, 12, 31))


@pytest.mark.parametrize(
    "text",
    [
        "{% load static %}",
        "{% include 'base.html' %}",
        "{% extends 'base.html' %}",
        "{% debug %}",
        "{% url 'home' %}",
    ],
)
def test_templates_cannot_reach_outside_their_fields(text):
    assert sandbox.check(text) is not None


def test_templates_render_their_fields_without_escaping():
    assert (
        sandbox.render("Beste {{ name }}, {{ arrears }}", {"name": "A & B", "arrears": "€ 5"})
        == "Beste A & B, € 5"
    )
    with pytest.raises(sandbox.LetterTemplateError):
        sandbox.render("x", {"password": "secret"})


def test_the_default_fourteen_day_letter_counts_from_receipt_and_states_the_costs(db):
    body = services.template_current(kind="fourteen_day").body
    assert "binnen 14 dagen na de dag waarop u deze brief kreeg" in body
    assert "{{ costs }}" in body and "6:96" in body


def test_sending_a_fourteen_day_letter_records_a_contact_and_the_receipt(cast, client):
    """Sending records a contact moment (channel BRI, outcome 'sent'); the receipt date follows."""
    household = cast.north_household
    tenancy = household.tenancies.get()
    f.LedgerEntryFactory(tenancy=tenancy, booked_on=dt.date(2026, 1, 1), amount_cents=65000)
    letter = services.letter_send(
        household=household,
        tenancy=tenancy,
        kind="fourteen_day",
        actor=cast.advisor,
        sent_on=dt.date(2026, 2, 2),
    )
    assert (letter.arrears_cents, letter.costs_cents) == (65000, 9750)
    assert "€ 97,50" in letter.body and "€ 747,50" in letter.body
    contact = ContactMoment.objects.get(household=household)
    assert (contact.channel, contact.outcome) == ("BRI", "sent")
    with pytest.raises(services.LetterError):
        services.letter_record_receipt(
            letter=letter, received_on=dt.date(2026, 2, 1), evidence="x", actor=cast.advisor
        )
    client.force_login(cast.advisor)
    client.post(
        reverse("letters:receipt", args=[letter.id]),
        {"received_on": "2026-02-04", "evidence": "Aangetekend, track en trace"},
    )
    letter.refresh_from_db()
    assert letter.received_on == dt.date(2026, 2, 4)
    assert letter.term_expires_on == dt.date(2026, 2, 18)
    pdf = client.get(reverse("letters:pdf", args=[letter.id]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    page = client.get(reverse("letters:detail", args=[letter.id])).content.decode()
    assert "Laatste dag van de termijn" in page


def test_the_letters_page_previews_and_sends(cast, client):
    household = cast.north_household
    f.LedgerEntryFactory(
        tenancy=household.tenancies.get(), booked_on=dt.date(2026, 1, 1), amount_cents=65000
    )
    client.force_login(cast.advisor)
    url = reverse("letters:new", args=[household.id])
    assert "gemeente" in client.get(url + "?kind=reminder").content.decode()
    response = client.post(url, {"kind": "reminder"})
    assert response.status_code == 302
    assert Letter.objects.get().offers_signal


def test_the_manager_edits_a_letter_as_a_new_version(cast, client):
    client.force_login(cast.manager)
    url = reverse("letters:template_edit", args=["reminder"])
    assert client.get(url).status_code == 200
    before = services.template_current(kind="reminder").version
    bad = client.post(url, {"subject": "Herinnering", "body": "{% load static %}"})
    assert bad.status_code == 200 and services.template_current(kind="reminder").version == before
    client.post(url, {"subject": "Herinnering", "body": "Beste {{ name }}", "offers_signal": "on"})
    assert services.template_current(kind="reminder").version == before + 1
    client.force_login(cast.advisor)
    assert client.get(url).status_code == 403
