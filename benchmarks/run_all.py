"""``make bench``: every benchmark under benchmarks/, at a small size by default, one after another.

    .venv/bin/python benchmarks/run_all.py                       # 2,000 households, SQLite
    .venv/bin/python benchmarks/run_all.py --households 10000 --database-url postgres://…/bench
    .venv/bin/python benchmarks/run_all.py --only seed,signals,http

Each benchmark runs as its own process on a fresh database of its own (SQLite files under a
temporary folder, or the PostgreSQL database given, dropped and created first), so the figures do
not depend on what ran before. Prints each benchmark's output, then a summary (wall time, exit
code, load average before/after) and writes it all to ``var/bench/run_all-<time>.json``. Exit code
non-zero when a benchmark failed. The published figures (docs/benchmarks.md) come from the single
benchmarks at 100,000 households; this runner is for "did anything get slower?" at a size that
runs in a few minutes.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
TODAY = "2026-12-02"  # the 2nd of a month: the most tenancies with a balance (docs/benchmarks.md)


def machine() -> str:
    cpu = "unknown cpu"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{cpu}, {os.cpu_count()} cores, {mem_gb:.0f} GiB, Python {platform.python_version()}"


def fresh_postgres(url: str) -> None:
    name = url.rsplit("/", 1)[1]
    base = url.rsplit("/", 1)[0] + "/postgres"
    subprocess.run(
        ["psql", "-q", base, "-c", f'DROP DATABASE IF EXISTS "{name}"', "-c", f'CREATE DATABASE "{name}"'],
        check=True,
    )  # fmt: skip


def plan(args: argparse.Namespace) -> list[tuple[str, list[str], str]]:
    """(name, command, which database) for each benchmark."""
    n, m = str(args.households), str(args.months)
    requests = str(args.requests)
    db = "postgres" if args.database_url else "sqlite"
    return [
        ("seed", [PY, "benchmarks/seed.py", "--households", n, "--months", m]
         + (["--database-url", args.database_url] if args.database_url else []), "own"),
        ("signals", [PY, "benchmarks/signals_bench.py", "--prepare", "--households", n,
                     "--months", m, "--import-rows", str(max(100, args.households // 20))], "core"),
        ("worklist", [PY, "benchmarks/worklist_bench.py", "--requests", requests,
                      "--target", str(min(2000, max(200, args.households // 5)))], "core"),
        ("nuisance", [PY, "benchmarks/nuisance_bench.py", "--households", n, "--months", m,
                      "--requests", requests], "fresh"),
        ("import_ledger", [PY, "benchmarks/import_ledger.py", "--households", n, "--months", m,
                           "--db", db, "--workdir", "{work}/imports"], "own"),
        ("outcomes", [PY, "benchmarks/outcomes_dashboard.py"], "full"),
        ("pages", [PY, "benchmarks/pages_bench.py", "--runs", "2", "--requests", requests,
                   "--target", str(min(2000, max(200, args.households // 5))), "--today", TODAY],
         "full"),
        ("http", [PY, "benchmarks/http_bench.py", "--users", str(args.users),
                  "--run-time", str(args.run_time), "--port", str(args.port)], "full"),
    ]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--households", type=int, default=2000)
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--requests", type=int, default=20, help="per page benchmark")
    parser.add_argument("--database-url", default="", help="a PostgreSQL database of its own")
    parser.add_argument("--only", default="", help="comma-separated names (default: all)")
    parser.add_argument("--users", type=int, default=10, help="locust users (http)")
    parser.add_argument("--run-time", type=int, default=30, help="seconds of locust (http)")
    parser.add_argument("--port", type=int, default=8018, help="loopback port (http)")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="verbinding-bench-all-"))
    out = ROOT / "var" / "bench"
    out.mkdir(parents=True, exist_ok=True)
    chosen = set(filter(None, args.only.split(",")))
    results: list[dict[str, object]] = []
    prepared: set[str] = set()
    print(f"machine: {machine()}; {args.households} households × {args.months} months")
    for name, command, database in plan(args):
        if chosen and name not in chosen:
            continue
        command = [part.replace("{work}", str(work)) for part in command]
        env = {**os.environ, "DEBUG": "true", "DJANGO_SETTINGS_MODULE": "verbinding.settings"}
        env.pop("DATABASE_URL", None)
        if database in ("core", "full", "fresh"):
            # one database per kind of data: core-only (signals, worklist), every app's data
            # (outcomes, http), or a fresh one for a benchmark that seeds its own
            label = database if database != "fresh" else name
            if args.database_url:
                env["DATABASE_URL"] = f"{args.database_url}_{label}"
                if label not in prepared:
                    fresh_postgres(env["DATABASE_URL"])
            else:
                env["VERBINDING_VAR_DIR"] = str(work / label)
            if database == "full" and label not in prepared:
                subprocess.run(
                    [str(Path(PY).with_name("verbinding")), "migrate", "-v0"], env=env, check=True
                )
                subprocess.run(
                    [str(Path(PY).with_name("verbinding")), "seed", f"--households={args.households}",
                     f"--months={args.months}", "--seed=2026", f"--today={TODAY}", "-v0"],
                    env=env, check=True,
                )  # fmt: skip
            prepared.add(label)
            if name == "http":  # gunicorn's processes and the worker share the database
                command += [
                    "--database-url",
                    env.get("DATABASE_URL") or f"sqlite:///{work / label / 'verbinding.sqlite3'}",
                ]
        elif database == "own" and args.database_url and name == "import_ledger":
            env["DATABASE_URL"] = f"{args.database_url}_imports"
            fresh_postgres(env["DATABASE_URL"])
        print(f"\n== {name}: {' '.join(command[1:])}", flush=True)
        load_before = os.getloadavg()[0]
        started = time.perf_counter()
        completed = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
        seconds = time.perf_counter() - started
        print(completed.stdout.rstrip())
        if completed.returncode:
            print(completed.stderr.rstrip()[-3000:])
        results.append(
            {
                "name": name,
                "exit": completed.returncode,
                "seconds": round(seconds, 1),
                "load_before": round(load_before, 2),
                "load_after": round(os.getloadavg()[0], 2),
                "output": completed.stdout[-5000:],
            }
        )
    shutil.rmtree(work, ignore_errors=True)
    print("\n== summary")
    print(f"{'benchmark':<15} {'exit':>4} {'wall':>8}  load before → after")
    for r in results:
        print(
            f"{r['name']:<15} {r['exit']:>4} {r['seconds']:>7.1f}s  {r['load_before']} → {r['load_after']}"
        )
    stamp = time.strftime("%Y%m%d-%H%M%S")
    report = {
        "machine": machine(),
        "households": args.households,
        "months": args.months,
        "results": results,
    }
    (out / f"run_all-{stamp}.json").write_text(json.dumps(report, indent=2))
    sys.exit(1 if any(r["exit"] for r in results) else 0)


if __name__ == "__main__":
    main()
