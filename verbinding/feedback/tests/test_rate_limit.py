"""The public feedback pages' rate limit keys on the link and the client's real address: openings
from one busy address (the proxy, a care home's wifi) do not block every other tenant, and a
client that guesses codes is still stopped."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import reverse

from verbinding.feedback import services
from verbinding.feedback.tests.conftest import make_contact

pytestmark = pytest.mark.django_db
PROXY = "127.0.0.1"


def _link(cast, n):
    contact = make_contact(cast.north_household, cast.advisor, note=f"bezoek {n}")
    return services.link_create(contact=contact, actor=cast.advisor)[1]


def _open(client, token, forwarded, remote=PROXY):
    return client.get(
        reverse("feedback:answer", args=[token]),
        REMOTE_ADDR=remote,
        HTTP_X_FORWARDED_FOR=forwarded,
    )


@override_settings(TRUSTED_PROXIES=[PROXY])
def test_many_openings_of_one_link_do_not_block_the_other_tenants(client, cast):
    first, second = _link(cast, 1), _link(cast, 2)
    for _ in range(services.RATE_LIMIT):
        assert _open(client, first, "198.51.100.7").status_code == 200
    assert _open(client, first, "198.51.100.7").status_code == 429
    # Another tenant behind the same proxy, and even from the same address, still gets in.
    assert _open(client, second, "198.51.100.8").status_code == 200
    assert _open(client, second, "198.51.100.7").status_code == 200
    assert _open(client, first, "198.51.100.8").status_code == 200


@override_settings(TRUSTED_PROXIES=[PROXY])
def test_a_client_guessing_codes_is_stopped_but_nobody_else(client, cast):
    real = _link(cast, 1)
    for n in range(services.RATE_LIMIT):
        assert _open(client, f"guess{n}:x", "203.0.113.9").status_code == 404
    assert _open(client, "guess-more:x", "203.0.113.9").status_code == 429
    assert _open(client, real, "203.0.113.9").status_code == 429
    assert _open(client, real, "198.51.100.7").status_code == 200


@override_settings(TRUSTED_PROXIES=[PROXY])
def test_a_forged_forwarded_header_from_outside_is_ignored(client, cast):
    for n in range(services.RATE_LIMIT):
        _open(client, f"guess{n}:x", f"192.0.2.{n}", remote="203.0.113.9")
    assert _open(client, "guess:x", "192.0.2.250", remote="203.0.113.9").status_code == 429
