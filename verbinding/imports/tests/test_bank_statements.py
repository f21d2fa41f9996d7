"""Bank statements you can trust: reconciliation, continuity, and the same money booked once."""

from __future__ import annotations

from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from verbinding.imports.models import BankStatement, BankTransaction, ImportRun
from verbinding.imports.parsers.base import bank_cents
from verbinding.imports.same_money import Money, pair
from verbinding.imports.services import import_file
from verbinding.imports.tests.conftest import write
from verbinding.imports.tests.test_bank_corpus import CORPUS, booked
from verbinding.imports.tests.test_services import snapshot
from verbinding.ledger.models import LedgerEntry

pytestmark = pytest.mark.django_db


def unbalanced(tmp_path: Path) -> Path:
    """The Knab statement with its closing balance one euro too high."""
    text = (
        (CORPUS / "knab.sta")
        .read_text()
        .replace(":62F:C260504EUR03857,55", ":62F:C260504EUR03858,55")
    )
    return write(tmp_path, "knab.sta", text)


# --- reconciliation ----------------------------------------------------------------------------


def test_a_statement_that_does_not_add_up_is_refused_in_dutch_and_nothing_changes(
    register: Any, tmp_path: Path
) -> None:
    before = snapshot()
    run = import_file(path=unbalanced(tmp_path), actor=None, kind="bank")
    assert run.status == "rejected"
    assert snapshot() == before and not BankStatement.objects.exists()
    (problem,) = run.problems
    assert (problem["line"], problem["field"]) == (2, ":62F:")
    message = problem["message"]
    for part in ("NL07KNAB0255123456", "afschrift 104", "B6E04MS9D00A0012", "04-05-2026"):
        assert part in message
    assert "€ 3.857,55" in message and "€ 3.858,55" in message  # both figures
    assert "verschil € 1,00" in message


def test_allow_unbalanced_imports_it_with_the_warning_on_the_run(
    register: Any, tmp_path: Path
) -> None:
    run = import_file(path=unbalanced(tmp_path), actor=None, kind="bank", allow_unbalanced=True)
    assert run.status == "succeeded" and run.allow_unbalanced
    assert [w["kind"] for w in run.warnings] == ["unbalanced"]
    assert "verschil € 1,00" in run.warnings[0]["message"]
    assert run.created_count == 2
    assert BankStatement.objects.get().balanced is False


@pytest.mark.parametrize(
    ("name", "old", "new", "field"),
    [
        ("knab.sta", ":62F:C260504EUR03857,55\n", "", ":62F:"),
        ("knab.sta", ":62F:C260504EUR03857,55", ":62M:C260504EUR03857,55", ":62F:"),
        ("bng-bank.camt053.xml", "<Cd>CLBD</Cd>", "<Cd>CLAV</Cd>", "Bal/CLBD"),
    ],
)
def test_a_statement_without_its_closing_balance_is_refused(
    register: Any, tmp_path: Path, name: str, old: str, new: str, field: str
) -> None:
    text = (CORPUS / name).read_text().replace(old, new, 1)
    run = import_file(path=write(tmp_path, name, text), actor=None, kind="bank")
    assert run.status == "rejected"
    assert run.problems[0]["field"] == field and "geen eindsaldo" in run.problems[0]["message"]
    assert LedgerEntry.objects.count() == 0


def test_the_command_refuses_with_exit_code_2_and_allow_unbalanced_imports(
    register: Any, tmp_path: Path
) -> None:
    path = unbalanced(tmp_path)
    err = StringIO()
    with pytest.raises(CommandError) as exc:
        call_command("import", "bank", str(path), "--no-progress", stderr=err)
    assert exc.value.returncode == 2
    assert "knab.sta:2 [:62F:]" in err.getvalue() and "verschil € 1,00" in err.getvalue()
    assert LedgerEntry.objects.count() == 0
    out, err = StringIO(), StringIO()
    call_command(
        "import", "bank", str(path), "--no-progress", "--allow-unbalanced", stdout=out, stderr=err
    )
    assert LedgerEntry.objects.count() == 2
    assert "telt niet op" in err.getvalue()
    assert ImportRun.objects.latest("id").warnings[0]["kind"] == "unbalanced"


