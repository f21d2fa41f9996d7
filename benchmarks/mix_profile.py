"""Where the advisor mix spends its CPU, per kind of request: this process and PostgreSQL's.

    DATABASE_URL=postgres://verbinding_owner@127.0.0.1:5432/bench100k REDIS_URL=redis://127.0.0.1:6379/0 \\
      .venv/bin/python benchmarks/mix_profile.py --requests 1000 [--only worklist] [--profile F]
    PYTHONPATH=/path/to/other/checkout ... benchmarks/mix_profile.py   # the same for other code

The same mix as ``locustfile.py`` (35 % worklist, 35 % household page, 20 % contact POST, 10 %
household list or contact timeline; every seeded advisor, ~200 households each), sent straight to
Django's WSGI handler in this process, with production settings (``DEBUG=false``, the environment's
database and Redis): no HTTP server, no network, no other process competing. Per kind it prints
the requests, this process's CPU and wall time per request, the time spent in queries, the
queries per request, and **the CPU the PostgreSQL backend process used** (read from
``/proc/<pid>/stat`` around each request; the kernel counts in ticks of 10 ms, so a kind needs a
few hundred requests for a steady figure).

What ``http_bench.py`` measures as a whole through gunicorn, this splits by kind and by side,
which is what tells where to look. CPU is the figure to compare between runs; wall time follows
the machine's load.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import secrets
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

HOST = "localhost"
CSRF = "a" * 32  # any 32 letters make a valid CSRF cookie


def configure() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "verbinding.settings")
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    os.environ.setdefault("ALLOWED_HOSTS", HOST)
    os.environ.setdefault("CSRF_TRUSTED_ORIGINS", f"https://{HOST}")
    os.environ.setdefault("LOG_LEVEL", "CRITICAL")
    os.environ.setdefault("LOGIN_FAILURE_LIMIT", "1000")
    os.environ.setdefault("CACHE_KEY_PREFIX", "mix-profile")
    os.environ.setdefault("DB_CONN_MAX_AGE", "600")
    if "VERBINDING_VAR_DIR" not in os.environ:
        os.environ["VERBINDING_VAR_DIR"] = tempfile.mkdtemp(prefix="verbinding-mix-")


def sessions() -> list[tuple[str, list[int]]]:
    """(session key, household ids) per seeded advisor (``advisor_sessions.py``)."""
    from advisor_sessions import advisor_sessions  # beside this file

    return [(key, ids) for _user, key, ids in advisor_sessions()]


def environ(method: str, path: str, body: bytes, session_key: str) -> dict[str, Any]:
    return {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": HOST,
        "SERVER_PORT": "443",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": HOST,
        "HTTP_X_FORWARDED_PROTO": "https",
        "HTTP_REFERER": f"https://{HOST}{path}",
        "HTTP_COOKIE": f"sessionid={session_key}; csrftoken={CSRF}",
        "REMOTE_ADDR": "127.0.0.1",
        "CONTENT_TYPE": "application/x-www-form-urlencoded",
        "CONTENT_LENGTH": str(len(body)),
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": sys.stderr,
        "wsgi.url_scheme": "https",
        "wsgi.version": (1, 0),
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }


def mix(rng: random.Random, users: list[tuple[str, list[int]]]) -> Iterator[tuple[str, tuple]]:
    """(kind, (method, path, body, session key)) as locustfile.py picks them."""
    while True:
        session_key, ids = rng.choice(users)
        household = rng.choice(ids)
        roll = rng.random() * 100
        if roll < 35:
            yield "worklist", ("GET", "/", b"", session_key)
        elif roll < 70:
            yield "household page", ("GET", f"/households/{household}/", b"", session_key)
        elif roll < 90:
            form = {
                "csrfmiddlewaretoken": CSRF,
                "household": household,
                "channel": "BEZ",
                "outcome": "not_home",
                "confidentiality": "INT",
            }
            yield "contact POST", ("POST", "/contacts/new/", urlencode(form).encode(), session_key)
        elif rng.random() < 0.5:
            yield "household list", ("GET", "/households/", b"", session_key)
        else:
            yield "timeline", ("GET", f"/contacts/household/{household}/", b"", session_key)


def backend_cpu() -> Callable[[], float]:
    """Seconds of CPU used so far by this connection's PostgreSQL backend (0 elsewhere)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return lambda: 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    tick = os.sysconf("SC_CLK_TCK")

    def read() -> float:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / tick

    return read


