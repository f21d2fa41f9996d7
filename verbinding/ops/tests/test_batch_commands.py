"""The batch commands (cron, the scheduler) start without Django's system checks
(``verbinding/ops/batch.py``)."""

from __future__ import annotations

from contextlib import redirect_stdout
from io import StringIO
from typing import Any

import pytest
from django.core.management import get_commands, load_command_class

from verbinding.ops.batch import BatchCommand

BATCH = ["signals", "import", "outcomes_refresh", "vroegsignalering", "retention", "reminders"]


@pytest.mark.parametrize("name", BATCH)
def test_a_batch_command_skips_the_system_checks(name: str) -> None:
    command = load_command_class(get_commands()[name], name)
    assert isinstance(command, BatchCommand)
    assert not command.requires_system_checks


def run_like_cron(app: str, name: str, *argv: str) -> None:
    """What ``verbinding NAME ARGV`` does (``BaseCommand.run_from_argv``: parse the command line,
    run the checks the command requires, then handle), without its closing every connection at
    the end, which would end the test's transaction."""
    command = load_command_class(app, name)
    options = vars(command.create_parser("verbinding", name).parse_args(list(argv)))
    command.execute(*options.pop("args", ()), **options)


@pytest.mark.django_db
def test_signals_from_the_command_line_runs_no_check(monkeypatch: Any) -> None:
    from django.core import checks

    def fail(*args: Any, **kwargs: Any) -> list[Any]:
        raise AssertionError("system checks ran")

    monkeypatch.setattr(checks, "run_checks", fail)
    run_like_cron("verbinding.arrears", "signals", "--today", "2026-12-02", "-v0")


@pytest.mark.django_db
def test_an_ordinary_command_still_runs_the_checks(monkeypatch: Any) -> None:
    """The guard above can fail: ``showmigrations`` (checks required) does call them."""
    from django.core import checks

    ran: list[bool] = []

    def record(*args: Any, **kwargs: Any) -> list[Any]:
        ran.append(True)
        return []

    monkeypatch.setattr(checks, "run_checks", record)
    with redirect_stdout(StringIO()):
        run_like_cron("django.core", "showmigrations", "--list", "-v0")
    assert ran