def test_amounts_with_more_decimals_are_read_when_exact_and_refused_when_not(
    register: Any, tmp_path: Path
) -> None:
    assert bank_cents("8.850") == 885 and bank_cents("8,85") == 885 and bank_cents("500,") == 50000
    with pytest.raises(ValueError):
        bank_cents("8.855")
    text = (CORPUS / "bng-bank.camt053.xml").read_text().replace("645.100", "645.105")
    run = import_file(path=write(tmp_path, "bng.xml", text), actor=None, kind="bank")
    assert run.status == "rejected"
    assert run.problems[0]["field"] == "Amt" and "645.105" in run.problems[0]["message"]
    mt = (CORPUS / "knab.sta").read_text().replace("C645,1N", "C645,105N")
    run = import_file(path=write(tmp_path, "k.sta", mt), actor=None, kind="bank")
    assert run.status == "rejected" and run.problems[0]["field"] == ":61: amount"


# --- continuity --------------------------------------------------------------------------------


def asn_without(tmp_path: Path, number: int) -> Path:
    """The de Volksbank file with one of its daily statements left out."""
    text = (CORPUS / "de-volksbank-asn.sta").read_text()
    blocks = text.split("{1:")
    kept = [b for b in blocks if f":28C:{number}/1" not in b]
    return write(tmp_path, "asn.sta", "{1:".join(kept))


def test_a_gap_in_the_statement_numbers_is_reported_not_silently_accepted(
    register: Any, tmp_path: Path
) -> None:
    run = import_file(path=asn_without(tmp_path, 42), actor=None, kind="bank")
    assert run.status == "succeeded"
    (warning,) = run.warnings
    assert warning["kind"] == "continuity"
    assert "afschrift 42 ontbreekt" in warning["message"]
    assert run.warning_count == 1


def test_a_missing_statement_with_money_on_it_is_a_balance_gap(
    register: Any, tmp_path: Path
) -> None:
    blocks = ["{1:" + b for b in (CORPUS / "de-volksbank-asn.sta").read_text().split("{1:")[1:]]
    import_file(path=write(tmp_path, "day1.sta", blocks[0]), actor=None, kind="bank")
    # the third statement in another file, its opening balance not the first one's closing
    third = (
        blocks[2]
        .replace(":60F:C260506EUR10372,45", ":60F:C260506EUR10000,00")
        .replace(":62F:C260506EUR10962,95", ":62F:C260506EUR10590,50")
    )
    run = import_file(path=write(tmp_path, "day3.sta", third), actor=None, kind="bank")
    messages = [w["message"] for w in run.warnings]
    assert any("beginsaldo € 10.000,00" in m and "€ 10.372,45" in m for m in messages)
    assert any("afschrift 42 ontbreekt" in m for m in messages)


def test_a_statement_imported_after_a_later_one_is_checked_both_ways(
    register: Any, tmp_path: Path
) -> None:
    days = (CORPUS / "rabobank.sta").read_text().split(":20:")
    import_file(path=write(tmp_path, "d2.sta", ":20:" + days[2]), actor=None, kind="bank")
    run = import_file(
        path=write(tmp_path, "d1.sta", days[0] + ":20:" + days[1]), actor=None, kind="bank"
    )
    assert run.status == "succeeded" and run.warnings == []  # it fits exactly before day 2


def test_the_imports_page_shows_the_warnings(register: Any, tmp_path: Path) -> None:
    from django.test import Client
    from django.urls import reverse

    run = import_file(path=asn_without(tmp_path, 42), actor=None, kind="bank")
    client = Client()
    client.force_login(register.privacy_officer)
    page = client.get(reverse("imports:index")).content.decode()
    assert "1 waarschuwing" in page and "afschrift 42 ontbreekt" in page
    detail = client.get(reverse("imports:detail", args=[run.pk])).content.decode()
    assert "Sluit niet aan" in detail and "afschrift 42 ontbreekt" in detail


# --- the same money once -----------------------------------------------------------------------


@pytest.mark.parametrize("order", [("ing.camt053.xml", "ing.sta"), ("ing.sta", "ing.camt053.xml")])
def test_mt940_and_camt_of_the_same_day_book_each_payment_once(
    register: Any, order: tuple[str, str]
) -> None:
    first = import_file(path=CORPUS / order[0], actor=None, kind="bank")
    second = import_file(path=CORPUS / order[1], actor=None, kind="bank")
    assert first.created_count == 3
    assert (second.created_count, second.unmatched_count, second.unchanged_count) == (0, 0, 3)
    assert booked() == sorted([("HO900001", -71245), ("HO900003", -54000), ("HO900004", -69000)])
    assert [w["kind"] for w in second.warnings] == ["same_money"]
    assert second.warning_count == 0  # a note, not a warning
    copies = BankTransaction.objects.filter(same_as__isnull=False)
    assert copies.count() == 3 and {c.family for c in copies} == {second.statements.get().family}
    for name in order:  # and once more: still nothing new
        again = import_file(path=CORPUS / name, actor=None, kind="bank")
        assert again.created_count == 0 and again.unmatched_count == 0
    assert LedgerEntry.objects.count() == 3