@contextmanager
def query_timer(totals: list[float]) -> Iterator[None]:
    from django.db import connection

    def wrapper(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            totals[0] += time.perf_counter() - start
            totals[1] += 1

    with connection.execute_wrapper(wrapper):
        yield


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--warm-up", type=int, default=150)
    parser.add_argument("--only", default="", help="one kind, e.g. worklist or 'household page'")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--profile", default="", help="write cProfile stats of the measured part")
    args = parser.parse_args()
    configure()  # the code: the installed verbinding, or another checkout's on PYTHONPATH
    import django

    django.setup()
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)  # the pages name hashed files
    from django.core.handlers.wsgi import WSGIHandler
    from django.db import connection

    app = WSGIHandler()
    rng = random.Random(args.seed)
    picks = (p for p in mix(rng, sessions()) if not args.only or p[0] == args.only)

    def call(request: tuple) -> str:
        status: list[str] = []
        response = app(environ(*request), lambda s, h, *rest: status.append(s))
        b"".join(response)
        response.close()
        return status[0].split()[0]

    for _ in range(args.warm_up):  # compiled queries, caches, the connection
        call(next(picks)[1])
    pg_cpu = backend_cpu()
    stats: dict[str, dict[str, Any]] = {}
    totals = [0.0, 0]
    profiler = None
    if args.profile:
        import cProfile

        profiler = cProfile.Profile(time.process_time)  # CPU, not waiting for the database
        profiler.enable()
    with query_timer(totals):
        for _ in range(args.requests):
            kind, request = next(picks)
            totals[:] = [0.0, 0]
            pg0, cpu0, wall0 = pg_cpu(), time.process_time(), time.perf_counter()
            status = call(request)
            cpu1, wall1, pg1 = time.process_time(), time.perf_counter(), pg_cpu()
            s = stats.setdefault(
                kind, {"n": 0, "cpu": 0.0, "wall": 0.0, "db": 0.0, "q": 0, "pg": 0.0, "st": set()}
            )
            s["n"] += 1
            s["cpu"] += cpu1 - cpu0
            s["wall"] += wall1 - wall0
            s["db"] += totals[0]
            s["q"] += totals[1]
            s["pg"] += pg1 - pg0
            s["st"].add(status)
    if profiler is not None:
        profiler.disable()
        profiler.dump_stats(args.profile)
    print(f"{connection.vendor}, {args.requests} requests, load {os.getloadavg()[0]:.2f}")
    header = ("kind", "n", "web CPU ms", "wall ms", "in queries ms", "queries", "PG CPU ms")
    print("{:16} {:>6} {:>11} {:>8} {:>14} {:>8} {:>10}  status".format(*header))
    all_n = sum(s["n"] for s in stats.values())
    for kind, s in sorted(stats.items()):
        n = s["n"]
        print(
            f"{kind:16} {n:6} {1000 * s['cpu'] / n:11.2f} {1000 * s['wall'] / n:8.2f}"
            f" {1000 * s['db'] / n:14.2f} {s['q'] / n:8.1f} {1000 * s['pg'] / n:10.2f}"
            f"  {','.join(sorted(s['st']))}"
        )
    web = sum(s["cpu"] for s in stats.values()) / all_n
    pg = sum(s["pg"] for s in stats.values()) / all_n
    print(f"{'the mix':16} {all_n:6} {1000 * web:11.2f} {'':8} {'':14} {'':8} {1000 * pg:10.2f}")


if __name__ == "__main__":
    main()
