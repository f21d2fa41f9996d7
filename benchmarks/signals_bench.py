"""Benchmark: ``verbinding signals`` on a big association (default 100,000 households x 24 months).

    VERBINDING_VAR_DIR=/tmp/worklist-bench .venv/bin/python benchmarks/signals_bench.py --prepare
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/worklist_bench \\
        .venv/bin/python benchmarks/signals_bench.py --prepare

``--prepare`` migrates and seeds (``verbinding seed --core-only``) when the database holds no
households yet (for PostgreSQL it creates the database if needed). Then, in this process:

0. ``ANALYZE`` (planner statistics, as autovacuum keeps them in production);
1. a full run from scratch (every state and signal written);
2. the same full run again (idempotent: nothing is written);
3. the nightly case: a full run for the next day;
4. an incremental run after a one-day import: ``--import-rows`` payments for as many tenancies
   booked on the next day, inserted in one transaction, then the ledger hook
   (``ledger_changed(tenancy_ids=...)``) as the importer calls it; also ``signals --changed``.
   The import is rolled back afterwards, so the benchmark can be repeated.

Prints a JSON line with the figures: wall seconds, and per phase ``cpu_s``, the CPU seconds of
this process plus those of its PostgreSQL backend (the steadier figure on a shared machine; the
server runs on the same machine). To time other code with the same script, copy it to
``DIR/benchmarks/`` beside a link ``DIR/verbinding`` to that code.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
VERBINDING = str(Path(sys.executable).with_name("verbinding"))
TODAY = dt.date(2026, 11, 26)  # default; --today 2026-12-02 is the hard day (rent just charged)


class Rollback(Exception):
    pass


def machine() -> str:
    cpu = "unknown cpu"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{cpu}, {os.cpu_count()} cores, {mem_gb:.0f} GiB, Python {platform.python_version()}"


def prepare(households: int, months: int, today: dt.date) -> None:
    url = os.environ.get("DATABASE_URL", "")
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
            subprocess.run(["psql", base, "-qc", f"CREATE DATABASE {name}"], check=True)
    subprocess.run([VERBINDING, "migrate", "-v0"], check=True)
    check = subprocess.run(
        [
            VERBINDING,
            "shell",
            "--no-imports",
            "-c",
            "from verbinding.households.models import Household;print(Household.objects.count())",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    if int(check.stdout.strip() or 0) == 0:
        started = time.perf_counter()
        subprocess.run(
            [
                VERBINDING,
                "seed",
                f"--households={households}",
                f"--months={months}",
                "--seed=2026",
                f"--today={today}",
                "--core-only",
                "-v0",
            ],
            check=True,
        )
        print(f"seeded in {time.perf_counter() - started:.1f} s", file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--prepare", action="store_true")
    parser.add_argument("--households", type=int, default=100_000)
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--import-rows", type=int, default=5_000)
    parser.add_argument(
        "--today",
        type=dt.date.fromisoformat,
        default=TODAY,
        help="the day to compute for (and to seed up to with --prepare); default 2026-11-26",
    )
    args = parser.parse_args()
    today = args.today
    if args.prepare:
        prepare(args.households, args.months, today)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "verbinding.settings")
    import django

    django.setup()
    from django.db import connection, transaction

    from verbinding.arrears import services
    from verbinding.arrears.models import ArrearsSignal, SignalRun, TenancyArrears
    from verbinding.households.models import Tenancy
    from verbinding.ledger.hooks import ledger_changed
    from verbinding.ledger.models import LedgerEntry

    # Planner statistics, as autovacuum (PostgreSQL) keeps them in production; right after a
    # bulk seed there are none and PostgreSQL picks sequential scans for the incremental run.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    ArrearsSignal.objects.all().delete()
    TenancyArrears.objects.all().delete()
    SignalRun.objects.all().delete()
    tenancies = Tenancy.objects.count()
    rows = LedgerEntry.objects.count()

    backend = None
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            backend = Path(f"/proc/{cursor.fetchone()[0]}/stat")  # the server is on this machine
    tick = os.sysconf("SC_CLK_TCK")

    def cpu() -> float:
        """CPU seconds of this process and of its PostgreSQL backend (steadier than wall time
        on a shared machine)."""
        used = time.process_time()
        if backend is not None and backend.exists():
            fields = backend.read_text().rsplit(")", 1)[1].split()
            used += (int(fields[11]) + int(fields[12])) / tick  # utime + stime
        return used

    cpu_figures: dict[str, float] = {}

    def timed(label: str, fn):  # type: ignore[no-untyped-def]
        started, cpu_started = time.perf_counter(), cpu()
        result = fn()
        seconds = time.perf_counter() - started
        cpu_figures[label] = round(cpu() - cpu_started, 2)
        print(f"{label}: {seconds:.2f} s (CPU {cpu_figures[label]:.2f} s)", file=sys.stderr)
        return seconds, result

    cold, _ = timed("full, from scratch", lambda: services.recompute(today=today))
    warm, run2 = timed("full, again", lambda: services.recompute(today=today))
    nightly, _ = timed(
        "full, next day", lambda: services.recompute(today=today + dt.timedelta(days=1))
    )
    next_day = today + dt.timedelta(days=1)
    stride = max(1, tenancies // args.import_rows)
    all_ids = list(Tenancy.objects.order_by("id").values_list("id", "rent_cents"))
    ids = all_ids[::stride][: args.import_rows]
    figures: dict[str, object] = {}
    try:
        with transaction.atomic():
            LedgerEntry.objects.bulk_create(
                [
                    LedgerEntry(
                        tenancy_id=tid,
                        booked_on=next_day,
                        kind="payment",
                        detail="BAN",
                        amount_cents=-rent,
                        method="OVB",
                        source="bench",
                        external_ref=f"bench-{next_day}-{tid}",
                    )
                    for tid, rent in ids
                ],
                batch_size=2000,
            )
            tenancy_ids = [t for t, _ in ids]
            own, _ = timed(
                f"incremental after a one-day import ({len(ids)} tenancies), arrears listener",
                lambda: services.on_ledger_changed(tenancy_ids=tenancy_ids, today=next_day),
            )
            hook, _ = timed(
                "the same, every ledger listener (arrears, arrangements, ...)",
                lambda: ledger_changed(tenancy_ids=tenancy_ids, today=next_day),
            )
            changed, _ = timed(
                "signals --changed (nothing new since the hook)",
                lambda: services.recompute_changed(today=next_day),
            )
            figures.update(
                incremental_arrears_s=round(own, 2),
                incremental_all_listeners_s=round(hook, 2),
                changed_noop_s=round(changed, 2),
            )
            raise Rollback
    except Rollback:
        pass
    figures.update(
        database=connection.vendor,
        today=str(today),
        load_average=" ".join(f"{x:.2f}" for x in os.getloadavg()),
        machine=machine(),
        tenancies=tenancies,
        ledger_rows=rows,
        full_cold_s=round(cold, 2),
        full_again_s=round(warm, 2),
        full_next_day_s=round(nightly, 2),
        signals=ArrearsSignal.objects.count(),
        in_arrears=TenancyArrears.objects.filter(arrears_cents__gt=0).count(),
        import_rows=len(ids),
        written_again=run2.changed + run2.signals_added + run2.signals_ended,
        cpu_s=cpu_figures,
    )
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
