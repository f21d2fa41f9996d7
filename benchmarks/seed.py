"""Benchmark: generate the demo association at size (default 100,000 households × 24 months).

    .venv/bin/python benchmarks/seed.py                       # SQLite, in a fresh temp dir
    .venv/bin/python benchmarks/seed.py --database-url postgres://postgres@127.0.0.1:5432/bench_seed
    .venv/bin/python benchmarks/seed.py --households 10000     # smaller

Runs ``verbinding migrate`` then ``verbinding seed`` in a child process and reports wall time, the
peak resident memory of the seeding process (ru_maxrss of the child), and the row counts. For
PostgreSQL the database is dropped and created first. Prints one JSON line with the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VERBINDING = str(Path(sys.executable).with_name("verbinding"))


def run(args: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run([VERBINDING, *args], env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def machine() -> str:
    cpu = "unknown cpu"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{cpu}, {os.cpu_count()} cores, {mem_gb:.0f} GiB, Python {platform.python_version()}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--households", type=int, default=100_000)
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--with-extensions", action="store_true", help="also the apps' demo data")
    args = parser.parse_args()

    env = {**os.environ, "DEBUG": "true"}
    tmp = tempfile.mkdtemp(prefix="verbinding-bench-")
    env["VERBINDING_VAR_DIR"] = tmp
    if args.database_url:
        env["DATABASE_URL"] = args.database_url
        name = args.database_url.rsplit("/", 1)[1]
        base = args.database_url.rsplit("/", 1)[0] + "/postgres"
        subprocess.run(["psql", base, "-qc", f"DROP DATABASE IF EXISTS {name}"], check=True)
        subprocess.run(["psql", base, "-qc", f"CREATE DATABASE {name}"], check=True)
    run(["migrate", "-v0"], env)
    seed_args = [
        "seed",
        f"--households={args.households}",
        f"--months={args.months}",
        f"--seed={args.seed}",
        "--today=2026-11-26",
        "-v0",
    ]
    if not args.with_extensions:
        seed_args.append("--core-only")
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    seconds = run(seed_args, env)
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    env_code = (
        "import django; django.setup();"
        "from verbinding.ledger.models import LedgerEntry as L;"
        "from verbinding.households.models import Household as H;"
        "print(H.objects.count(), L.objects.count())"
    )
    counts = subprocess.run(
        [sys.executable, "-c", env_code],
        env={**env, "DJANGO_SETTINGS_MODULE": "verbinding.settings"},
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    result = {
        "benchmark": "seed",
        "database": "postgresql" if args.database_url else "sqlite",
        "households": int(counts[0]),
        "ledger_rows": int(counts[1]),
        "months": args.months,
        "extensions": args.with_extensions,
        "seconds": round(seconds, 1),
        "rows_per_second": round(int(counts[1]) / seconds),
        "peak_rss_mib": round(max(peak_kib, before) / 1024),
        "machine": machine(),
    }
    if not args.database_url:
        result["sqlite_file_mib"] = round(Path(tmp, "verbinding.sqlite3").stat().st_size / 2**20)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
