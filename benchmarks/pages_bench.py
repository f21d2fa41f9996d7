"""Benchmark: server time of the pages advisors, team leads and managers use most, on the database
the environment points at (a seeded association, e.g. ``verbinding seed --households 100000
--months 24 --seed 2026 --today 2026-12-02`` with every app's data).

    VERBINDING_VAR_DIR=/tmp/bench .venv/bin/python benchmarks/pages_bench.py --runs 3 --requests 40
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python benchmarks/pages_bench.py
    ... pages_bench.py --only household --profile     # cProfile + the slowest queries of one page
    ... pages_bench.py --http                          # through gunicorn over HTTP, as users meet it

Pages: the worklist ``/`` (a benchmark advisor given the first neighbourhoods up to ``--target``
units, as ``worklist_bench.py`` does, and the demo team lead), the household page
``/households/<id>/`` (the same two users, cycling over the households on their worklist: the
pages they open) and the dashboard ``/outcomes/`` (the demo manager and team lead).

Requests go through Django's test client in this process (middleware, session, audit, view,
template: server time without the network), with the clock set to ``--today``. With ``--http``
they go over HTTP to gunicorn started as ``http_bench.py`` starts it (the deploy kit's settings,
``DEBUG=false``, sessions in Redis, a worker beside it), its clock set to ``--today`` 10:00 by
Debian's ``faketime``; one client, one request at a time, a new connection each (as nginx passes
them on); the time is the client's, from sending the request to the last byte of the answer, and
the CPU per request is gunicorn's and (PostgreSQL) its database backends', from ``/proc``. Each page is timed
in ``--runs`` runs of ``--requests`` requests after two warm-up requests; prints a JSON line per
page and user with the queries per request, p50/p95 of each run, the minimum and median of those
over the runs, and the load average (1 min) before and after.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import http.client
import io
import json
import os
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
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
    parser.add_argument("--http", action="store_true", help="over HTTP to gunicorn")
    parser.add_argument("--port", type=int, default=8019, help="--http: the server's port")
    parser.add_argument(
        "--warm-up", type=int, default=0, help="requests per page before timing (2; --http: 12)"
    )
    parser.add_argument(
        "--redis-url", default="redis://127.0.0.1:6379/0", help="--http: the server's REDIS_URL"
    )
    args = parser.parse_args()
    warm_up = args.warm_up or (12 if args.http else 2)  # --http: each gunicorn process warms up
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "verbinding.settings")
    secret_key = ""
    if args.http:  # this process makes the sessions the server reads: same store, same key
        import secrets

        secret_key = secrets.token_urlsafe(50)
        os.environ.update(
            SECRET_KEY=secret_key,
            REDIS_URL=args.redis_url,
            CACHE_KEY_PREFIX=f"http-bench-{args.port}",
        )
    import django
    import time_machine

    django.setup()
    from django.conf import settings

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

    server = HttpServer(args.port, secret_key, args.today) if args.http else None
    try:
        for page, user, path in plan:
            measure(page, user, path, args, warm_up, server)
    finally:
        if server is not None:
            server.stop()


def measure(page: str, user: Any, path: Callable[[int], str], args: Any, warm_up: int,
            server: HttpServer | None) -> None:  # fmt: skip
    """Time ``page`` as ``user``: ``--runs`` runs of ``--requests`` requests; print a JSON line."""
    from django.db import connection
    from django.test import Client

    import verbinding

    client = Client()
    client.force_login(user)

    def in_process(path: str) -> int:
        return client.get(path).status_code

    get = server.getter(user) if server is not None else in_process
    for i in range(warm_up):
        status = get(path(i))
        assert status == 200, (path(i), status)
    # the queries of one request, in this process (with --http too: the same code and database)
    queries: list[dict[str, Any]] = []
    with connection.execute_wrapper(QueryLog(queries)):  # survives SQLite's reconnects
        client.get(path(0))
    if args.profile:
        profile(page, user, path, client, args.requests, args.profile_dir, queries)
        return
    runs = []
    for _run in range(args.runs):
        load_before = os.getloadavg()[0]
        cpu_before = time.process_time()
        server_before = server.cpu() if server is not None else (0.0, 0.0)
        times = []
        for i in range(args.requests):
            started = time.perf_counter()
            status = get(path(i))
            times.append((time.perf_counter() - started) * 1000)
            assert status == 200, (path(i), status)
        run: dict[str, Any] = {
            "p50": round(statistics.median(times), 1),
            "p95": round(pct(times, 0.95), 1),
        }
        if server is None:  # this process's CPU per request (PostgreSQL's is not in it)
            run["cpu_ms"] = round((time.process_time() - cpu_before) * 1000 / len(times), 1)
        else:  # gunicorn's, and its PostgreSQL backends' (0 on SQLite)
            web_cpu, db_cpu = server.cpu()
            run["cpu_ms"] = round((web_cpu - server_before[0]) * 1000 / len(times), 1)
            run["db_cpu_ms"] = round((db_cpu - server_before[1]) * 1000 / len(times), 1)
        run["load"] = [round(load_before, 2), round(os.getloadavg()[0], 2)]
        runs.append(run)
    result = {
        "database": connection.vendor,
        "via": "http (gunicorn)" if server is not None else "in-process (test client)",
        "page": page,
        "user": user.username,
        "role": user.role,
        "queries": len(queries),
        "p50_min": min(r["p50"] for r in runs),
        "p50_median": round(statistics.median(r["p50"] for r in runs), 1),
        "p95_min": min(r["p95"] for r in runs),
        "p95_median": round(statistics.median(r["p95"] for r in runs), 1),
        "cpu_ms_median": round(statistics.median(r["cpu_ms"] for r in runs), 1),
    }
    if server is not None:
        result["db_cpu_ms_median"] = round(statistics.median(r["db_cpu_ms"] for r in runs), 1)
    result |= {"code": str(Path(verbinding.__file__).parent.parent), "runs": runs}
    print(json.dumps(result), flush=True)


def profile(page: str, user: Any, path: Callable[[int], str], client: Any, requests: int,
            directory: str, queries: list[dict[str, Any]]) -> None:  # fmt: skip
    """cProfile's top functions over ``requests`` requests, and the slowest queries of one."""
    profiler = cProfile.Profile()
    profiler.enable()
    for i in range(requests):
        client.get(path(i))
    profiler.disable()
    profiler.dump_stats(f"{directory}/{page}-{user.username}.prof")
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("cumulative").print_stats("verbinding/", 40)
    stats.sort_stats("tottime").print_stats(30)
    print(f"== {page} as {user.username}: profile of {requests} requests")
    print(out.getvalue())
    print(f"== {page} as {user.username}: {len(queries)} queries, slowest first")
    for q in sorted(queries, key=lambda q: -q["ms"])[:15]:
        print(f"{q['ms']:8.1f} ms  {q['sql'][:400]}")


