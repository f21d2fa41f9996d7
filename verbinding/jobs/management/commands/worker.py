"""``verbinding worker``: run background jobs (imports, nightly work) until stopped.

Start as many as you like, on as many machines as share the database: each job runs once.
SIGTERM (systemd stop) lets the running job finish first; a second SIGTERM/Ctrl-C stops at once.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Run background jobs from the database queue until stopped."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--queues", default="*", help="comma-separated queues (default: all)")
        parser.add_argument("--interval", type=float, default=1.0, help="seconds between polls")
        parser.add_argument("--batch", action="store_true", help="run what is due, then stop")
        parser.add_argument("--max-tasks", type=int, default=None)
        parser.add_argument("--worker-id", default=None, help="unique per worker (default: random)")

    def handle(self, *args: Any, **options: Any) -> None:
        from verbinding.jobs.worker import make_worker

        if options["verbosity"] > 0:
            for name in ("verbinding.jobs", "django_tasks", "django_tasks_db"):
                logging.getLogger(name).setLevel(logging.INFO)
        worker = make_worker(
            worker_id=options["worker_id"],
            batch=options["batch"],
            interval=options["interval"],
            max_tasks=options["max_tasks"],
            queues=options["queues"],
        )
        worker.configure_signals()
        worker.run()
