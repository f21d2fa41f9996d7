"""Real bank exports: one realistic statement file per Dutch bank, each imported, reconciled, matched.

The files under ``corpus/`` follow the banks' published MT940 / camt.053 descriptions and the
layouts seen in public sample files (envelopes, :86: layouts, line wrapping), with the example
register's tenants as the payers.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from verbinding.imports.models import BankStatement, UnmatchedPayment
from verbinding.imports.parsers.camt import read_camt053
from verbinding.imports.parsers.mt940 import read_mt940
from verbinding.imports.services import import_file
from verbinding.imports.statement_rules import reconcile
from verbinding.imports.tests.conftest import write
from verbinding.ledger.models import LedgerEntry

pytestmark = pytest.mark.django_db
CORPUS = Path(__file__).resolve().parent / "corpus"

# file → (format, own account, statements, [(contract, ledger amount in cents)], unmatched)
BANKS: dict[str, tuple[str, str, int, list[tuple[str, int]], int]] = {
    "abn-amro.sta": (
        "MT940",
        "NL76ABNA0501234567",
        2,
        [("HO900001", -71245), ("HO900002", -64510), ("HO900005", -59800)],
        0,
    ),
    "ing.sta": (
        "MT940",
        "NL67INGB0009999999",
        1,
        [("HO900001", -71245), ("HO900003", -54000), ("HO900004", -69000)],
        0,
    ),
    "ing.camt053.xml": (
        "camt.053.001.02",
        "NL67INGB0009999999",
        1,
        [("HO900001", -71245), ("HO900003", -54000), ("HO900004", -69000)],
        0,
    ),
    "rabobank.sta": (
        "MT940",
        "NL39RABO0300065264",
        2,
        [("HO900001", -71245), ("HO900002", -64510), ("HO900003", 54000)],
        0,
    ),
    "de-volksbank-asn.sta": (
        "MT940",
        "NL66ASNB0707070707",
        3,
        [("HO900001", -71245), ("HO900003", -54000), ("HO900005", -59800)],
        0,
    ),
    "triodos.sta": ("MT940", "NL49TRIO0390123456", 1, [("HO900004", -69000)], 0),
    "knab.sta": (
        "MT940",
        "NL07KNAB0255123456",
        1,
        [("HO900001", -71245), ("HO900002", -64510)],
        0,
    ),
    "bng-bank.camt053.xml": (
        "camt.053.001.02",
        "NL38BNGH0285012345",
        2,
        [("HO900001", -71245), ("HO900002", -64510), ("HO900005", -59800)],
        0,
    ),
}


def booked() -> list[tuple[str, int]]:
    return sorted(LedgerEntry.objects.values_list("tenancy__external_id", "amount_cents"))


@pytest.mark.parametrize("name", sorted(BANKS))
def test_each_banks_statement_imports_adds_up_and_finds_its_tenants(
    register: Any, name: str
) -> None:
    fmt, account, statements, expected, unmatched = BANKS[name]
    run = import_file(path=CORPUS / name, actor=None)  # recognised as a bank statement
    assert (run.status, run.kind) == ("succeeded", "bank"), run.problems
    assert run.file_format == fmt
    assert run.warnings == []  # every statement adds up and follows on from the one before
    assert booked() == sorted(expected)
    assert UnmatchedPayment.objects.count() == unmatched
    rows = BankStatement.objects.filter(import_run=run)
    assert rows.count() == statements
    assert {r.account_iban for r in rows} == {account}
    assert all(r.balanced and r.closing_cents is not None for r in rows)
    again = import_file(path=CORPUS / name, actor=None, kind="bank")
    assert (again.created_count, again.unmatched_count, again.warnings) == (0, 0, [])
    assert BankStatement.objects.count() == statements


@pytest.mark.parametrize("name", sorted(BANKS))
def test_each_corpus_statement_adds_up_by_itself(name: str) -> None:
    data = (CORPUS / name).read_bytes()
    statements = read_camt053(data)[1] if name.endswith(".xml") else read_mt940(data.decode())
    assert statements and all(reconcile(s) is None for s in statements)


@pytest.mark.parametrize(
    ("bic", "account"),
    [("SNSBNL2A", "NL68SNSB0901234567"), ("RBRBNL21", "NL66RBRB0851234567")],
)
def test_sns_and_regiobank_write_the_de_volksbank_layout_too(
    register: Any, tmp_path: Path, bic: str, account: str
) -> None:
    text = (CORPUS / "de-volksbank-asn.sta").read_text()
    text = text.replace("ASNBNL21", bic).replace("NL66ASNB0707070707", account)
    run = import_file(path=write(tmp_path, "sns.sta", text), actor=None, kind="bank")
    assert run.status == "succeeded", run.problems
    assert booked() == sorted([("HO900001", -71245), ("HO900003", -54000), ("HO900005", -59800)])
    assert set(BankStatement.objects.values_list("account_iban", flat=True)) == {account}


def test_rabobanks_30_february_is_the_last_day_of_february() -> None:
    first, _second = read_mt940((CORPUS / "rabobank.sta").read_text())
    costs = first.entries[0]
    assert (costs.booked_on.month, costs.booked_on.day) == (2, 28)
    text = ":20:X\n:25:NL39RABO0300065264\n:28C:0\n:60F:C240230EUR10,00\n:61:2402300301D1,00N093NONREF\n:86:/REMI/rente\n:62F:C240301EUR9,00\n"
    (s,) = read_mt940(text)
    assert str(s.opening_on) == "2024-02-29" and str(s.entries[0].booked_on) == "2024-03-01"


def test_the_swift_envelope_keeps_line_numbers_for_problems(tmp_path: Path, register: Any) -> None:
    text = (CORPUS / "ing.sta").read_text().replace("NL20INGB0001234567", "NL00INGB0001234567")
    run = import_file(path=write(tmp_path, "ing.sta", text), actor=None, kind="bank")
    assert run.status == "rejected"
    (problem,) = run.problems
    assert problem["line"] == 9 and problem["field"] == ":86: IBAN"  # the :86: after line 8
    assert LedgerEntry.objects.count() == 0
