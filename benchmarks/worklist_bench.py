"""Benchmark: worklist page server time (the start page ``/``), for an advisor with about 2,000
households and for a team lead, on the database the environment points at (prepare it with
``benchmarks/signals_bench.py --prepare``; signals are computed here if there are none).

    VERBINDING_VAR_DIR=/tmp/worklist-bench .venv/bin/python benchmarks/worklist_bench.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/worklist_bench \\
        .venv/bin/python benchmarks/worklist_bench.py

Requests go through Django's test client in this process (middleware, session, view, template:
server time without the network). Prints a JSON line per user: households, rows on the list,
queries per request, p50/p95/max over ``--requests`` requests after two warm-up requests.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--target", type=int, default=2000, help="households for the advisor")
    parser.add_argument(
        "--sources",
        default="",
        help="comma-separated source names to keep (default: every registered source)",
    )
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "verbinding.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    from verbinding.accounts.models import User
    from verbinding.arrears.models import ArrearsSignal
    from verbinding.arrears.services import recompute
    from verbinding.households.selectors import households_for

    if args.sources:
        from verbinding.worklist import selectors
        from verbinding.worklist.sources import registered_sources

        keep = tuple(s for s in registered_sources() if s.name in args.sources.split(","))
        selectors.registered_sources = lambda: keep  # type: ignore[assignment]
    setup_test_environment()  # so responses carry their template context
    settings.ALLOWED_HOSTS = ["*"]
    if not ArrearsSignal.objects.exists():
        recompute(today=dt.date(2026, 11, 26))
    from pages_bench import bench_advisor  # benchmarks/ is on sys.path (the script's folder)

    bench = bench_advisor(args.target)
    users = [bench, User.objects.get(username="teamleider")]
    for user in users:
        client = Client()
        client.force_login(user)
        for _ in range(2):
            client.get("/")
        times = []
        for _ in range(args.requests):
            started = time.perf_counter()
            response = client.get("/")
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/")
        times.sort()
        print(
            json.dumps(
                {
                    "database": connection.vendor,
                    "sources": args.sources or "all",
                    "user": user.username,
                    "role": user.role,
                    "households": households_for(user=user).count(),
                    "rows_on_list": len(response.context["worklist"].rows),
                    "queries": len(queries),
                    "p50_ms": round(statistics.median(times), 1),
                    "p95_ms": round(times[int(len(times) * 0.95) - 1], 1),
                    "max_ms": round(times[-1], 1),
                }
            )
        )


if __name__ == "__main__":
    main()
