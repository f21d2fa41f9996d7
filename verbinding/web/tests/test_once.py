"""Double tap: the same form submitted twice records once (issue 13)."""

from __future__ import annotations

import re

from django.urls import reverse

from verbinding.contacts.models import ContactMoment
from verbinding.web.models import UsedFormToken


def _token(html: str) -> str:
    tokens = re.findall(r'name="_once" value="([^"]+)"', html)
    assert tokens, "the form carries no one-time token"
    assert len(set(tokens)) == len(tokens), "each form on the page has its own token"
    return tokens[0]


def test_every_form_on_a_page_carries_its_own_one_time_token(client, cast):
    client.force_login(cast.advisor)
    html = client.get(reverse("households:detail", args=[cast.north_household.id])).text
    assert html.count('name="_once"') == html.count('name="csrfmiddlewaretoken"') > 0
    _token(html)


def test_the_same_contact_form_sent_twice_records_once(client, cast):
    client.force_login(cast.advisor)
    url = reverse("contacts:new") + f"?household={cast.north_household.id}"
    token = _token(client.get(url).text)
    data = {
        "household": cast.north_household.id,
        "channel": "TEL",
        "outcome": "no_answer",
        "_once": token,
    }
    first = client.post(url, data)
    second = client.post(url, data, HTTP_REFERER="http://testserver" + url)
    assert first.status_code == 302 and second.status_code == 302
    assert ContactMoment.objects.count() == 1
    assert second["Location"] == "http://testserver" + url
    page = client.get(second["Location"]).text
    assert "al verstuurd" in page
    # A fresh form (a new token) records again: it is a new contact, not a double tap.
    data["_once"] = _token(client.get(url).text)
    client.post(url, data)
    assert ContactMoment.objects.count() == 2


def test_a_form_with_errors_can_be_sent_again_with_the_new_token(client, cast):
    client.force_login(cast.advisor)
    url = reverse("contacts:new") + f"?household={cast.north_household.id}"
    token = _token(client.get(url).text)
    data = {"household": cast.north_household.id, "channel": "TEL", "outcome": "spoke"}
    again = client.post(url, {**data, "_once": token})  # a conversation needs a note
    assert again.status_code == 200 and ContactMoment.objects.count() == 0
    fresh = _token(again.text)
    assert fresh != token
    client.post(url, {**data, "note": "Gesproken over de huur", "_once": fresh})
    assert ContactMoment.objects.count() == 1
    assert UsedFormToken.objects.count() == 2
