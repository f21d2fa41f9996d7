"""Ledger import throughput, and its time as a ratio to a raw bulk insert of the same rows.

    python benchmarks/import_ledger.py --households 100000 --months 24 --db sqlite
    python benchmarks/import_ledger.py --households 100000 --months 24 --db postgres

Reproducible: a fixed random seed generates the register (households, units, tenancies, inserted
directly) and an ERP ledger CSV (a rent charge per tenancy per month, a payment in ~94% of months,
now and then a storno and a later payment). Then, on an empty ledger table:

1. **raw**: the same rows, already parsed into tuples (tenancy ids resolved), inserted with
   ``executemany`` (SQLite) or ``COPY`` (PostgreSQL) in one transaction and committed (the commit
   counts: PostgreSQL checks Django's deferred foreign keys then), then emptied again;
2. **import**: ``verbinding import ledger`` as a user runs it (``import_file``: hash, detect,
   stream, validate, check idempotency in bulk, insert), with the ledger listeners switched off
   (the arrears recompute is measured by the arrears benchmark);
3. **re-import**: the same file again: every line found, nothing written.

SQLite uses a file under --workdir; PostgreSQL the database ``imports_bench`` on DATABASE_URL's
server (default postgres://postgres@127.0.0.1:5432/imports_bench), dropped and created anew.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def generate_csv(path: Path, households: int, months: int, seed: int) -> int:
    rng = random.Random(seed)
    start = dt.date(2024, 1, 1)
    rows = 0
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, delimiter=";")
        w.writerow(
            [
                "boekingsnummer",
                "contractnummer",
                "boekdatum",
                "soort",
                "bedrag",
                "betaalwijze",
                "omschrijving",
                "retourreden",
            ]
        )
        n = 0
        for i in range(households):
            contract = f"HB{i + 1:07d}"
            rent = 45000 + (i * 7919) % 45000
            amount = f"{rent // 100},{rent % 100:02d}"
            direct_debit = rng.random() < 0.7
            for m in range(months):
                y, mo = start.year + (start.month - 1 + m) // 12, (start.month - 1 + m) % 12 + 1
                n += 1
                w.writerow(
                    [
                        f"P{n:09d}",
                        contract,
                        f"01-{mo:02d}-{y}",
                        "PRO",
                        amount,
                        "",
                        f"Huur {mo:02d}-{y}",
                        "",
                    ]
                )
                rows += 1
                roll = rng.random()
                if roll < 0.06:
                    continue  # missed
                day = 2 if direct_debit else rng.randint(1, 28)
                n += 1
                w.writerow(
                    [
                        f"P{n:09d}",
                        contract,
                        f"{day:02d}-{mo:02d}-{y}",
                        "BAN",
                        f"-{amount}",
                        "INC" if direct_debit else "OVB",
                        "Betaling huur",
                        "",
                    ]
                )
                rows += 1
                if direct_debit and roll < 0.08:
                    n += 1
                    w.writerow(
                        [
                            f"P{n:09d}",
                            contract,
                            f"06-{mo:02d}-{y}",
                            "STO",
                            amount,
                            "INC",
                            "Storno",
                            "AM04",
                        ]
                    )
                    n += 1
                    w.writerow(
                        [
                            f"P{n:09d}",
                            contract,
                            f"20-{mo:02d}-{y}",
                            "BAN",
                            f"-{amount}",
                            "OVB",
                            "Na storno",
                            "",
                        ]
                    )
                    rows += 2
    return rows


def build_register(households: int) -> None:
    from verbinding.areas.models import District, Municipality, Neighbourhood
    from verbinding.households.models import Household, Tenancy, Unit

    muni = Municipality.objects.create(cbs_code="GM0150", name="Deventer")
    district = District.objects.create(cbs_code="WK015001", name="Bench", municipality=muni)
    hoods = [
        Neighbourhood.objects.create(cbs_code=f"BU015001{i:02d}", name=f"B{i}", district=district)
        for i in range(50)
    ]
    step = 10000
    for s in range(0, households, step):
        idx = range(s, min(s + step, households))
        hh = Household.objects.bulk_create(
            [Household(external_id=f"RB{i + 1:07d}", name=f"Huishouden {i}") for i in idx]
        )
        units = Unit.objects.bulk_create(
            [
                Unit(
                    external_id=f"EB{i + 1:07d}",
                    street="Benchstraat",
                    house_number=i + 1,
                    postcode="7411AB",
                    city="Deventer",
                    neighbourhood=hoods[i % 50],
                )
                for i in idx
            ]
        )
        Tenancy.objects.bulk_create(
            [
                Tenancy(
                    external_id=f"HB{i + 1:07d}",
                    household=h,
                    unit=u,
                    start_date=dt.date(2020, 1, 1),
                    rent_cents=45000 + (i * 7919) % 45000,
                    payment_reference=f"{8000000000 + i}",
                )
                for i, h, u in zip(idx, hh, units, strict=True)
            ]
        )


def raw_rows(path: Path) -> list[tuple[object, ...]]:
    from django.db import connection

    from verbinding.households.models import Tenancy
    from verbinding.imports.parsers.base import parse_cents, parse_date
    from verbinding.imports.parsers.csv_erp import DETAIL_KIND

    tenancies = dict(Tenancy.objects.values_list("external_id", "id"))
    pg = connection.vendor == "postgresql"
    out = []
    with path.open(encoding="utf-8", newline="") as fh:
        r = csv.reader(fh, delimiter=";")
        next(r)
        for ref, contract, day, detail, amount, method, desc, reason in r:
            d = parse_date(day)
            out.append(
                (
                    tenancies[contract],
                    d if pg else d.isoformat(),
                    DETAIL_KIND[detail],
                    detail,
                    parse_cents(amount),
                    method,
                    desc,
                    reason,
                    "erp:bench",
                    "erp:" + ref,
                )
            )
    return out


def run(args: argparse.Namespace) -> dict[str, object]:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from verbinding.imports.ledger_import import LedgerWriter
    from verbinding.imports.services import import_file
    from verbinding.ledger import hooks
    from verbinding.ledger.models import LedgerEntry

    call_command("migrate", verbosity=0)
    t = time.perf_counter()
    build_register(args.households)
    register_s = time.perf_counter() - t
    csv_path = Path(args.workdir) / f"ledger-{args.households}x{args.months}-s{args.seed}.csv"
    if not csv_path.exists():
        generate_csv(csv_path, args.households, args.months, args.seed)
    rows = raw_rows(csv_path)
    n = len(rows)

    writer = LedgerWriter("erp:bench")
    t, c = time.perf_counter(), time.process_time()
    with transaction.atomic():  # committed: PostgreSQL checks the deferred foreign keys at commit
        for s in range(0, n, 50000):
            writer.insert(rows[s : s + 50000])
    raw_s, raw_cpu = time.perf_counter() - t, time.process_time() - c
    del rows
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute("TRUNCATE ledger_ledgerentry CASCADE")
        else:
            cur.execute("DELETE FROM ledger_ledgerentry")
    assert LedgerEntry.objects.count() == 0

    hooks._listeners.cache_clear()
    hooks._listeners = lambda: ()  # type: ignore[assignment]
    t, c = time.perf_counter(), time.process_time()
    first = import_file(path=csv_path, actor=None, kind="ledger")
    import_s, import_cpu = time.perf_counter() - t, time.process_time() - c
    assert first.status == "succeeded", first.problems
    assert first.created_count == n
    t = time.perf_counter()
    second = import_file(path=csv_path, actor=None, kind="ledger")
    reimport_s = time.perf_counter() - t
    assert second.unchanged_count == n and second.created_count == 0
    peak_mib = None
    if args.memory:
        # The importer's own peak memory: the import again into an empty ledger, in a child
        # process (this one holds the raw rows of the baseline), listeners off as above.
        with connection.cursor() as cur:
            if connection.vendor == "postgresql":
                cur.execute("TRUNCATE ledger_ledgerentry CASCADE")
            else:
                cur.execute("DELETE FROM ledger_ledgerentry")
        connection.close()
        child = subprocess.run(
            [sys.executable, __file__, "--import-only", str(csv_path)],
            check=True,
            capture_output=True,
            text=True,
        )
        peak_mib = json.loads(child.stdout)["peak_rss_mib"]
    return {
        "db": connection.vendor,
        "households": args.households,
        "months": args.months,
        "rows": n,
        "file_mb": round(csv_path.stat().st_size / 1e6, 1),
        "register_s": round(register_s, 1),
        "raw_insert_s": round(raw_s, 1),
        "import_s": round(import_s, 1),
        "ratio": round(import_s / raw_s, 2),
        # this process's CPU time (SQLite works in-process, so it counts; PostgreSQL's server
        # does not): steadier than wall time on a shared machine
        "raw_insert_cpu_s": round(raw_cpu, 1),
        "import_cpu_s": round(import_cpu, 1),
        "cpu_ratio": round(import_cpu / raw_cpu, 2),
        "rows_per_s": int(n / import_s),
        "reimport_s": round(reimport_s, 1),
        "import_peak_rss_mib": peak_mib,
        "load_average": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }


def import_only(csv_path: Path) -> None:
    """Child process: import the file into the (empty) ledger and report the peak memory."""
    import django

    django.setup()
    from verbinding.imports.services import import_file
    from verbinding.ledger import hooks

    hooks._listeners = lambda: ()  # type: ignore[assignment]
    before = _high_water_kib()
    run = import_file(path=csv_path, actor=None, kind="ledger")
    assert run.status == "succeeded", run.problems
    peak = _high_water_kib()
    print(json.dumps({"before_mib": round(before / 1024), "peak_rss_mib": round(peak / 1024)}))


def _high_water_kib() -> int:
    """This process's peak resident memory (VmHWM). Not ``getrusage``: on Linux its maximum
    survives fork and exec, so a child would report the parent's peak (the raw rows)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def main() -> None:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--households", type=int, default=100_000)
    p.add_argument("--months", type=int, default=24)
    p.add_argument("--seed", type=int, default=2026)
    p.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    p.add_argument("--workdir", default=str(Path(tempfile.gettempdir()) / "imports-bench"))
    p.add_argument(
        "--memory",
        action="store_true",
        help="also measure the importer's peak memory (the import again, in a child process)",
    )
    p.add_argument("--import-only", type=Path, default=None, help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.import_only is not None:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "verbinding.settings")
        import_only(args.import_only)
        return
    Path(args.workdir).mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "verbinding.settings")
    os.environ["VERBINDING_VAR_DIR"] = args.workdir
    if args.db == "sqlite":
        db = Path(args.workdir) / "bench.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    else:
        import psycopg

        url = os.environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/imports_bench"
        )
        server, _, name = url.rpartition("/")
        with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
        os.environ["DATABASE_URL"] = url
    print(json.dumps(run(args)))


if __name__ == "__main__":
    main()
