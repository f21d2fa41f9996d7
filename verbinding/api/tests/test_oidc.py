"""OAuth2 client credentials: a JWT from the association's OIDC provider, checked against the
configured JWKS (a key generated here; no network)."""

from __future__ import annotations

import json
import time

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from rest_framework.test import APIClient

from verbinding.api.services import api_client_create


@pytest.fixture
def provider(settings):
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key()))
    public.update(kid="k1", use="sig", alg="RS256")
    settings.API_OIDC_JWKS = json.dumps({"keys": [public]})
    settings.API_OIDC_ISSUER = "https://login.example.nl/realms/woon"
    settings.API_OIDC_AUDIENCE = "verbinding"

    def token(**claims):
        now = int(time.time())
        body = {
            "iss": settings.API_OIDC_ISSUER,
            "aud": "verbinding",
            "azp": "erp-empire",
            "iat": now,
            "exp": now + 300,
            "scope": "casework:read register:read",
        } | claims
        return jwt.encode(body, key, algorithm="RS256", headers={"kid": "k1"})

    return token


def call(token, path="/api/v1/zaken"):
    http = APIClient()
    http.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return http.get(path)


def test_a_valid_client_credentials_token_is_accepted(cast, provider):
    api_client_create(
        name="ERP",
        user=cast.advisor,
        scopes=["casework:read", "register:read"],
        actor=cast.privacy_officer,
        oidc_client_id="erp-empire",
        with_key=False,
    )
    assert call(provider()).status_code == 200


def test_expired_foreign_or_unknown_tokens_are_refused(cast, provider):
    api_client_create(
        name="ERP",
        user=cast.advisor,
        scopes=["casework:read"],
        actor=cast.privacy_officer,
        oidc_client_id="erp-empire",
        with_key=False,
    )
    assert call(provider(exp=int(time.time()) - 3600)).status_code == 401
    assert call(provider(iss="https://evil.example")).status_code == 401
    assert call(provider(aud="someone-else")).status_code == 401
    assert call(provider(azp="not-registered")).status_code == 401
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    forged = jwt.encode(
        {
            "iss": "https://login.example.nl/realms/woon",
            "aud": "verbinding",
            "azp": "erp-empire",
            "iat": int(time.time()),
            "exp": int(time.time()) + 300,
        },
        other,
        algorithm="RS256",
        headers={"kid": "k1"},
    )
    assert call(forged).status_code == 401
    unsigned = jwt.encode({"azp": "erp-empire", "aud": "verbinding"}, None, algorithm="none")
    assert call(unsigned).status_code == 401


def test_the_token_scope_narrows_the_granted_scopes(cast, provider):
    api_client_create(
        name="ERP",
        user=cast.advisor,
        scopes=["casework:read", "register:read"],
        actor=cast.privacy_officer,
        oidc_client_id="erp-empire",
        with_key=False,
    )
    assert call(provider(scope="register:read")).status_code == 403
    assert call(provider(scope="register:read"), "/api/v1/huishoudens").status_code == 200
