"""The base of the batch commands: what cron and the scheduler run (``signals``, ``import``,
``outcomes_refresh``, ``vroegsignalering``, ``retention``, ``reminders``).

They start without Django's system checks. The checks import every view and template (the PDF
library among them): ~0.7 s of every run's start-up, half of it (docs/benchmarks.md, issue 16).
They belong to deploying, not to each nightly run: ``verbinding check --deploy`` after an install
or upgrade (docs/deployment.md). The worker's ``call_command`` skips them already.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand


class BatchCommand(BaseCommand):
    requires_system_checks: list[str] = []
