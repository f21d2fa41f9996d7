"""Who is calling: an API key or an OAuth2 client-credentials JWT; what they may do: scopes;
how often: a rate per client.

Either way ``request.user`` becomes the staff account the client acts as (so the selectors apply
that account's access rules) and ``request.auth`` the :class:`ApiClient`.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import json
from typing import Any

import jwt
from django.conf import settings
from rest_framework import authentication, exceptions, permissions, throttling
from rest_framework.request import Request

from verbinding.api.models import ApiClient

KEY_PREFIX = "vb_"


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _active(client: ApiClient | None) -> tuple[Any, ApiClient]:
    if client is None or not client.is_active or not client.user.is_active:
        raise exceptions.AuthenticationFailed("Unknown or inactive client.")
    return client.user, client


class ApiKeyAuthentication(authentication.BaseAuthentication):
    """``Authorization: Bearer vb_<prefix>_<secret>`` (or ``X-Api-Key``)."""

    def authenticate(self, request: Request) -> tuple[Any, ApiClient] | None:
        key = request.META.get("HTTP_X_API_KEY", "")
        header = authentication.get_authorization_header(request).decode("latin-1")
        if not key and header.lower().startswith("bearer ") and header[7:].startswith(KEY_PREFIX):
            key = header[7:].strip()
        if not key:
            return None
        parts = key.split("_", 2)
        if len(parts) != 3 or parts[0] != KEY_PREFIX[:-1]:
            raise exceptions.AuthenticationFailed("Malformed API key.")
        client = ApiClient.objects.select_related("user").filter(key_prefix=parts[1]).first()
        if client is None or not hmac.compare_digest(client.key_hash, key_hash(key)):
            raise exceptions.AuthenticationFailed("Unknown or inactive client.")
        return _active(client)

    def authenticate_header(self, request: Request) -> str:
        return 'Bearer realm="verbinding"'


@functools.lru_cache(maxsize=4)
def _jwk_client(url: str) -> jwt.PyJWKClient:
    return jwt.PyJWKClient(url, cache_keys=True, lifespan=3600)


def _signing_key(token: str) -> Any:
    if settings.API_OIDC_JWKS:
        keys = jwt.PyJWKSet.from_dict(json.loads(settings.API_OIDC_JWKS))
        kid = jwt.get_unverified_header(token).get("kid")
        for key in keys.keys:
            if kid is None or key.key_id == kid:
                return key.key
        raise jwt.InvalidTokenError("no key with this kid")
    if settings.API_OIDC_JWKS_URL:
        return _jwk_client(settings.API_OIDC_JWKS_URL).get_signing_key_from_jwt(token).key
    raise jwt.InvalidTokenError("no JWKS configured")


class OidcJwtAuthentication(authentication.BaseAuthentication):
    """``Authorization: Bearer <JWT>`` issued by the association's OIDC provider (client
    credentials). Checked: signature (RS256/ES256 from the configured JWKS), ``iss``, ``aud``,
    ``exp``/``nbf``/``iat``; the client is found by ``azp`` or ``client_id``. The token's ``scope``
    narrows the scopes the functional administrator granted, never widens them."""

    def authenticate(self, request: Request) -> tuple[Any, ApiClient] | None:
        header = authentication.get_authorization_header(request).decode("latin-1")
        if not header.lower().startswith("bearer ") or header[7:].startswith(KEY_PREFIX):
            return None
        token = header[7:].strip()
        if not (settings.API_OIDC_JWKS or settings.API_OIDC_JWKS_URL):
            raise exceptions.AuthenticationFailed("OAuth2 tokens are not configured.")
        try:
            claims = jwt.decode(
                token,
                key=_signing_key(token),
                algorithms=["RS256", "ES256", "PS256"],
                audience=settings.API_OIDC_AUDIENCE,
                issuer=settings.API_OIDC_ISSUER or None,
                options={"require": ["exp", "iat"], "verify_iss": bool(settings.API_OIDC_ISSUER)},
                leeway=30,
            )
        except (jwt.PyJWTError, ValueError) as exc:
            raise exceptions.AuthenticationFailed(f"Invalid token: {exc}") from None
        client_id = claims.get("azp") or claims.get("client_id")
        client = (
            ApiClient.objects.select_related("user").filter(oidc_client_id=client_id).first()
            if client_id
            else None
        )
        user, client = _active(client)
        if "scope" in claims:
            granted = set(str(claims["scope"]).split())
            client.scopes = [s for s in client.scopes if s in granted]
        return user, client

    def authenticate_header(self, request: Request) -> str:
        return 'Bearer realm="verbinding"'


class HasScope(permissions.BasePermission):
    """One rule for every call, in one place.

    - Reads need the view's ``read_scope``; what they return is decided by the account's reach
      (the selectors), as on the pages.
    - Writes need the view's ``write_scope`` on the client **and** the acting account in the
      view's ``write_roles``: the roles a person needs in the UI for the same write (the import
      pages are the functional administrator's; a tenant's grade is recorded by an advisor or a
      team lead). A scope never lends a role, and a role never lends a scope.

    Either failure is a 403 problem with a message saying which one.
    """

    message = "This client lacks the scope for this operation."

    def has_permission(self, request: Request, view: Any) -> bool:
        client = request.auth
        if not isinstance(client, ApiClient):
            return False
        needed = getattr(view, "required_scope", None)
        if callable(needed):
            needed = needed(request)
        if needed is not None and not client.has_scope(needed):
            return False
        if needed is None or request.method in permissions.SAFE_METHODS:
            return True  # a read, or a method the view does not have (405)
        roles = getattr(view, "write_roles", ())
        if getattr(request.user, "role", None) not in roles:
            self.message = (
                "The account this client acts as may not do this write "
                f"(it needs the role {' or '.join(roles) or '(none)'}, as in the application)."
            )
            return False
        return True


class ClientRateThrottle(throttling.SimpleRateThrottle):
    """A request rate per client (``ApiClient.rate``), counted in the cache."""

    scope = "client"

    def get_rate(self) -> str | None:
        return None  # set per request in allow_request

    def allow_request(self, request: Request, view: Any) -> bool:
        client = request.auth
        if not isinstance(client, ApiClient) or not client.rate:
            return True
        self.rate = client.rate
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        client = request.auth
        return f"throttle_api_client_{client.pk}" if isinstance(client, ApiClient) else None
