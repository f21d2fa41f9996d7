"""The batch commands (cron, the scheduler) start without Django's system checks: those import
every view and template (~0.7 s each time) and run at deploy, with ``verbinding check --deploy``."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import ManagementUtility, load_command_class

BATCH = ["signals", "import", "outcomes_refresh", "vroegsignalering", "retention", "reminders"]


@pytest.mark.parametrize("name", BATCH)
def test_a_batch_command_skips_the_system_checks(name: str) -> None:
    command = load_command_class(
        {
            "signals": "verbinding.arrears",
            "import": "verbinding.imports",
            "outcomes_refresh": "verbinding.outcomes",
            "vroegsignalering": "verbinding.earlysignals",
            "retention": "verbinding.privacy",
            "reminders": "verbinding.tenantmessages",
        }[name],
        name,
    )
    assert command.requires_system_checks == []


@pytest.mark.django_db
def test_signals_from_the_command_line_runs_no_check(monkeypatch: Any) -> None:
    """As cron runs it (``run_from_argv``, where Django would run the checks first)."""
    from django.core import checks

    def fail(*args: Any, **kwargs: Any) -> list[Any]:
        raise AssertionError("system checks ran")

    monkeypatch.setattr(checks, "run_checks", fail)
    ManagementUtility(["verbinding", "signals", "--today", "2026-12-02", "-v0"]).execute()


@pytest.mark.django_db
def test_an_ordinary_command_still_runs_the_checks(monkeypatch: Any) -> None:
    """The guard above can fail: ``migrate`` (checks required) does call them."""
    from django.core import checks

    ran: list[bool] = []

    def record(*args: Any, **kwargs: Any) -> list[Any]:
        ran.append(True)
        return []

    monkeypatch.setattr(checks, "run_checks", record)
    ManagementUtility(["verbinding", "migrate", "--check", "-v0"]).execute()
    assert ran
