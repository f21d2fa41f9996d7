"""Shared fixtures: the named cast every test can use.

- ``cast.advisor`` works in ``cast.north``; ``cast.colleague`` is in the same team, also in north;
- ``cast.other_advisor`` works in ``cast.south`` (another team);
- ``cast.team_lead`` leads the north team; ``cast.manager`` and ``cast.privacy_officer``.
- ``cast.north_household`` and ``cast.south_household`` live in those neighbourhoods.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest
import time_machine
from hypothesis import HealthCheck, settings

from verbinding.accounts.models import Role, Team, User
from verbinding.areas.models import Neighbourhood
from verbinding.households.models import Household
from verbinding.testing import factories as f

pytest_plugins = ["verbinding.testing.browser"]

# Property tests are deterministic (the same examples every run) and not timed: a loaded CI
# machine must not turn a slow draw into a failure.
settings.register_profile(
    "verbinding",
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("verbinding")

# The instant every test starts at, unless ``VERBINDING_TEST_NOW`` says otherwise (ISO 8601, with an
# offset). An ordinary Wednesday mid-month; ``.ci/run`` runs the suite again on the dates that are
# traps (the 1st and 2nd of a month, New Year's Eve 23:30 in UTC and in Amsterdam, 29 February,
# the night the clocks go forward).
DEFAULT_TEST_NOW = "2026-06-17T10:00:00+02:00"


def frozen_instant() -> dt.datetime:
    raw = os.environ.get("VERBINDING_TEST_NOW") or DEFAULT_TEST_NOW
    value = dt.datetime.fromisoformat(raw)
    if value.tzinfo is None:
        raise ValueError(f"VERBINDING_TEST_NOW needs an offset, e.g. +01:00: {raw!r}")
    return value


@pytest.fixture(autouse=True)
def _frozen_clock(request: pytest.FixtureRequest) -> Iterator[time_machine.Coordinates]:
    """No test reads the real clock: each starts at ``frozen_instant()`` (the clock ticks from
    there), or on the day its ``@pytest.mark.today(date)`` marker names (10:00 in Amsterdam): for
    tests written around a fixed date, so that "now" and their data agree."""
    marker = request.node.get_closest_marker("today")
    if marker is not None:
        day: dt.date = marker.args[0]
        start = dt.datetime.combine(day, dt.time(10), tzinfo=ZoneInfo("Europe/Amsterdam"))
    else:
        start = frozen_instant()
    with time_machine.travel(start, tick=True) as traveller:
        yield traveller


def pytest_report_header() -> str:
    return f"verbinding: tests start at {frozen_instant().isoformat()} (VERBINDING_TEST_NOW)"


# PostgreSQL with two roles (docs/deployment.md, .ci/run): the test database is created and
# migrated by the owner; each test then runs as DATABASE_APP_ROLE, as the app does in production.
APP_ROLE = os.environ.get("DATABASE_APP_ROLE", "")
_app_role_on = False


def _set_app_role(sender: object, connection: object, **kwargs: object) -> None:
    if _app_role_on and APP_ROLE and getattr(connection, "vendor", "") == "postgresql":
        with connection.cursor() as cursor:  # type: ignore[attr-defined]
            cursor.execute(f"SET ROLE {connection.ops.quote_name(APP_ROLE)}")  # type: ignore[attr-defined]


def _app_role(on: bool) -> None:
    global _app_role_on
    from django.db import connection

    _app_role_on = on
    if APP_ROLE and connection.vendor == "postgresql" and connection.connection is not None:
        with connection.cursor() as cursor:
            if on:
                cursor.execute(f"SET ROLE {connection.ops.quote_name(APP_ROLE)}")
            else:
                cursor.execute("RESET ROLE")


if APP_ROLE:
    from django.db.backends.signals import connection_created

    connection_created.connect(_set_app_role, dispatch_uid="tests_app_role")


@pytest.fixture(autouse=True)
def _audit_triggers_around_flush(request: pytest.FixtureRequest) -> Iterator[None]:
    """Transactional tests end with a flush (DELETE on SQLite), which the append-only trigger
    refuses. Lift the trigger just for that flush, and put it back before the next test.
    With DATABASE_APP_ROLE set, the test body runs as the app role (the flush as the owner)."""
    transactional = any(
        name in request.fixturenames for name in ("transactional_db", "live_server")
    ) or any(m.kwargs.get("transaction") for m in request.node.iter_markers("django_db"))
    uses_db = (
        transactional
        or "db" in request.fixturenames
        or any(True for _ in request.node.iter_markers("django_db"))
    )
    if not uses_db:
        yield
        return
    from django.db import connection

    from verbinding.audit import triggers

    request.getfixturevalue("transactional_db" if transactional else "db")
    if transactional:
        triggers.install(connection)
    _app_role(True)
    try:
        yield
    finally:
        _app_role(False)
        if transactional:
            triggers.remove(connection)


@dataclass
class Cast:
    north: Neighbourhood
    south: Neighbourhood
    north_team: Team
    south_team: Team
    advisor: User
    colleague: User
    other_advisor: User
    team_lead: User
    manager: User
    privacy_officer: User
    north_household: Household
    south_household: Household


@pytest.fixture
def cast(db: None) -> Cast:
    north = f.NeighbourhoodFactory(name="Noorderkwartier", cbs_code="BU01500101")
    south = f.NeighbourhoodFactory(name="Zuiderpark", cbs_code="BU01500201")
    north_team = f.TeamFactory(name="Team Noord")
    north_team.neighbourhoods.set([north])
    south_team = f.TeamFactory(name="Team Zuid")
    south_team.neighbourhoods.set([south])
    advisor = f.UserFactory(
        username="anna",
        first_name="Anna",
        last_name="de Vries",
        team=north_team,
        neighbourhoods=[north],
    )
    colleague = f.UserFactory(
        username="bram",
        first_name="Bram",
        last_name="Bakker",
        team=north_team,
        neighbourhoods=[north],
    )
    other = f.UserFactory(
        username="chris",
        first_name="Chris",
        last_name="Smit",
        team=south_team,
        neighbourhoods=[south],
    )
    lead = f.UserFactory(
        username="dewi", first_name="Dewi", last_name="Jansen", role=Role.TEAM_LEAD, team=north_team
    )
    manager = f.UserFactory(username="eva", first_name="Eva", last_name="Mulder", role=Role.MANAGER)
    privacy = f.UserFactory(
        username="frits", first_name="Frits", last_name="Visser", role=Role.PRIVACY_OFFICER
    )
    return Cast(
        north=north,
        south=south,
        north_team=north_team,
        south_team=south_team,
        advisor=advisor,
        colleague=colleague,
        other_advisor=other,
        team_lead=lead,
        manager=manager,
        privacy_officer=privacy,
        north_household=f.household_in(north, name="Huishouden Jansen"),
        south_household=f.household_in(south, name="Huishouden El Amrani"),
    )
