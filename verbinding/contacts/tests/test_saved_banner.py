"""After recording a contact: the household page confirms it, with the next step, for the one who
recorded it and only just after; the session is not written for it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from verbinding.contacts.models import ContactMoment
from verbinding.contacts.services import contact_record
from verbinding.households.views import JUST_SAVED_MINUTES

pytestmark = pytest.mark.django_db

BANNER = 'data-testid="contact-saved"'
ASK = 'data-testid="ask-grade"'


def post_contact(client, household, channel="TEL", outcome="spoke"):
    return client.post(
        reverse("contacts:new"),
        {
            "household": household.id,
            "channel": channel,
            "outcome": outcome,
            "confidentiality": "INT",
            "note": "Over de huur gesproken." if outcome == "spoke" else "",
        },
    )


def test_a_recorded_contact_is_confirmed_on_the_household_page_with_the_next_step(client, cast):
    client.force_login(cast.advisor)
    session_before = dict(client.session.items())
    response = post_contact(client, cast.north_household)
    contact = ContactMoment.objects.get(household=cast.north_household)
    page = reverse("households:detail", args=[cast.north_household.id])
    assert response.status_code == 302
    assert response["Location"] == f"{page}?saved={contact.id}"
    assert dict(client.session.items()) == session_before  # nothing written to the session

    html = client.get(response["Location"]).text
    assert BANNER in html and ASK in html
    assert reverse("feedback:link", args=[contact.id]) in html  # by phone: a link to send
    assert BANNER not in client.get(page).text  # the plain address: no confirmation


def test_a_visit_asks_for_a_grade_on_the_spot_and_not_at_home_asks_nothing(client, cast):
    client.force_login(cast.advisor)
    visit = post_contact(client, cast.north_household, channel="BEZ")
    html = client.get(visit["Location"]).text
    contact = ContactMoment.objects.get(household=cast.north_household)
    assert reverse("feedback:handover", args=[contact.id]) in html

    missed = post_contact(client, cast.north_household, channel="BEZ", outcome="not_home")
    html = client.get(missed["Location"]).text
    assert BANNER in html and ASK not in html  # nobody to ask


def record(household, actor):
    return contact_record(
        household=household,
        channel="TEL",
        outcome="spoke",
        note="Over de huur gesproken.",
        actor=actor,
    )


@pytest.mark.parametrize(
    "who", ["colleague", "wrong_household", "too_late", "1e3", "²", "٣", "-1", "9" * 30]
)
def test_the_confirmation_shows_only_for_ones_own_contact_on_this_household_just_after(
    client, cast, who, _frozen_clock
):
    contact = record(cast.north_household, cast.advisor)
    saved, user = str(contact.id), cast.advisor
    if who == "colleague":  # may open the household, did not record the contact
        user = cast.colleague
    elif who == "wrong_household":  # the advisor's own contact, on a household not this one
        saved = str(record(cast.south_household, cast.advisor).id)
    elif who == "too_late":
        _frozen_clock.shift(dt.timedelta(minutes=JUST_SAVED_MINUTES, seconds=1))
    else:  # not an id: nothing shown, no error ("²" and "٣" are digits to str.isdigit)
        saved = who
    page = reverse("households:detail", args=[cast.north_household.id])
    client.force_login(user)
    response = client.get(page, {"saved": saved})
    assert response.status_code == 200
    assert BANNER not in response.text
    if who != "too_late":  # within the time, for the one who recorded it, it does show
        client.force_login(cast.advisor)
        assert BANNER in client.get(page, {"saved": contact.id}).text
