"""``verbinding serve``: the demo server — waitress plus, by default, a worker thread.

Production runs gunicorn (``gunicorn -c python:verbinding.gunicorn_conf``) and ``verbinding
worker`` as separate services (see ``deploy/`` and ``docs/deployment.md``). For the demo one
command is handier: the worker loop runs in a thread of this process, so big uploads and other
background jobs finish without a second terminal. ``--no-worker`` leaves them in the queue.
"""

from __future__ import annotations

import threading
from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Serve Verbinding on http://HOST:PORT with a background worker (Ctrl-C stops)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8)
        parser.add_argument(
            "--worker",
            action="store_true",
            default=True,
            help="run background jobs in this process too (default)",
        )
        parser.add_argument("--no-worker", action="store_false", dest="worker")

    def handle(self, *args: Any, **options: Any) -> None:
        from waitress import serve  # type: ignore[import-untyped]

        from verbinding.wsgi import application

        if options["worker"]:
            from verbinding.jobs.worker import make_worker

            worker = make_worker(worker_id=None, interval=1.0)
            threading.Thread(target=worker.run, name="demo-worker", daemon=True).start()
        url = f"http://{options['host']}:{options['port']}/"
        self.stdout.write(self.style.SUCCESS(f"Verbinding runs on {url}  (Ctrl-C stops)"))
        serve(application, host=options["host"], port=options["port"], threads=options["threads"])
