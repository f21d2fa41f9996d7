"""Settings come from the environment; production refuses to start unsafely."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from verbinding.testing.settings_probe import printed


def _start(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "DEBUG"}
    }
    return subprocess.run(
        [sys.executable, "-c", "import verbinding.settings"],
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_demo_starts_without_any_configuration_once_debug_is_turned_on():
    assert _start({"DEBUG": "true"}).returncode == 0


def test_debug_is_off_unless_turned_on_so_an_unconfigured_start_is_refused():
    result = _start({"VERBINDING_TESTING": ""})
    assert result.returncode != 0
    assert "DEBUG is off: set SECRET_KEY" in result.stderr


def test_with_debug_off_it_refuses_to_start_without_a_secret_key():
    result = _start({"DEBUG": "false", "ALLOWED_HOSTS": "verbinding.example.nl"})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_with_debug_off_it_refuses_to_start_without_allowed_hosts():
    result = _start({"DEBUG": "false", "SECRET_KEY": "x" * 50})
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_with_debug_off_and_both_set_it_starts():
    result = _start(
        {"DEBUG": "false", "SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "verbinding.example.nl"}
    )
    assert result.returncode == 0, result.stderr


def test_a_malformed_boolean_is_an_error_not_a_guess():
    result = _start({"DEBUG": "maybe"})
    assert result.returncode != 0
    assert "DEBUG must be true or false" in result.stderr


@pytest.mark.parametrize(
    ("cents", "dutch", "english"),
    [
        (141250, "€ 1.412,50", "€1,412.50"),
        (-5000, "-€ 50,00", "-€50.00"),
        (7, "€ 0,07", "€0.07"),
    ],
)
def test_money_is_shown_the_dutch_way_by_default(cents, dutch, english):
    from django.utils import translation

    from verbinding.web.templatetags.verbinding import euro

    with translation.override("nl"):
        assert euro(cents) == dutch
    with translation.override("en"):
        assert euro(cents) == english


def test_postgresqls_jit_is_off_for_the_apps_connections_unless_asked_for():
    """Compiling a page query cost more than it saved (docs/benchmarks.md, "Pages")."""
    script = (
        "import verbinding.settings as s; o = s.DATABASES['default'].get('OPTIONS', {}); "
        "print(o.get('options', ''))"
    )

    def options(env: dict[str, str]) -> str:
        return printed(script, env, unset=["DATABASE_JIT"])

    pg = "postgres://u@127.0.0.1:5432/x"
    assert options({"DATABASE_URL": pg}) == "-c jit=off"
    assert options({"DATABASE_URL": pg, "DATABASE_JIT": "true"}) == ""
    assert options({"DATABASE_URL": "sqlite:////tmp/x.sqlite3"}) == ""


@pytest.mark.django_db
def test_the_connection_runs_without_jit_on_postgresql():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


def test_the_command_says_what_to_set_instead_of_a_traceback():
    """`verbinding makemigrations --check` run without the Makefile (DEBUG off, no SECRET_KEY)
    printed a settings traceback; it is one clear message and exit code 2."""
    clean = {
        k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "DEBUG"}
    }
    result = subprocess.run(
        [sys.executable, "-m", "verbinding", "makemigrations", "--check", "--dry-run"],
        env={**clean, "VERBINDING_TESTING": ""},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "SECRET_KEY" in result.stderr and "DEBUG=true" in result.stderr
