"""Transport: DEBUG off by default, the production hardening, no-store, idle and absolute session
ends (docs/security.md, "Login and transport")."""

from __future__ import annotations

import datetime as dt
import os
import secrets
import subprocess
import sys

import pytest
from django.test import Client, override_settings

pytestmark = pytest.mark.django_db

PRODUCTION_ENV = {
    "DEBUG": "false",
    "ALLOWED_HOSTS": "verbinding.example.nl",
    "SECRET_KEY": secrets.token_urlsafe(50),
}


def _clean_env(**extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "VERBINDING_TESTING"}
        and not k.startswith("SECURE_")
    }
    return {**env, **extra}


def _production_setting(expression: str) -> str:
    code = f"from django.conf import settings; import django; django.setup(); print({expression})"
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=_clean_env(DJANGO_SETTINGS_MODULE="verbinding.settings", **PRODUCTION_ENV),
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_debug_is_off_when_the_environment_does_not_turn_it_on():
    env = _clean_env(DJANGO_SETTINGS_MODULE="verbinding.settings", **PRODUCTION_ENV)
    del env["DEBUG"]
    code = "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_production_settings_redirect_to_https_send_hsts_and_secure_cookies():
    values = _production_setting(
        "settings.SECURE_SSL_REDIRECT, settings.SECURE_HSTS_SECONDS,"
        " settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE, settings.SESSION_IDLE_SECONDS"
    )
    assert values == "True 31536000 True True 1800"


def test_check_deploy_is_clean_with_the_production_settings():
    """The same command .ci/run runs: any warning of Django's deployment checklist fails."""
    result = subprocess.run(
        [sys.executable, "-m", "verbinding", "check", "--deploy", "--fail-level", "WARNING"],
        env=_clean_env(DJANGO_SETTINGS_MODULE="verbinding.settings", **PRODUCTION_ENV),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@override_settings(
    SECURE_SSL_REDIRECT=True,
    SECURE_REDIRECT_EXEMPT=[r"^healthz$", r"^readyz$"],
    SECURE_HSTS_SECONDS=31536000,
    SECURE_HSTS_INCLUDE_SUBDOMAINS=True,
)
def test_plain_http_is_redirected_and_https_carries_hsts():
    client = Client()  # made under the production settings: middleware reads them at start
    response = client.get("/account/login/")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/account/login/"
    secure = client.get("/account/login/", secure=True)
    assert secure.status_code == 200
    assert secure["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert client.get("/healthz").status_code == 200  # the machine's own probe, plain HTTP


def test_pages_and_files_with_personal_data_are_not_stored_by_the_browser(client, cast):
    household = cast.north_household
    for user, url in (
        (cast.advisor, f"/households/{household.id}/"),
        (cast.advisor, "/worklist/"),
        (cast.privacy_officer, "/audit/register.csv"),
    ):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"], url
        assert "private" in response["Cache-Control"], url


def test_static_files_keep_their_cache_headers(client):
    response = client.get("/static/verbinding/menu.js")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def test_a_session_ends_after_thirty_idle_minutes(client, cast, _frozen_clock):
    client.force_login(cast.advisor)
    assert client.get("/worklist/").status_code == 200
    _frozen_clock.shift(dt.timedelta(minutes=29))
    assert client.get("/worklist/").status_code == 200  # still active: the idle clock restarts
    _frozen_clock.shift(dt.timedelta(minutes=29))
    assert client.get("/worklist/").status_code == 200
    _frozen_clock.shift(dt.timedelta(minutes=31))
    response = client.get("/worklist/")
    assert response.status_code == 302
    assert response["Location"].startswith("/account/login/?next=/worklist/")
    assert "_auth_user_id" not in client.session
    login_page = client.get(response["Location"])
    assert "sessie" in login_page.content.decode().lower()


@override_settings(SESSION_IDLE_SECONDS=5 * 60)
def test_the_idle_timeout_is_a_setting(client, cast, _frozen_clock):
    client.force_login(cast.advisor)
    assert client.get("/worklist/").status_code == 200
    _frozen_clock.shift(dt.timedelta(minutes=6))
    assert client.get("/worklist/").status_code == 302


def test_a_busy_session_still_ends_after_the_absolute_limit(client, cast, _frozen_clock, settings):
    client.force_login(cast.advisor)
    assert client.get("/worklist/").status_code == 200
    hours = settings.SESSION_COOKIE_AGE // 3600
    for _ in range(hours * 3 - 1):  # a request every 20 minutes, all day
        _frozen_clock.shift(dt.timedelta(minutes=20))
        assert client.get("/worklist/").status_code == 200
    _frozen_clock.shift(dt.timedelta(minutes=21))
    assert client.get("/worklist/").status_code == 302


def test_sessions_are_read_from_redis_when_it_is_configured_and_kept_in_the_database_otherwise():
    without = _production_setting("settings.SESSION_ENGINE, settings.CACHES['default']['BACKEND']")
    assert without == (
        "django.contrib.sessions.backends.db django.core.cache.backends.locmem.LocMemCache"
    )
    code = (
        "from django.conf import settings; import django; django.setup();"
        " print(settings.SESSION_ENGINE, settings.CACHES['default']['BACKEND'])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=_clean_env(
            DJANGO_SETTINGS_MODULE="verbinding.settings",
            REDIS_URL="redis://127.0.0.1:6379/0",
            **PRODUCTION_ENV,
        ),
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == (
        "django.contrib.sessions.backends.cached_db verbinding.ops.cache.RedisCache"
    )


@override_settings(SESSION_ENGINE="django.contrib.sessions.backends.cached_db")
def test_with_sessions_in_the_cache_a_logout_ends_every_copy_and_the_idle_limit_holds(
    cast, _frozen_clock
):
    first = Client()
    first.force_login(cast.advisor)
    assert first.get("/worklist/").status_code == 200
    copy = Client()  # the same cookie in a second browser (or a stolen one)
    copy.cookies["sessionid"] = first.cookies["sessionid"].value
    assert copy.get("/worklist/").status_code == 200
    first.post("/account/logout/")
    assert copy.get("/worklist/").status_code == 302

    idle = Client()
    idle.force_login(cast.advisor)
    assert idle.get("/worklist/").status_code == 200
    _frozen_clock.shift(dt.timedelta(minutes=31))
    assert idle.get("/worklist/").status_code == 302
