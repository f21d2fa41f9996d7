"""Benchmark: throughput of the advisor mix through gunicorn, as users meet the app.

    .venv/bin/python benchmarks/http_bench.py --database-url postgres://postgres@127.0.0.1:5432/bench \\
        --prepare --households 10000 --users 20 --run-time 120

Starts what production runs, from the same settings (``DEBUG=false``, ``verbinding/gunicorn_conf.py``,
JSON logs to a file): ``verbinding collectstatic``, a ``verbinding worker`` and gunicorn on a
loopback port; waits for ``/readyz``; then runs ``benchmarks/locustfile.py`` headless (the advisor
mix, no think time; with ``--rate R`` each user paced to R/users requests a second, an offered load
for the response times at that rate) for ``--warm-up`` seconds (30; not counted: a new worker's
first requests build its caches, and their backlog at a cold start weighed on the percentiles of a
whole 150 s run, docs/benchmarks.md), then again for
``--run-time`` seconds, measured. Meanwhile it samples the load average and the
resident memory of the gunicorn processes every 2 seconds. Prints the locust figures per request
kind and overall (requests/s, p50/p95/p99, errors), CPU used per request by gunicorn, by the
database's backends and by locust itself (with its share of the cores: it runs on the same
machine), memory at start/end/peak and once a minute (start and peak of each minute: the 10-minute
soak, ``--run-time 600``, should show it flat), and writes everything as JSON next to locust's CSV
files. Sessions are read from Redis (``--redis-url``, default the local one; ``''`` for database
sessions), as the deploy kit runs it. The JSON also records the contact moments in the database
before and after the run: the mix records ~1,200 a minute, and its households' pages cost more
until their lists are full, so a run on a fresh seed is cheaper than one on a database that earlier
runs have written to (docs/benchmarks.md, "5 Dec 2026, 16:40–17:26 UTC").

``--prepare`` creates, migrates and seeds the database (every app's demo data, as of ``--today``)
when it holds no households yet. Locust runs on the same machine and takes CPU too (noted in the
output).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
VERBINDING = str(BIN / "verbinding")


def machine() -> str:
    cpu = "unknown cpu"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{cpu}, {os.cpu_count()} cores, {mem_gb:.0f} GiB, Python {platform.python_version()}"


def prepare(env: dict[str, str], url: str, households: int, months: int, today: str) -> None:
    if url.startswith("postgres"):
        name = url.rsplit("/", 1)[1]
        base = url.rsplit("/", 1)[0] + "/postgres"
        exists = subprocess.run(
            ["psql", base, "-tAc", f"SELECT 1 FROM pg_database WHERE datname='{name}'"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        if not exists:
            subprocess.run(["psql", base, "-qc", f'CREATE DATABASE "{name}"'], check=True)
    subprocess.run([VERBINDING, "migrate", "-v0"], env=env, check=True)
    count = subprocess.run(
        [
            VERBINDING,
            "shell",
            "--no-imports",
            "-c",
            "from verbinding.households.models import Household; print(Household.objects.count())",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    if int(count or 0) == 0:
        started = time.perf_counter()
        subprocess.run(
            [VERBINDING, "seed", f"--households={households}", f"--months={months}",
             "--seed=2026", f"--today={today}", "-v0"],
            env=env,
            check=True,
        )  # fmt: skip
        print(f"seeded {households} households in {time.perf_counter() - started:.0f} s")


def server_env(
    *,
    database_url: str,
    var_dir: Path,
    port: int,
    workers: int,
    threads: int,
    redis_url: str,
    code: str,
    secret_key: str = "",
) -> dict[str, str]:
    """The environment of a production-like server on a loopback port (the deploy kit's settings:
    ``DEBUG=false``, JSON logs, sessions in Redis when ``redis_url`` is set)."""
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "VERBINDING_VAR_DIR": str(var_dir),
        "DEBUG": "false",
        "SECRET_KEY": secret_key or secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "CSRF_TRUSTED_ORIGINS": f"https://127.0.0.1:{port}",
        "WEB_BIND": f"127.0.0.1:{port}",
        "WEB_WORKERS": str(workers),
        "WEB_THREADS": str(threads),
        "LOG_FORMAT": "json",
        "LOGIN_FAILURE_LIMIT": "1000",
        "REDIS_URL": redis_url,
        "CACHE_KEY_PREFIX": f"http-bench-{port}",
        # gunicorn puts its working directory first on sys.path: both must name the same code
        "PYTHONPATH": os.pathsep.join(filter(None, [code, os.environ.get("PYTHONPATH")])),
    }


def start_server(
    env: dict[str, str], code: str, logs: Any, clock: str = ""
) -> tuple[subprocess.Popen[bytes], subprocess.Popen[bytes]]:
    """A ``verbinding worker`` and gunicorn (``verbinding/gunicorn_conf.py``), as the deploy kit
    starts them. ``clock`` ("2026-12-02 10:00:00") runs both with Debian's ``libfaketime``
    preloaded, starting at that instant and ticking: the day the data was seeded for. (The
    library in the processes' own environment, not the ``faketime`` wrapper, which does not pass
    on the signal that stops them.)"""
    if clock:
        found = sorted(Path("/usr/lib").glob("*/faketime/libfaketimeMT.so.1"))
        if not found:
            raise SystemExit("a clock needs Debian's faketime (apt-get install faketime)")
        env = {**env, "LD_PRELOAD": str(found[0]), "FAKETIME": f"@{clock}"}
    worker = subprocess.Popen(
        [VERBINDING, "worker", "--worker-id", "bench"],
        env=env,
        stdout=logs,
        stderr=logs,
        cwd=code,
    )
    web = subprocess.Popen(
        [str(BIN / "gunicorn"), "-c", "python:verbinding.gunicorn_conf"],
        env=env,
        stdout=logs,
        stderr=logs,
        cwd=code,
    )
    return web, worker


def stop_server(*procs: subprocess.Popen[bytes]) -> None:
    for proc in procs:
        proc.send_signal(signal.SIGTERM)
    for proc in procs:
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()


def wait_ready(base: str, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base + "/readyz", timeout=5) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(1)
    raise SystemExit("the server did not become ready")


def gunicorn_processes(master_pid: int) -> list[Any]:
    import psutil

    try:
        master = psutil.Process(master_pid)
        return [master, *master.children()]
    except psutil.NoSuchProcess:
        return []


def database_cpu(database: str, seen: dict[int, float]) -> float:
    """CPU seconds of the PostgreSQL backends serving ``database`` (0 for SQLite).

    ``seen`` keeps the last reading per process id, so a backend that ended (its connection
    closed when a gunicorn worker was recycled) still counts with what it had used.
    """
    import psutil

    if not database:
        return 0.0
    for proc in psutil.process_iter(["cmdline"]):
        cmdline = " ".join(proc.info["cmdline"] or [])
        if cmdline.startswith("postgres: ") and f" {database} " in f"{cmdline} ":
            try:
                times = proc.cpu_times()
                seen[proc.pid] = times.user + times.system
            except Exception:  # noqa: S112 - a backend that ended meanwhile
                continue
    return sum(seen.values())


def sample(
    master_pid: int, database: str = "", seen: dict[str, dict[int, float]] | None = None
) -> dict[str, float]:
    """Load, memory and CPU so far. CPU is summed over every process seen since the first
    sample (``seen``: last reading per pid), so workers recycled at ``WEB_MAX_REQUESTS`` and
    their PostgreSQL backends keep counting after they ended."""
    seen = seen if seen is not None else {"web": {}, "db": {}}
    rss = 0.0
    for proc in gunicorn_processes(master_pid):
        try:
            rss += proc.memory_info().rss
            times = proc.cpu_times()
            seen["web"][proc.pid] = times.user + times.system
        except Exception:  # noqa: S112 - a process recycled between listing and reading
            continue
    return {
        "t": time.time(),
        "load1": os.getloadavg()[0],
        "rss_mib": rss / 2**20,
        "cpu_s": sum(seen["web"].values()),
        "db_cpu_s": database_cpu(database, seen["db"]),
    }


def contact_moments(url: str) -> int:
    """Contact moments in the database ``url`` (SQLite or PostgreSQL): how much of the mix's own
    history it holds (the module docstring)."""
    import dj_database_url

    config = dj_database_url.parse(url)
    sql = "SELECT count(*) FROM contacts_contactmoment"
    if config["ENGINE"].endswith("sqlite3"):
        import sqlite3

        with sqlite3.connect(config["NAME"]) as db:
            return int(db.execute(sql).fetchone()[0])
    import psycopg

    with psycopg.connect(url) as db:
        row = db.execute(sql).fetchone()
        return int(row[0]) if row else 0


def process_cpu(proc: Any) -> float:
    """CPU seconds (user + system) of a process and its children; 0 once it has ended."""
    import psutil

    try:
        parent = psutil.Process(proc.pid)
        total = 0.0
        for p in [parent, *parent.children(recursive=True)]:
            times = p.cpu_times()
            total += times.user + times.system
        return total
    except psutil.Error:
        return 0.0


def per_minute(samples: list[dict[str, float]]) -> list[dict[str, float]]:
    """Memory (at the minute's start, its peak) and load once a minute: flat memory = no leak."""
    rows: list[dict[str, float]] = []
    for s in samples:
        minute = int((s["t"] - samples[0]["t"]) // 60)
        if not rows or minute > rows[-1]["minute"]:
            rows.append({"minute": minute, "rss_mib": round(s["rss_mib"]), "peak_rss_mib": 0})
        rows[-1]["peak_rss_mib"] = max(rows[-1]["peak_rss_mib"], round(s["rss_mib"]))
        rows[-1]["load1"] = round(s["load1"], 1)
    rows.append(
        {
            "minute": round((samples[-1]["t"] - samples[0]["t"]) / 60, 1),
            "rss_mib": round(samples[-1]["rss_mib"]),
            "peak_rss_mib": round(max(s["rss_mib"] for s in samples)),
            "load1": round(samples[-1]["load1"], 1),
        }
    )
    return rows


def read_stats(prefix: Path) -> list[dict[str, str]]:
    with (prefix.parent / f"{prefix.name}_stats.csv").open() as fh:
        return list(csv.DictReader(fh))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--prepare", action="store_true")
    parser.add_argument("--households", type=int, default=10_000)
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--today", default="2026-12-02", help="the seeded data ends on this day")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--run-time", type=int, default=60, help="seconds")
    parser.add_argument(
        "--rate",
        type=float,
        default=0,
        help="requests/s offered in all (each user paced to rate/users); 0: no think time",
    )
    parser.add_argument(
        "--warm-up",
        type=int,
        default=30,
        help="seconds of the same load before the measured run, not counted (0: a cold start)",
    )
    parser.add_argument("--port", type=int, default=8018)
    parser.add_argument("--web-workers", type=int, default=(os.cpu_count() or 1) + 1)
    parser.add_argument("--web-threads", type=int, default=4)
    parser.add_argument(
        "--redis-url",
        default="redis://127.0.0.1:6379/0",
        help="REDIS_URL of the server (sessions read from Redis, as the deploy kit runs it); '' for none",
    )
    parser.add_argument("--out", default=str(ROOT / "var" / "bench"))
    parser.add_argument(
        "--code",
        default=str(ROOT),
        help="a checkout whose code the server and worker run (e.g. main, for a before/after)",
    )
    args = parser.parse_args()
    if not args.database_url:
        raise SystemExit("--database-url (or DATABASE_URL) is needed: a database of its own")

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    var_dir = Path(tempfile.mkdtemp(prefix="verbinding-http-bench-"))
    env = server_env(
        database_url=args.database_url,
        var_dir=var_dir,
        port=args.port,
        workers=args.web_workers,
        threads=args.web_threads,
        redis_url=args.redis_url,
        code=args.code,
    )
    if args.prepare:
        prepare(env, args.database_url, args.households, args.months, args.today)
    else:
        subprocess.run([VERBINDING, "migrate", "-v0"], env=env, check=True)
    subprocess.run([VERBINDING, "collectstatic", "--noinput", "-v0"], env=env, check=True)
    # One logged-in session per seeded advisor, made here: the mix does not log in.
    sessions = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "advisor_sessions.py")],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    advisors = [item.split(":")[0] for item in sessions.split(",")]

    logs = (out / "http-bench-web.log").open("w")
    web, worker = start_server(env, args.code, logs)
    base = f"http://127.0.0.1:{args.port}"
    samples: list[dict[str, float]] = []
    try:
        wait_ready(base)
        stamp = time.strftime("%Y%m%d-%H%M%S")
        prefix = out / f"locust-{stamp}"
        pg_name = (
            args.database_url.rsplit("/", 1)[1] if args.database_url.startswith("postgres") else ""
        )
        seen: dict[str, dict[int, float]] = {"web": {}, "db": {}}

        def run_locust(run_time: int, csv_prefix: Path) -> subprocess.Popen[bytes]:
            return subprocess.Popen(
                [
                    str(BIN / "locust"), "-f", str(ROOT / "benchmarks" / "locustfile.py"),
                    "--host", base, "--headless", "--users", str(args.users),
                    "--spawn-rate", str(args.users), "--run-time", f"{run_time}s",
                    "--csv", str(csv_prefix), "--only-summary", "--loglevel", "WARNING",
                ],
                env={
                    **os.environ,
                    "LOCUST_SESSIONS": sessions,
                    "LOCUST_USER_RATE": str(args.rate / args.users if args.rate else ""),
                },
            )  # fmt: skip

        if args.warm_up:  # the same load, not counted: each worker's first requests build its
            # caches (templates, compiled queries, prepared statements) and a backlog of them at
            # the start would weigh on the percentiles of the whole run
            run_locust(args.warm_up, out / f"warm-up-{stamp}").wait()
        contacts_start = contact_moments(args.database_url)
        samples.append(sample(web.pid, pg_name, seen))
        web_start = dict(seen["web"])
        locust = run_locust(args.run_time, prefix)
        locust_cpu = 0.0
        while locust.poll() is None:
            time.sleep(2)
            samples.append(sample(web.pid, pg_name, seen))
            locust_cpu = process_cpu(locust) or locust_cpu  # the last reading before it ended
        stats = read_stats(prefix)
        contacts_end = contact_moments(args.database_url)
    finally:
        stop_server(web, worker)
        logs.close()
        shutil.rmtree(var_dir, ignore_errors=True)

    total = next(row for row in stats if row["Name"] == "Aggregated")
    requests = int(total["Request Count"])
    cpu_used = samples[-1]["cpu_s"] - samples[0]["cpu_s"]
    result = {
        "machine": machine(),
        "database": "postgresql" if args.database_url.startswith("postgres") else "sqlite",
        "users": args.users,
        "offered_rps": args.rate or None,
        "advisor_logins": len(advisors),
        "run_time_s": args.run_time,
        "warm_up_s": args.warm_up,
        "web": f"gunicorn {args.web_workers} workers × {args.web_threads} threads",
        "requests": requests,
        "failures": int(total["Failure Count"]),
        "rps": round(float(total["Requests/s"]), 1),
        "p50_ms": float(total["50%"]),
        "p95_ms": float(total["95%"]),
        "p99_ms": float(total["99%"]),
        "gunicorn_cpu_ms_per_request": round(1000 * cpu_used / max(requests, 1), 1),
        # PostgreSQL backends that stay connected (CONN_MAX_AGE); ones that ended are not counted
        "postgres_cpu_ms_per_request": round(
            1000 * (samples[-1]["db_cpu_s"] - samples[0]["db_cpu_s"]) / max(requests, 1), 1
        ),
        # the load generator shares the machine: its CPU per request and its share of the cores
        "locust_cpu_ms_per_request": round(1000 * locust_cpu / max(requests, 1), 1),
        "locust_share_of_cores_pct": round(
            100 * locust_cpu / ((samples[-1]["t"] - samples[0]["t"]) * (os.cpu_count() or 1)), 1
        ),
        # each gunicorn process's share of one core over the run (the master first): an even
        # spread, or some processes busy while others wait (connections stay with the process
        # that accepted them)
        "web_process_core_pct": [
            round(100 * (used - web_start.get(pid, 0.0)) / (samples[-1]["t"] - samples[0]["t"]))
            for pid, used in seen["web"].items()
        ],
        "sessions": "redis (cached_db)" if args.redis_url else "database",
        # the database's history before and after the run (see ``contact_moments``)
        "contact_moments_start": contacts_start,
        "contact_moments_end": contacts_end,
        "load1_median": sorted(s["load1"] for s in samples)[len(samples) // 2],
        "load1_max": max(s["load1"] for s in samples),
        "rss_mib_start": round(samples[0]["rss_mib"]),
        "rss_mib_end": round(samples[-1]["rss_mib"]),
        "rss_mib_peak": round(max(s["rss_mib"] for s in samples)),
        # memory and load once a minute: flat memory = no leak
        "per_minute": per_minute(samples),
        "by_name": {
            row["Name"]: {
                "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "p50_ms": float(row["50%"]),
                "p95_ms": float(row["95%"]),
            }
            for row in stats
            if row["Name"] != "Aggregated"
        },
    }
    (out / f"http-bench-{stamp}.json").write_text(json.dumps(result, indent=2))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