class HttpServer:
    """gunicorn and a worker on a loopback port, started as ``http_bench.py`` starts them, on the
    database and code of this process, its clock at ``--today`` 10:00 (``faketime``)."""

    def __init__(self, port: int, secret_key: str, today: str = "") -> None:
        import http_bench  # beside this script
        from django.conf import settings

        self.bench = http_bench
        self.port = port
        database = settings.DATABASES["default"]
        if database["ENGINE"].endswith("sqlite3"):
            url = f"sqlite:///{database['NAME']}"
            self.pg_name = ""
        else:
            url = os.environ["DATABASE_URL"]
            self.pg_name = database["NAME"]
        self.var_dir = Path(tempfile.mkdtemp(prefix="verbinding-pages-bench-"))
        env = http_bench.server_env(
            database_url=url,
            var_dir=self.var_dir,
            port=port,
            workers=(os.cpu_count() or 1) + 1,  # the deploy kit's defaults
            threads=4,
            redis_url=os.environ["REDIS_URL"],
            code=str(ROOT),
            secret_key=secret_key,
        )
        subprocess.run(
            [http_bench.VERBINDING, "collectstatic", "--noinput", "-v0"], env=env, check=True
        )
        self.logs = (self.var_dir / "web.log").open("w")
        self.web, self.worker = http_bench.start_server(
            env, str(ROOT), self.logs, clock=f"{today} 10:00:00" if today else ""
        )
        self.seen: dict[str, dict[int, float]] = {"web": {}, "db": {}}
        http_bench.wait_ready(f"http://127.0.0.1:{port}")

    def getter(self, user: Any) -> Callable[[str], int]:
        """GET a path as ``user`` (a session made here), a new connection per request; the status."""
        from advisor_sessions import session_key_for  # beside this script

        from verbinding.security.twofactor import REQUIRED_ROLES

        session = session_key_for(user, second_factor=user.role in REQUIRED_ROLES)
        headers = {
            "Cookie": f"sessionid={session}",
            "X-Forwarded-Proto": "https",  # as nginx passes it on
            "Host": "127.0.0.1",
        }

        def get(path: str) -> int:
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            try:
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                response.read()
                return response.status
            finally:
                connection.close()

        return get

    def cpu(self) -> tuple[float, float]:
        """CPU seconds so far of the gunicorn processes and of their PostgreSQL backends."""
        reading = self.bench.sample(self.web.pid, self.pg_name, self.seen)
        return reading["cpu_s"], reading["db_cpu_s"]

    def stop(self) -> None:
        self.bench.stop_server(self.web, self.worker)
        self.logs.close()
        shutil.rmtree(self.var_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