def test_money_only_in_the_other_format_is_still_booked(register: Any, tmp_path: Path) -> None:
    import_file(path=CORPUS / "ing.sta", actor=None, kind="bank")
    extra = """<Ntry><Amt Ccy="EUR">598.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>
<BookgDt><Dt>2026-05-01</Dt></BookgDt><AcctSvcrRef>26121000000099</AcctSvcrRef>
<NtryDtls><TxDtls><RltdPties><Dbtr><Nm>MW A HOEKSTRA-BEGUIN</Nm></Dbtr>
<DbtrAcct><Id><IBAN>NL22SNSB0912345678</IBAN></Id></DbtrAcct></RltdPties>
<RmtInf><Ustrd>huur mei</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>
    </Stmt>"""
    text = (
        (CORPUS / "ing.camt053.xml")
        .read_text()
        .replace("</Stmt>", extra)
        .replace("23417.45", "24015.45")
    )
    run = import_file(path=write(tmp_path, "ing.xml", text), actor=None, kind="bank")
    assert run.status == "succeeded", run.problems
    assert run.created_count == 1 and run.unchanged_count == 3
    assert ("HO900005", -59800) in booked() and LedgerEntry.objects.count() == 4
    # the closing balances of the two formats now differ: reported
    assert any("MT940" in w["message"] for w in run.warnings if w["kind"] == "continuity")


def m(amount: int, iban: str = "", e2e: str = "", mandate: str = "") -> Money:
    import datetime as dt

    return Money("NL67INGB0009999999", dt.date(2026, 5, 1), amount, "payment", iban, e2e, mandate)


def test_pairing_keeps_two_equal_transfers_two_and_never_pairs_contradictions() -> None:
    earlier = [(1, m(500, "NL91ABNA0417164300")), (2, m(500, "NL91ABNA0417164300"))]
    paired = pair([m(500, "NL91ABNA0417164300")] * 3, earlier)
    assert len(paired) == 2 and set(paired.values()) == {1, 2}
    assert pair([m(500, "NL44RABO0123456789")], earlier) == {}
    assert pair([m(500, "", "E2E-1")], [(7, m(500, "", "E2E-2"))]) == {}
    assert pair([m(500)], [(7, m(500, "NL91ABNA0417164300", "E2E-1"))]) == {0: 7}
    # the most specific match wins when several could
    both = [(1, m(690, "NL36INGB0007654321")), (2, m(690, "NL36INGB0007654321", "E2E-9"))]
    assert pair([m(690, "NL36INGB0007654321", "E2E-9")], both) == {0: 2}


def test_losing_a_race_with_another_import_is_a_clear_refusal_not_a_crash(
    register: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.db import IntegrityError

    def collide(*args: Any, **kwargs: Any) -> None:
        raise IntegrityError("duplicate key value violates unique constraint")

    monkeypatch.setattr(BankTransaction.objects, "bulk_create", collide)
    run = import_file(path=CORPUS / "ing.sta", actor=None, kind="bank")
    assert run.status == "rejected"
    assert "tegelijk" in run.problems[0]["message"]
    assert LedgerEntry.objects.count() == 0 and not BankStatement.objects.exists()


def test_the_checkbox_is_honoured_by_a_background_import_too(
    register: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client
    from django.urls import reverse

    from verbinding.imports import views
    from verbinding.jobs.worker import run_pending

    monkeypatch.setattr(views, "INLINE_MAX_BYTES", 10)
    client = Client()
    client.force_login(register.privacy_officer)
    path = unbalanced(tmp_path)
    data = {"file": SimpleUploadedFile(path.name, path.read_bytes()), "allow_unbalanced": "on"}
    client.post(reverse("imports:index"), data)
    assert run_pending() == 1
    run = ImportRun.objects.latest("id")
    assert (run.status, run.allow_unbalanced) == ("succeeded", True)
    assert [w["kind"] for w in run.warnings] == ["unbalanced"]
