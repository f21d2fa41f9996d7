"""Every page of every app, for every role: no crash, and no household data out of reach.

The URL patterns are read from the resolver, so a page added by any app is covered automatically.
"""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db

ROLES = ["advisor", "colleague", "other_advisor", "team_lead", "manager", "privacy_officer"]
SKIP_PREFIXES = ("admin:", "set_language", "logout", "health")


def _patterns(
    resolver: URLResolver, prefix: str = "", namespace: str = ""
) -> list[tuple[str, str, list[str]]]:
    """(name, route, argument names) for every named pattern."""
    found = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            found += _patterns(entry, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern) and entry.name:
            name = f"{namespace}{entry.name}"
            if not name.startswith(SKIP_PREFIXES):
                found.append(
                    (name, prefix + str(entry.pattern), list(entry.pattern.regex.groupindex))
                )
    return found


PATTERNS = _patterns(get_resolver())
NO_ARGS = sorted(name for name, _route, args in PATTERNS if not args)
# Pages that answer for an out-of-reach id without showing anything of it.
REASON_FORMS = {"access:glass"}
BY_HOUSEHOLD = sorted(name for name, _route, args in PATTERNS if args == ["household_id"])


def test_the_apps_have_pages():
    assert len(NO_ARGS) >= 5
    assert "households:detail" in BY_HOUSEHOLD


@pytest.mark.parametrize("who", ROLES)
def test_no_page_crashes_for_any_role(client, cast, who):
    client.force_login(getattr(cast, who))
    failures = []
    for name in NO_ARGS:
        from django.urls import reverse

        response = client.get(reverse(name))
        if response.status_code >= 500 or response.status_code not in (
            200,
            302,
            401,
            403,
            404,
            405,
        ):
            failures.append((name, response.status_code))
    assert not failures


@pytest.mark.parametrize("who", ["advisor", "colleague", "team_lead", "other_advisor"])
def test_no_household_page_shows_a_household_out_of_reach(client, cast, who):
    from django.urls import reverse

    user = getattr(cast, who)
    outsider = cast.north_household if who == "other_advisor" else cast.south_household
    client.force_login(user)
    leaks = []
    for name in BY_HOUSEHOLD:
        for method in ("get", "post"):
            response = getattr(client, method)(reverse(name, args=[outsider.id]))
            if name in REASON_FORMS:
                # Answers for any id, but shows nothing of the household (break-the-glass).
                if outsider.name in response.text or response.status_code == 302:
                    leaks.append((name, method, response.status_code))
            elif response.status_code in (200, 302):
                leaks.append((name, method, response.status_code))
    assert not leaks, f"pages that answered for a household out of reach: {leaks}"


@pytest.mark.parametrize("who", ["manager", "privacy_officer"])
def test_managers_and_privacy_officers_never_open_a_household_page(client, cast, who):
    from django.urls import reverse

    client.force_login(getattr(cast, who))
    opened = []
    for name in BY_HOUSEHOLD:
        if who == "privacy_officer" and name.startswith("privacy:"):
            continue  # the subject-access export (AVG art. 15) is the privacy officer's task
        response = client.get(reverse(name, args=[cast.north_household.id]))
        if response.status_code == 200:
            opened.append(name)
    assert not opened
