"""Bulk upsert through the API vs the CSV import of the same rows (issue 14).

    python benchmarks/api_bulk.py --tenancies 100000 --ledger 1000000 --db sqlite
    python benchmarks/api_bulk.py --tenancies 100000 --ledger 1000000 --db postgres

Reproducible (fixed sizes, no randomness). On a fresh database with N households:

1. **tenancies, CSV**: ``import_file(kind="tenancies")`` of a tenancies CSV of N rows (what the
   import page and ``verbinding import`` run);
2. **tenancies, API**: the same N rows as VERA JSON, ``POST /api/v1/huurovereenkomsten/bulk`` in
   requests of ``--chunk`` items, through Django's whole request stack (middleware, API key,
   scope, throttle, JSON parsing, the importer's own row parser and writer, audit). The request
   bodies are made before the clock starts, as the CSV file is;
3. **ledger, CSV** and 4. **ledger, API** (``POST /api/v1/boekingen/bulk``): M booking lines.

The CSV and the API write different contract numbers (HC… and HA…) so each starts from the same
empty state. Ledger listeners (arrears recompute) are switched off for both, as in
``import_ledger.py``. SQLite uses a file under --workdir; PostgreSQL the database ``api_bench``.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

HEADER_T = "contractnummer;huishoudnummer;eenheidnummer;straat;huisnummer;huisletter;toevoeging;postcode;plaats;buurtcode;ingangsdatum;einddatum;brutohuur;betalingskenmerk;betaalwijze;status;iban;rekeninghouder"
HEADER_L = (
    "boekingsnummer;contractnummer;boekdatum;soort;bedrag;betaalwijze;omschrijving;retourreden"
)


def rent(i: int) -> int:
    return 45000 + (i * 7919) % 45000


def tenancy_item(prefix: str, i: int) -> dict[str, object]:
    cents = rent(i)
    return {
        "idExtern": f"H{prefix}{i:07d}",
        "vb_huishouden": {"idExtern": f"RB{i:07d}"},
        "eenheden": [
            {
                "idExtern": f"E{prefix}{i:07d}",
                "straatnaam": "Benchstraat",
                "huisnummer": i % 9000 + 1,
                "huisletter": "",
                "postcode": "7411 AB",
                "woonplaats": "Deventer",
                "buurtcode": f"BU015001{i % 50:02d}",
            }
        ],
        "begindatum": "2020-01-01",
        "brutohuur": cents / 100,
        "vb_betalingskenmerk": f"{prefix}{8000000000 + i}",
        "betaalwijze": {"code": "INC"},
        "status": {"code": "LOP"},
    }


def tenancy_line(prefix: str, i: int) -> str:
    cents = rent(i)
    return (
        f"H{prefix}{i:07d};RB{i:07d};E{prefix}{i:07d};Benchstraat;{i % 9000 + 1};;;7411 AB;"
        f"Deventer;BU015001{i % 50:02d};01-01-2020;;{cents // 100},{cents % 100:02d};"
        f"{prefix}{8000000000 + i};INC;LOP;;"
    )


def booking(prefix: str, n: int, tenancies: int) -> tuple[str, str, dt.date, str, int]:
    """Booking n: a charge or a payment on contract n % tenancies, month n // tenancies."""
    i = n % tenancies
    month = n // tenancies
    day = dt.date(2024 + month // 24, month // 2 % 12 + 1, 1 if month % 2 == 0 else 3)
    detail = "PRO" if month % 2 == 0 else "BAN"
    cents = rent(i) if detail == "PRO" else -rent(i)
    return f"B{prefix}{n:09d}", f"H{prefix}{i:07d}", day, detail, cents


def booking_item(prefix: str, n: int, tenancies: int) -> dict[str, object]:
    ref, contract, day, detail, cents = booking(prefix, n, tenancies)
    return {
        "idExtern": ref,
        "overeenkomst": {"idExtern": contract},
        "boekdatum": day.isoformat(),
        "detailSoort": {"code": detail},
        "bedrag": cents / 100,
    }


def run(args: argparse.Namespace) -> dict[str, object]:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from verbinding.accounts.models import Role, User
    from verbinding.api.services import api_client_create
    from verbinding.areas.models import District, Municipality, Neighbourhood
    from verbinding.households.models import Household, Tenancy
    from verbinding.imports.services import import_file
    from verbinding.ledger import hooks
    from verbinding.ledger.models import LedgerEntry

    call_command("migrate", verbosity=0)
    n, m, chunk = args.tenancies, args.ledger, args.chunk
    muni = Municipality.objects.create(cbs_code="GM0150", name="Deventer")
    district = District.objects.create(cbs_code="WK015001", name="Bench", municipality=muni)
    for i in range(50):
        Neighbourhood.objects.create(cbs_code=f"BU015001{i:02d}", name=f"B{i}", district=district)
    for s in range(0, n, 10000):
        Household.objects.bulk_create(
            [
                Household(external_id=f"RB{i:07d}", name=f"Huishouden {i}")
                for i in range(s, min(s + 10000, n))
            ]
        )
    admin = User.objects.create(username="fb", role=Role.PRIVACY_OFFICER)
    _client, key = api_client_create(
        name="bench",
        user=admin,
        scopes=["register:write", "ledger:write"],
        actor=admin,
        rate="1000000/min",
    )
    hooks._listeners.cache_clear()
    hooks._listeners = lambda: ()  # type: ignore[assignment]
    work = Path(args.workdir)
    http = Client(HTTP_AUTHORIZATION=f"Bearer {key}")

    def post(path: str, body: bytes) -> None:
        response = http.post(path, body, content_type="application/json")
        assert response.status_code == 200, response.content[:500]

    def bodies(items: Iterator[dict[str, object]], size: int) -> list[bytes]:
        """The request bodies, made before the clock starts (as the CSV file is written before
        its import is timed): the ERP's work of building its JSON is not ours."""
        out, chunk_items = [], []
        for item in items:
            chunk_items.append(item)
            if len(chunk_items) == size:
                out.append(json.dumps(chunk_items).encode())
                chunk_items = []
        if chunk_items:
            out.append(json.dumps(chunk_items).encode())
        return out

    # Warm up: the first request loads the URL configuration (every app's views); not counted.
    assert http.get("/api/v1/huurovereenkomsten?page_size=1").status_code == 403

    # 1. tenancies by CSV
    t_csv = work / f"tenancies-{n}.csv"
    with t_csv.open("w", encoding="utf-8") as fh:
        fh.write(HEADER_T + "\n")
        for i in range(n):
            fh.write(tenancy_line("C", i) + "\n")
    t = time.perf_counter()
    run_ = import_file(path=t_csv, actor=admin, kind="tenancies")
    tenancies_csv_s = time.perf_counter() - t
    assert run_.status == "succeeded" and run_.created_count == n, run_.problems

    # 2. tenancies by API
    requests = bodies((tenancy_item("A", i) for i in range(n)), chunk)
    t = time.perf_counter()
    for body in requests:
        post("/api/v1/huurovereenkomsten/bulk", body)
    tenancies_api_s = time.perf_counter() - t
    assert Tenancy.objects.filter(external_id__startswith="HA").count() == n

    # 3. ledger by CSV
    l_csv = work / f"ledger-{n}-{m}.csv"
    with l_csv.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter=";")
        w.writerow(HEADER_L.split(";"))
        for k in range(m):
            ref, contract, day, detail, cents = booking("C", k, n)
            sign = "-" if cents < 0 else ""
            amount = f"{sign}{abs(cents) // 100},{abs(cents) % 100:02d}"
            w.writerow([ref, contract, day.strftime("%d-%m-%Y"), detail, amount, "", "", ""])
    t = time.perf_counter()
    run_ = import_file(path=l_csv, actor=admin, kind="ledger")
    ledger_csv_s = time.perf_counter() - t
    assert run_.status == "succeeded" and run_.created_count == m, run_.problems

    # 4. ledger by API
    lchunk = args.ledger_chunk
    requests = bodies((booking_item("A", k, n) for k in range(m)), lchunk)
    t = time.perf_counter()
    for body in requests:
        post("/api/v1/boekingen/bulk", body)
    ledger_api_s = time.perf_counter() - t
    assert LedgerEntry.objects.filter(external_ref__startswith="erp:BA").count() == m

    return {
        "db": connection.vendor,
        "tenancies": n,
        "ledger_lines": m,
        "chunk": chunk,
        "ledger_chunk": lchunk,
        "tenancies_csv_s": round(tenancies_csv_s, 1),
        "tenancies_api_s": round(tenancies_api_s, 1),
        "tenancies_ratio": round(tenancies_api_s / tenancies_csv_s, 2),
        "ledger_csv_s": round(ledger_csv_s, 1),
        "ledger_api_s": round(ledger_api_s, 1),
        "ledger_ratio": round(ledger_api_s / ledger_csv_s, 2),
    }


def main() -> None:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--tenancies", type=int, default=100_000)
    p.add_argument("--ledger", type=int, default=1_000_000)
    p.add_argument("--chunk", type=int, default=10_000)
    p.add_argument("--ledger-chunk", type=int, default=50_000)
    p.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    p.add_argument("--workdir", default=str(Path(tempfile.gettempdir()) / "api-bench"))
    args = p.parse_args()
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

        url = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/api_bench")
        server, _, name = url.rpartition("/")
        with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
        os.environ["DATABASE_URL"] = url
    print(json.dumps(run(args)))


if __name__ == "__main__":
    main()
