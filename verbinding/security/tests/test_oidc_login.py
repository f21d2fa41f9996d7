"""Single sign-on (OpenID Connect, mozilla-django-oidc) against a fake provider: the token and
userinfo HTTP calls are answered by a stand-in for ``requests`` (no network). Role and team come
from claims; an unknown role gets no access; the ID token must be meant for us.

(The API's OIDC *JWTs* for systems are tested in ``api/tests/test_oidc.py``; this is people.)"""

from __future__ import annotations

import time
from unittest import mock
from urllib.parse import parse_qs, urlparse

import jwt
import pytest
from django.test import Client, override_settings

from verbinding.accounts.models import User
from verbinding.audit.models import AuditEvent
from verbinding.security.oidc import SSO_MFA_SESSION_KEY

pytestmark = pytest.mark.django_db

SECRET = "fake-provider-shared-secret-of-enough-length"
OP = "https://login.example-woningcorporatie.nl"
SSO = {
    "OIDC_ENABLED": True,
    "OIDC_RP_CLIENT_ID": "verbinding",
    "OIDC_RP_CLIENT_SECRET": SECRET,
    "OIDC_RP_SIGN_ALGO": "HS256",
    "OIDC_OP_AUTHORIZATION_ENDPOINT": f"{OP}/authorize",
    "OIDC_OP_TOKEN_ENDPOINT": f"{OP}/token",
    "OIDC_OP_USER_ENDPOINT": f"{OP}/userinfo",
    "OIDC_OP_JWKS_ENDPOINT": None,
    "OIDC_OP_ISSUER": OP,
    "OIDC_ROLE_MAP": ["wijkteam-adviseur:advisor", "wijkteam-leider:team_lead"],
}


class FakeProvider:
    """Answers the two back-channel calls the login makes: POST /token and GET /userinfo."""

    def __init__(self, claims: dict, *, aud: str = "verbinding", amr: list[str] | None = None):
        self.claims, self.aud, self.amr = claims, aud, amr or ["pwd"]
        self.nonce = ""
        self.token_requests: list[dict] = []

    def post(self, url, data=None, **kwargs):
        assert url == f"{OP}/token"
        self.token_requests.append(data)
        id_token = jwt.encode(
            {
                "iss": OP,
                "aud": self.aud,
                "sub": "123",
                "nonce": self.nonce,
                "amr": self.amr,
                "exp": int(time.time()) + 300,
                "iat": int(time.time()),
            },
            SECRET,
            algorithm="HS256",
        )
        return self._response(
            {"id_token": id_token, "access_token": "at-1", "token_type": "Bearer"}
        )

    def get(self, url, headers=None, **kwargs):
        assert url == f"{OP}/userinfo" and headers["Authorization"] == "Bearer at-1"
        return self._response(self.claims)

    @staticmethod
    def _response(body: dict):
        response = mock.Mock(status_code=200, headers={"content-type": "application/json"})
        response.json.return_value = body
        response.raise_for_status.return_value = None
        return response


def _sso_login(client: Client, provider: FakeProvider):
    start = client.get("/oidc/authenticate/?next=/worklist/")
    assert start.status_code == 302
    sent = parse_qs(urlparse(start["Location"]).query)
    assert start["Location"].startswith(f"{OP}/authorize?")
    assert sent["client_id"] == ["verbinding"] and sent["code_challenge_method"] == ["S256"]
    provider.nonce = sent["nonce"][0]
    with (
        mock.patch("mozilla_django_oidc.auth.requests.post", provider.post),
        mock.patch("mozilla_django_oidc.auth.requests.get", provider.get),
    ):
        return client.get("/oidc/callback/", {"code": "code-1", "state": sent["state"][0]})


@override_settings(**SSO)
def test_a_new_colleague_logs_in_with_role_and_team_from_the_claims(cast):
    client = Client()
    provider = FakeProvider(
        {
            "preferred_username": "gerda",
            "email": "gerda@example.nl",
            "given_name": "Gerda",
            "family_name": "Kok",
            "roles": ["medewerker", "wijkteam-leider"],
            "team": "Team Noord",
        }
    )
    response = _sso_login(client, provider)
    assert response.status_code == 302 and response["Location"] == "/worklist/"
    user = User.objects.get(username="gerda")
    assert (user.role, user.team, user.get_full_name()) == (
        "team_lead",
        cast.north_team,
        "Gerda Kok",
    )
    assert not user.has_usable_password()
    assert provider.token_requests[0]["code"] == "code-1"
    assert "code_verifier" in provider.token_requests[0]  # PKCE
    assert client.get("/worklist/").status_code == 200
    assert AuditEvent.objects.filter(summary="role and team from single sign-on").exists()


@override_settings(**SSO)
def test_the_role_follows_the_provider_at_every_login(cast):
    claims = {"preferred_username": "anna", "roles": "wijkteam-leider", "team": "Team Zuid"}
    _sso_login(Client(), FakeProvider(claims))
    cast.advisor.refresh_from_db()
    assert (cast.advisor.role, cast.advisor.team) == ("team_lead", cast.south_team)


@override_settings(**SSO)
@pytest.mark.parametrize("roles", [None, "schoonmaak", ["medewerker"]])
def test_an_unknown_or_missing_role_gets_no_access(cast, roles):
    claims = {"preferred_username": "piet", "email": "piet@example.nl"}
    if roles is not None:
        claims["roles"] = roles
    client = Client()
    response = _sso_login(client, FakeProvider(claims))
    assert response.status_code == 302
    assert response["Location"] == "/account/login/?sso=failed"
    assert not User.objects.filter(username="piet").exists()
    assert client.get("/worklist/").status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "geen rol" in page


@override_settings(**SSO)
def test_an_id_token_for_another_client_is_refused(cast):
    client = Client()
    claims = {"preferred_username": "gerda", "roles": "wijkteam-adviseur"}
    response = _sso_login(client, FakeProvider(claims, aud="another-app"))
    assert response.status_code == 400
    assert not User.objects.filter(username="gerda").exists()


@override_settings(**SSO, TWO_FACTOR_REQUIRED=True)
def test_the_providers_second_factor_counts_for_ours(cast):
    claims = {"preferred_username": "dewi", "roles": "wijkteam-leider", "team": "Team Noord"}
    client = Client()
    _sso_login(client, FakeProvider(claims, amr=["pwd", "mfa"]))
    assert client.session[SSO_MFA_SESSION_KEY] is True
    assert client.get("/worklist/").status_code == 200
    password_only = Client()
    _sso_login(password_only, FakeProvider(claims, amr=["pwd"]))
    assert password_only.get("/worklist/").status_code == 302  # our own TOTP is asked


def test_off_when_not_configured(client):
    assert client.get("/oidc/authenticate/").status_code == 404
    assert client.get("/oidc/callback/?code=x&state=y").status_code == 404
    assert "oidc" not in client.get("/account/login/").content.decode()


@override_settings(**SSO)
def test_the_login_page_offers_single_sign_on_beside_the_local_account(client):
    page = client.get("/account/login/").content.decode()
    assert 'href="/oidc/authenticate/"' in page
    assert 'name="password"' in page


def test_a_configured_client_id_without_endpoints_refuses_to_start():
    import os
    import subprocess
    import sys

    env = {**os.environ, "DEBUG": "true", "OIDC_RP_CLIENT_ID": "verbinding"}
    result = subprocess.run(
        [sys.executable, "-c", "import verbinding.settings"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0 and "OIDC_OP_TOKEN_ENDPOINT" in result.stderr
