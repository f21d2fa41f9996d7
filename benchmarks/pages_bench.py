"""Benchmark: server time of the pages advisors, team leads and managers use most, on the database
the environment points at (a seeded association, e.g. ``verbinding seed --households 100000
--months 24 --seed 2026 --today 2026-12-02`` with every app's data).

    VERBINDING_VAR_DIR=/tmp/bench .venv/bin/python benchmarks/pages_bench.py --runs 3 --requests 40
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python benchmarks/pages_bench.py
    ... pages_bench.py --only household --profile     # cProfile + the slowest queries of one page

Pages: the worklist ``/`` (a benchmark advisor given the first neighbourhoods up to ``--target``
units, as ``worklist_bench.py`` does, and the demo team lead), the household page
``/households/<id>/`` (the same two users, cycling over the households on their worklist: the
pages they open) and the dashboard ``/outcomes/`` (the demo manager and team lead).

Requests go through Django's test client in this process (middleware, session, audit, view,
template: server time without the network), with the clock set to ``--today``. Each page is timed
in ``--runs`` runs of ``--requests`` requests after two warm-up requests; prints a JSON line per
page and user with the queries per request, p50/p95 of each run, the minimum and median of those
over the runs, and the load average (1 min) before and after.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import io
import json
import os
import pstats
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path and not os.environ.get("PYTHONPATH"):  # PYTHONPATH: another tree
    sys.path.insert(0, str(ROOT))


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


class QueryLog:
    """A database execute wrapper that keeps each query's SQL and time."""

    def __init__(self, log: list[dict[str, Any]]) -> None:
        self.log = log

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.log.append({"sql": sql, "ms": (time.perf_counter() - started) * 1000})


def bench_advisor(target: int) -> Any:
    """The benchmark advisor, given the first neighbourhoods (by id) up to ``target`` units."""
    from django.db.models import Count

    from verbinding.accounts.models import Role, User
    from verbinding.areas.models import Neighbourhood

    areas = Neighbourhood.objects.annotate(n=Count("units")).order_by("id").values_list("id", "n")
    chosen, total = [], 0
    for area_id, n in areas:
        if total >= target:
            break
        chosen.append(area_id)
        total += n
    bench, _ = User.objects.get_or_create(
        username="bench-advisor", defaults={"role": Role.ADVISOR, "first_name": "Bench"}
    )
    bench.neighbourhoods.set(chosen)
    return bench


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--requests", type=int, default=40, help="per run")
    parser.add_argument("--target", type=int, default=2000, help="units for the bench advisor")
    parser.add_argument("--today", default="2026-12-02")
    parser.add_argument("--only", default="", help="worklist,household,outcomes (default: all)")
    parser.add_argument("--profile", action="store_true", help="profile instead of timing")
    parser.add_argument("--profile-dir", default=".", help="where the .prof files go")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "verbinding.settings")
    import django
    import time_machine

    import verbinding

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from verbinding.accounts.models import Role, User
    from verbinding.worklist.selectors import worklist_for

    # DEBUG as production runs it: no query log, no debug context (the environment's DEBUG=true
    # only lets the settings load without a SECRET_KEY); no test instrumentation of templates
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["*"]
    today = dt.date.fromisoformat(args.today)
    # the clock on the chosen day (10:00 UTC), ticking: what the pages compute depends on the date
    time_machine.travel(
        dt.datetime.combine(today, dt.time(10, 0), tzinfo=dt.UTC), tick=True
    ).start()
    bench = bench_advisor(args.target)
    lead = User.objects.get(username="teamleider")
    manager = User.objects.filter(role=Role.MANAGER, is_active=True).order_by("id").first()

    def household_paths(user: User) -> list[str]:
        rows = worklist_for(user=user, today=today, recent_days=30).rows[:50]
        return [f"/households/{r.household_id}/" for r in rows] or ["/households/"]

    plan: list[tuple[str, User, Callable[[int], str]]] = []
    only = set(filter(None, args.only.split(",")))
    if not only or "worklist" in only:
        plan += [("worklist", bench, lambda i: "/"), ("worklist", lead, lambda i: "/")]
    if not only or "household" in only:
        for user in (bench, lead):
            paths = household_paths(user)
            plan.append(("household", user, lambda i, p=paths: p[i % len(p)]))  # type: ignore[misc]
    if (not only or "outcomes" in only) and manager is not None:
        plan += [
            ("outcomes", manager, lambda i: "/outcomes/"),
            ("outcomes", lead, lambda i: "/outcomes/"),
        ]

    for page, user, path in plan:
        client = Client()
        client.force_login(user)
        for i in range(2):
            assert client.get(path(i)).status_code == 200, path(i)
        queries: list[dict[str, Any]] = []
        with connection.execute_wrapper(QueryLog(queries)):  # survives SQLite's reconnects
            client.get(path(0))
        if args.profile:
            profiler = cProfile.Profile()
            profiler.enable()
            for i in range(args.requests):
                client.get(path(i))
            profiler.disable()
            profiler.dump_stats(f"{args.profile_dir}/{page}-{user.username}.prof")
            out = io.StringIO()
            stats = pstats.Stats(profiler, stream=out)
            stats.sort_stats("cumulative").print_stats("verbinding/", 40)
            stats.sort_stats("tottime").print_stats(30)
            print(f"== {page} as {user.username}: profile of {args.requests} requests")
            print(out.getvalue())
            print(f"== {page} as {user.username}: {len(queries)} queries, slowest first")
            for q in sorted(queries, key=lambda q: -q["ms"])[:15]:
                print(f"{q['ms']:8.1f} ms  {q['sql'][:400]}")
            continue
        runs = []
        for _run in range(args.runs):
            load_before = os.getloadavg()[0]
            cpu_before = time.process_time()
            times = []
            for i in range(args.requests):
                started = time.perf_counter()
                response = client.get(path(i))
                times.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200
            runs.append(
                {
                    "p50": round(statistics.median(times), 1),
                    "p95": round(pct(times, 0.95), 1),
                    # this process's CPU per request (the web side; PostgreSQL's is not in it)
                    "cpu_ms": round((time.process_time() - cpu_before) * 1000 / len(times), 1),
                    "load": [round(load_before, 2), round(os.getloadavg()[0], 2)],
                }
            )
        print(
            json.dumps(
                {
                    "database": connection.vendor,
                    "page": page,
                    "user": user.username,
                    "role": user.role,
                    "queries": len(queries),
                    "p50_min": min(r["p50"] for r in runs),
                    "p50_median": round(statistics.median(r["p50"] for r in runs), 1),
                    "p95_min": min(r["p95"] for r in runs),
                    "p95_median": round(statistics.median(r["p95"] for r in runs), 1),
                    "cpu_ms_median": round(statistics.median(r["cpu_ms"] for r in runs), 1),
                    "code": str(Path(verbinding.__file__).parent.parent),
                    "runs": runs,
                }
            ),
            flush=True,
        )


if __name__ == "__main__":
    main()
