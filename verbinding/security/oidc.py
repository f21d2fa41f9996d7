"""Single sign-on with the association's OpenID Connect provider (mozilla-django-oidc), beside the
local accounts (small associations, the demo).

Off unless ``OIDC_RP_CLIENT_ID`` is set (settings: ``OIDC_ENABLED``). The provider's claims decide
who someone is and what they may do: the user name (``OIDC_USERNAME_CLAIM``), the role
(``OIDC_ROLE_CLAIM``, a string or a list, translated by ``OIDC_ROLE_MAP``), the team
(``OIDC_TEAM_CLAIM``, a team's name). A login whose role is missing or unknown gets no access at
all; role and team are updated at every login (and audited when they change). An ID token must
be meant for us (``aud``) and, when ``OIDC_OP_ISSUER`` is set, come from our provider. When the
provider says it used more than a password (``amr`` contains one of ``OIDC_MFA_AMR``), our own
second factor is not asked again.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from verbinding.accounts.models import Team
from verbinding.accounts.roles import ALL_ROLES

log = logging.getLogger(__name__)
SSO_MFA_SESSION_KEY = "verbinding_sso_mfa"


def parse_role_map(raw: list[str]) -> dict[str, str]:
    """``["provider-group:advisor", …]`` → ``{"provider-group": "advisor"}``; our own role codes
    always map to themselves."""
    mapping = {role: role for role in ALL_ROLES}
    for item in raw:
        claim, _, role = item.rpartition(":")
        if not claim or role not in ALL_ROLES:
            from django.core.exceptions import ImproperlyConfigured

            raise ImproperlyConfigured(f"OIDC_ROLE_MAP: {item!r} is not CLAIM_VALUE:ROLE")
        mapping[claim] = role
    return mapping


def role_from_claims(claims: dict[str, Any]) -> str | None:
    """Our role for these claims, or ``None`` (no access). Several values: the first that maps."""
    value = claims.get(settings.OIDC_ROLE_CLAIM)
    values = value if isinstance(value, list) else [value]
    mapping = parse_role_map(settings.OIDC_ROLE_MAP)
    for item in values:
        if isinstance(item, str) and item in mapping:
            return mapping[item]
    return None


class VerbindingOIDCBackend(OIDCAuthenticationBackend):
    """The OIDC backend, harmless when single sign-on is not configured (Django instantiates every
    backend for every password login too)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.enabled = bool(settings.OIDC_ENABLED)
        if self.enabled:
            super().__init__(*args, **kwargs)

    def authenticate(self, request: Any, **kwargs: Any) -> Any:
        if not self.enabled:
            return None
        return super().authenticate(request, **kwargs)

    def get_user(self, user_id: Any) -> Any:
        if not self.enabled:
            return None
        return super().get_user(user_id)

    def verify_token(self, token: Any, **kwargs: Any) -> Any:
        payload = super().verify_token(token, **kwargs)
        if "nonce" in kwargs:  # the ID token: meant for us, from our provider
            audience = payload.get("aud")
            audiences = audience if isinstance(audience, list) else [audience]
            if self.OIDC_RP_CLIENT_ID not in audiences:
                raise SuspiciousOperation("ID token for another client")
            issuer = settings.OIDC_OP_ISSUER
            if issuer and payload.get("iss") != issuer:
                raise SuspiciousOperation("ID token from another issuer")
        return payload

    def get_userinfo(self, access_token: Any, id_token: Any, payload: Any) -> dict[str, Any]:
        claims: dict[str, Any] = dict(super().get_userinfo(access_token, id_token, payload))
        claims.setdefault("amr", payload.get("amr", []))  # how the provider authenticated them
        return claims

    def _username(self, claims: dict[str, Any]) -> str:
        value = claims.get(settings.OIDC_USERNAME_CLAIM)
        return value.strip()[:150] if isinstance(value, str) else ""

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        if not self._username(claims):
            log.warning("SSO login refused: no %s claim", settings.OIDC_USERNAME_CLAIM)
            return False
        if role_from_claims(claims) is None:
            log.warning("SSO login refused: no known role in %s", settings.OIDC_ROLE_CLAIM)
            return False
        return True

    def filter_users_by_claims(self, claims: dict[str, Any]) -> Any:
        return self.UserModel.objects.filter(username__iexact=self._username(claims))

    def describe_user_by_claims(self, claims: dict[str, Any]) -> str:
        return "a user name from the provider"

    @transaction.atomic
    def create_user(self, claims: dict[str, Any]) -> Any:
        user = self.UserModel(username=self._username(claims))
        user.set_unusable_password()  # only the provider can let them in
        return self._apply(user, claims, created=True)

    @transaction.atomic
    def update_user(self, user: Any, claims: dict[str, Any]) -> Any:
        if not user.is_active:
            return None
        return self._apply(user, claims, created=False)

    def _apply(self, user: Any, claims: dict[str, Any], *, created: bool) -> Any:
        from verbinding.audit.models import AuditAction
        from verbinding.audit.services import audit_record

        before = {"role": user.role, "team": user.team_id}
        user.role = role_from_claims(claims)
        team_name = claims.get(settings.OIDC_TEAM_CLAIM)
        if isinstance(team_name, list):
            team_name = team_name[0] if team_name else None
        user.team = (
            Team.objects.filter(name__iexact=team_name).first()
            if isinstance(team_name, str)
            else None
        )
        user.email = claims.get("email", user.email) or ""
        user.first_name = (claims.get("given_name") or user.first_name)[:150]
        user.last_name = (claims.get("family_name") or user.last_name)[:150]
        user.save()
        after = {"role": user.role, "team": user.team_id}
        if created or before != after:
            audit_record(
                actor=None,
                action=AuditAction.CREATE if created else AuditAction.UPDATE,
                obj=user,
                summary="role and team from single sign-on",
                before=None if created else before,
                after=after,
            )
        amr = claims.get("amr") or []
        if self.request is not None and any(m in settings.OIDC_MFA_AMR for m in amr):
            self.request.session[SSO_MFA_SESSION_KEY] = True
        return user


def _enabled() -> None:
    if not settings.OIDC_ENABLED:
        raise Http404("single sign-on is not configured")


def authentication_init(request: HttpRequest) -> HttpResponse:
    """Start: to the provider's login page (404 when single sign-on is off)."""
    _enabled()
    return OIDCAuthenticationRequestView.as_view()(request)


def authentication_callback(request: HttpRequest) -> HttpResponse:
    """Back from the provider: the code is exchanged and the claims checked."""
    _enabled()
    return OIDCAuthenticationCallbackView.as_view()(request)
