"""Two-factor authentication (TOTP, django-otp): who must use it, and the middleware that holds a
logged-in user on the enrolment or verification page until they have.

Required (``TWO_FACTOR_REQUIRED``, on in production) for team leads, managers, the privacy officer
(who also holds the import rights) and Django admin staff; for advisors by the policy
``TWO_FACTOR_ADVISORS`` (``optional``: those who enrolled a device verify with it; ``required``:
everyone). Off in the demo and the tests unless turned on, and then the page header says so.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django_otp import device_classes

from verbinding.accounts.backends import DEVICE_READ
from verbinding.accounts.roles import Role
from verbinding.security.oidc import SSO_MFA_SESSION_KEY

# Roles that always need a second factor (import rights: the privacy officer / functional admin).
REQUIRED_ROLES: tuple[str, ...] = (Role.TEAM_LEAD, Role.MANAGER, Role.PRIVACY_OFFICER)
ADVISOR_POLICIES = ("optional", "required")
# Reachable before the second factor: the 2FA pages themselves, logging out, static files, the
# language switch, the probes and the API (its own tokens, no session).
OPEN_PREFIXES = ("/account/2fa/", "/account/logout/", "/static/", "/i18n/", "/api/")
OPEN_PATHS = ("/healthz", "/readyz", "/health/")


def two_factor_required(user: Any) -> bool:
    """Whether this user may not work without a verified second factor."""
    if not settings.TWO_FACTOR_REQUIRED:
        return False
    if user.is_staff or user.is_superuser or user.role in REQUIRED_ROLES:
        return True
    return bool(user.role == Role.ADVISOR and settings.TWO_FACTOR_ADVISORS == "required")


@functools.cache
def _any_device_sql(vendor: str) -> tuple[str, int]:
    """``SELECT 1 WHERE EXISTS (…) OR EXISTS (…)``, one EXISTS per device model, written once per
    process: building it with the ORM on every request cost ~2 ms of CPU (the query compiler)."""
    quote = connection.ops.quote_name
    tests = []
    for model in device_classes():
        meta = model._meta
        table, user, confirmed = (
            quote(meta.db_table),
            quote(meta.get_field("user").column),
            quote(meta.get_field("confirmed").column),
        )
        # names from the models, the values are parameters
        tests.append(f"EXISTS (SELECT 1 FROM {table} WHERE {user} = %s AND {confirmed} = %s)")  # noqa: S608
    return (f"SELECT 1 WHERE {' OR '.join(tests)}" if tests else ""), len(tests)


def has_confirmed_device(user: Any) -> bool:
    """Whether the user enrolled a second factor of any kind (TOTP app, recovery codes), in one
    query: django_otp's ``user_has_device`` asks each device model in turn and loads its rows,
    and the middleware asks on every request of an advisor under the ``optional`` policy."""
    if not user.is_authenticated:
        return False
    read = getattr(user, DEVICE_READ, None)  # read with the session's user
    if read is not None:  # (verbinding.accounts.backends: no query of its own)
        return bool(read)
    sql, models = _any_device_sql(connection.vendor)
    if not models:
        return False
    with connection.cursor() as cursor:
        cursor.execute(sql, [user.pk, True] * models)
        return cursor.fetchone() is not None


def needs_second_factor(user: Any) -> bool:
    """Logged in with a password only, and either required or they enrolled a device."""
    if not user.is_authenticated or user.is_verified():
        return False
    if two_factor_required(user):
        return True
    return settings.TWO_FACTOR_REQUIRED and has_confirmed_device(user)


class TwoFactorMiddleware:
    """After ``django_otp.middleware.OTPMiddleware``: a user who needs a second factor sees only the
    enrolment page (no device yet) or the verification page (with ``next``)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        path = request.path
        if (
            user is None
            or path.startswith(OPEN_PREFIXES)
            or path in OPEN_PATHS
            or not needs_second_factor(user)
            or request.session.get(SSO_MFA_SESSION_KEY)  # the provider did more than a password
        ):
            return self.get_response(request)
        target = "security:verify" if has_confirmed_device(user) else "security:setup"
        if request.method != "GET":
            return redirect_to_login(path, login_url=reverse(target))
        return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
