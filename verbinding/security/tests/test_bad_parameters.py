"""A bad query parameter is the visitor's mistake, answered with a clear 400, never a 500: every
URL pattern (from the URLconf: new pages are covered without editing this test) is opened with
malformed numbers, dates out of range and odd digits in every parameter the views read."""

from __future__ import annotations

import pytest

from verbinding.audit.tests.test_every_view_is_audited import Demo, url_patterns

pytestmark = pytest.mark.django_db

# Every GET parameter a view or form reads (grep request.GET / scope_from / the filter forms).
NAMES = [
    "page", "household", "case", "start", "end", "on", "day", "status", "state", "show", "q",
    "group", "table", "team", "neighbourhood", "kind", "advisor", "actor", "action", "date_from",
    "date_to", "from", "to", "since", "next", "month", "quarter", "year", "period", "signal",
]  # fmt: skip
BAD_VALUES = ["²", "0001-01-01", "9999-12-31", "-1", "99999999999999999999", "abc", "2026-02-30"]


def test_the_two_known_500s_are_clear_400s(client, cast):
    client.force_login(cast.privacy_officer)
    response = client.get("/audit/", {"household": "²"})
    assert response.status_code == 400
    client.force_login(cast.manager)
    response = client.get("/outcomes/", {"start": "0001-01-01"})
    assert response.status_code == 400
    assert "datum" in response.content.decode().lower()


def test_no_page_answers_a_bad_parameter_with_a_500(client):
    demo = Demo()
    problems, tried = [], 0
    for name, route, keywords in url_patterns():
        if name.startswith("api:"):
            continue  # the API answers problem+json 400s: api/tests
        url = demo.url(name, route, keywords)
        for user in demo.users:
            client.force_login(user)
            if client.get(url).status_code != 200:
                continue
            for value in BAD_VALUES:
                response = client.get(url, dict.fromkeys(NAMES, value))
                tried += 1
                if response.status_code >= 500:
                    problems.append(f"{url} ?…={value}: {response.status_code}")
            break
    assert not problems, "\n".join(problems)
    assert tried >= 300, tried


def test_a_superscript_case_number_on_the_referral_form_is_ignored(client, cast):
    """'²'.isdigit() is True but int('²') fails: the referral form was a 500."""
    client.force_login(cast.advisor)
    response = client.get(f"/referrals/household/{cast.north_household.id}/", {"case": "²"})
    assert response.status_code == 200
