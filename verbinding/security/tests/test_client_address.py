"""Rate limits key on the client's real address: X-Forwarded-For only from TRUSTED_PROXIES, so
nobody behind the documented nginx can lock a user out for everyone, and nobody can dodge the
limit by writing the header themselves."""

from __future__ import annotations

import pytest
from django.test import RequestFactory, override_settings

from verbinding.security.clientip import UNKNOWN, client_address
from verbinding.testing.factories import PASSWORD

PROXY = "127.0.0.1"


def _address(remote: str, forwarded: str | None = None) -> str:
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return client_address(RequestFactory().get("/", REMOTE_ADDR=remote, **extra))


@override_settings(TRUSTED_PROXIES=[PROXY, "10.0.0.0/8"])
def test_the_forwarded_address_counts_only_from_a_trusted_proxy():
    assert _address(PROXY, "198.51.100.7") == "198.51.100.7"
    # A client cannot put itself somewhere else: the left, client-written part is ignored.
    assert _address(PROXY, "6.6.6.6, 198.51.100.7") == "198.51.100.7"
    # Two trusted hops (a load balancer in 10/8 in front of nginx).
    assert _address(PROXY, "198.51.100.7, 10.1.2.3") == "198.51.100.7"
    # From an address that is no trusted proxy the header is the client's own invention.
    assert _address("203.0.113.9", "198.51.100.7") == "203.0.113.9"
    assert _address(PROXY) == PROXY


@override_settings(TRUSTED_PROXIES=[])
def test_without_trusted_proxies_the_header_is_ignored():
    assert _address(PROXY, "198.51.100.7") == PROXY


def _login(client, username, password, forwarded, remote=PROXY):
    return client.post(
        "/account/login/",
        {"username": username, "password": password},
        REMOTE_ADDR=remote,
        HTTP_X_FORWARDED_FOR=forwarded,
    )


@pytest.mark.django_db
@override_settings(TRUSTED_PROXIES=[PROXY])
def test_an_attacker_behind_the_proxy_cannot_lock_a_user_out_for_everyone(client, cast, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT + 2):
        _login(client, "anna", "wrong", "203.0.113.9")
    locked = _login(client, "anna", PASSWORD, "203.0.113.9")
    assert locked.status_code == 429  # the attacker's own address is locked ...
    client.cookies.clear()
    ok = _login(client, "anna", PASSWORD, "198.51.100.7")
    assert ok.status_code == 302 and ok["Location"] == "/"  # ... Anna, elsewhere, is not


@pytest.mark.django_db
@override_settings(TRUSTED_PROXIES=[PROXY])
def test_a_forged_forwarded_header_does_not_escape_the_lock(client, cast, settings):
    for n in range(settings.AXES_FAILURE_LIMIT + 2):
        _login(client, "anna", "wrong", f"192.0.2.{n}", remote="203.0.113.9")
    assert _login(client, "anna", PASSWORD, "192.0.2.200", remote="203.0.113.9").status_code == 429


@override_settings(TRUSTED_PROXIES=[PROXY])
def test_the_address_is_always_a_valid_ip_even_from_a_malformed_request():
    """The address is stored in PostgreSQL ``inet`` columns (django-axes): no garbage gets there."""
    assert _address("") == UNKNOWN
    assert _address("unknown") == UNKNOWN
    assert _address(PROXY, "not-an-ip") == PROXY
    assert _address(PROXY, "garbage, 198.51.100.7") == "198.51.100.7"
    assert _address(PROXY, "198.51.100.7, garbage") == PROXY


@pytest.mark.django_db
@override_settings(TRUSTED_PROXIES=[PROXY])
def test_a_failed_login_with_a_forged_header_is_refused_not_a_500(client, cast):
    response = _login(client, cast.advisor.username, "wrong", "x" * 300, remote="unknown")
    assert response.status_code == 200
    response = _login(client, cast.advisor.username, "wrong", "garbage")
    assert response.status_code == 200
