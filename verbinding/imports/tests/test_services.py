"""Imports against the real database: all or nothing, idempotent, matched, recorded, audited."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from verbinding.audit.models import AuditEvent
from verbinding.households.models import Household, HouseholdMember, Person, Tenancy, TenancyIban
from verbinding.imports.models import ImportRun, UnmatchedPayment
from verbinding.imports.services import import_file, unmatched_assign
from verbinding.imports.tests.conftest import write
from verbinding.ledger.models import EntryKind, LedgerEntry

pytestmark = pytest.mark.django_db


def snapshot() -> dict[str, int]:
    return {
        m.__name__: m.objects.count()
        for m in (
            Household,
            HouseholdMember,
            Person,
            Tenancy,
            TenancyIban,
            LedgerEntry,
            UnmatchedPayment,
        )
    }


@pytest.fixture
def listened(monkeypatch: pytest.MonkeyPatch) -> list[list[int]]:
    """The tenancy ids passed to ``ledger_changed``, call by call."""
    calls: list[list[int]] = []
    from verbinding.ledger import hooks

    monkeypatch.setattr(
        hooks,
        "_listeners",
        lambda: (lambda *, tenancy_ids, today: calls.append(list(tenancy_ids)),),
    )
    return calls


def test_the_example_register_lands_in_the_core_models(register: Any) -> None:
    devries = Household.objects.get(external_id="R900001")
    assert devries.name == "Huishouden De Vries" and devries.preferred_channel == "TEL"
    assert sorted(devries.members.values_list("person__first_name", "role")) == [
        ("Johan", "HUU"),
        ("Marieke", "MDH"),
    ]
    tenancy = Tenancy.objects.select_related("unit__neighbourhood").get(external_id="HO900005")
    assert tenancy.rent_cents == 59800 and tenancy.payment_method == "OVB"
    assert tenancy.unit.postcode == "7412ZA" and tenancy.unit.neighbourhood.cbs_code == "BU01500201"
    assert list(
        Tenancy.objects.get(external_id="HO900004").ibans.values_list("iban", flat=True)
    ) == ["NL36INGB0007654321"]
    assert Person.objects.get(surname="Y\u0131lmaz").preferred_language == "tr"


def test_importing_every_example_twice_changes_nothing_the_second_time(
    register: Any, examples: Path
) -> None:
    actor = register.privacy_officer
    for kind, name in (
        ("ledger", "ledger.csv"),
        ("bank", "bank-camt053.xml"),
        ("bank", "bank-mt940.sta"),
    ):
        import_file(path=examples / name, actor=actor, kind=kind)
    before = snapshot()
    for kind, name in (
        ("households", "households.csv"),
        ("tenancies", "tenancies.csv"),
        ("ledger", "ledger.csv"),
        ("bank", "bank-camt053.xml"),
        ("bank", "bank-mt940.sta"),
    ):
        run = import_file(path=examples / name, actor=actor, kind=kind)
        assert run.status == "succeeded"
        assert (run.created_count, run.updated_count, run.unmatched_count) == (0, 0, 0), name
        assert run.unchanged_count > 0
    assert snapshot() == before


def test_a_changed_line_is_an_update_and_audited(
    register: Any, tmp_path: Path, examples: Path
) -> None:
    text = (examples / "tenancies.csv").read_bytes().decode("cp1252").replace("712,45", "730,00")
    run = import_file(path=write(tmp_path, "t.csv", text, "cp1252"), actor=register.privacy_officer)
    assert (run.kind, run.updated_count, run.unchanged_count) == ("tenancies", 1, 4)
    tenancy = Tenancy.objects.get(external_id="HO900001")
    assert tenancy.rent_cents == 73000
    event = AuditEvent.objects.filter(
        object_type="households.tenancy", object_id=str(tenancy.pk)
    ).first()
    assert event is not None and event.household_id == tenancy.household_id
    assert event.fields == ["rent_cents"] and "73000" not in str(event.after)


def test_one_bad_line_rejects_the_whole_file_and_changes_nothing(
    register: Any, examples: Path
) -> None:
    before = snapshot()
    run = import_file(path=examples / "ledger-broken.csv", actor=register.privacy_officer)
    assert run.status == "rejected"
    assert snapshot() == before
    assert [(p["line"], p["field"]) for p in run.problems] == [
        (5, "boekdatum"),
        (6, "contractnummer"),
        (7, "bedrag"),
        (8, "soort"),
    ]
    assert "31-02-2026" in run.problems[0]["message"]
    assert run.rejected_count == 4
    assert AuditEvent.objects.filter(
        object_type="imports.importrun", object_id=str(run.pk)
    ).exists()


@pytest.mark.usefixtures("english")
def test_a_bad_line_at_the_end_undoes_lines_already_written(
    register: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from verbinding.imports import ledger_import

    monkeypatch.setattr(
        ledger_import, "BATCH", 3
    )  # the first batches are written before the bad line
    lines = ["boekingsnummer;contractnummer;boekdatum;soort;bedrag"]
    lines += [f"X{i};HO900001;01-0{1 + i % 9}-2026;PRO;712,45" for i in range(10)]
    lines += ["X99;HO900001;01-01-2026;PRO;veel"]
    before = snapshot()
    run = import_file(path=write(tmp_path, "l.csv", "\n".join(lines)), actor=None, kind="ledger")
    assert run.status == "rejected" and run.problems == [
        {"line": 12, "field": "bedrag", "message": "not an amount: 'veel'"}
    ]
    assert snapshot() == before


@pytest.mark.usefixtures("english")
def test_only_the_first_twenty_problems_are_kept_but_all_are_counted(
    register: Any, tmp_path: Path
) -> None:
    lines = ["boekingsnummer;contractnummer;boekdatum;soort;bedrag"]
    lines += [f"Y{i};HO900001;gisteren;PRO;1" for i in range(30)]
    run = import_file(path=write(tmp_path, "l.csv", "\n".join(lines)), actor=None, kind="ledger")
    assert len(run.problems) == 20 and run.rejected_count == 30
    assert run.message == "30 problems on 30 lines"


@pytest.mark.usefixtures("english")
def test_a_booking_number_that_comes_back_changed_is_refused(
    register: Any, tmp_path: Path, examples: Path
) -> None:
    import_file(path=examples / "ledger.csv", actor=None)
    text = (
        (examples / "ledger.csv")
        .read_text()
        .replace(
            "B2026000001;HO900001;01-01-2026;PRO;712,45",
            "B2026000001;HO900001;01-01-2026;PRO;999,00",
        )
    )
    run = import_file(path=write(tmp_path, "l.csv", text), actor=None)
    assert run.status == "rejected"
    assert run.problems[0]["line"] == 2 and "cannot change" in run.problems[0]["message"]


@pytest.mark.usefixtures("english")
def test_the_same_booking_twice_in_one_file_is_refused(register: Any, tmp_path: Path) -> None:
    text = "boekingsnummer;contractnummer;boekdatum;soort;bedrag\nZ1;HO900001;01-01-2026;PRO;1\nZ1;HO900001;01-01-2026;PRO;1\n"
    run = import_file(path=write(tmp_path, "l.csv", text), actor=None)
    assert run.problems == [
        {"line": 3, "field": "boekingsnummer", "message": "the same booking number is on line 2"}
    ]


def test_an_unknown_neighbourhood_or_household_is_an_error_on_its_line(
    register: Any, tmp_path: Path, examples: Path
) -> None:
    text = (examples / "tenancies.csv").read_bytes().decode("cp1252")
    text = text.replace("BU01500102", "BU09999999").replace("HO900005;R900005", "HO900005;R999999")
    before = snapshot()
    run = import_file(path=write(tmp_path, "t.csv", text), actor=None, kind="tenancies")
    assert [(p["line"], p["field"]) for p in run.problems] == [
        (4, "buurtcode"),
        (6, "huishoudnummer"),
    ]
    assert snapshot() == before


def test_a_payment_reference_of_another_tenancy_is_refused(
    register: Any, tmp_path: Path, examples: Path
) -> None:
    text = (
        (examples / "tenancies.csv")
        .read_bytes()
        .decode("cp1252")
        .replace("9100000022", "9100000011")
    )
    run = import_file(path=write(tmp_path, "t.csv", text), actor=None, kind="tenancies")
    assert {p["field"] for p in run.problems} == {"betalingskenmerk"}


def test_a_ledger_import_tells_the_listeners_which_tenancies_changed(
    register: Any, examples: Path, listened: list[list[int]]
) -> None:
    import_file(path=examples / "ledger.csv", actor=None)
    ids = set(Tenancy.objects.filter(external_id__startswith="HO9000").values_list("id", flat=True))
    assert set(listened[-1]) == ids
    listened.clear()
    import_file(path=examples / "ledger.csv", actor=None)
    assert listened == []  # nothing changed, nothing to recompute


def test_camt_credits_are_matched_by_reference_iban_and_name_and_amount(
    register: Any, examples: Path, listened: list[list[int]]
) -> None:
    run = import_file(path=examples / "bank-camt053.xml", actor=register.privacy_officer)
    assert (run.kind, run.file_format) == ("bank", "camt.053.001.08")
    assert (run.created_count, run.unmatched_count, run.skipped_count) == (6, 1, 1)
    booked = {
        (e.tenancy.external_id, e.kind, e.amount_cents, e.return_reason)
        for e in LedgerEntry.objects.filter(source=f"bank:{run.pk}").select_related("tenancy")
    }
    assert booked == {
        ("HO900004", EntryKind.PAYMENT, -69000, ""),  # reference in the end-to-end id
        ("HO900003", EntryKind.PAYMENT, -54000, ""),  # reference in the end-to-end id
        ("HO900001", EntryKind.PAYMENT, -71245, ""),  # structured creditor reference
        ("HO900002", EntryKind.PAYMENT, -64510, ""),  # known IBAN
        ("HO900005", EntryKind.PAYMENT, -59800, ""),  # name and amount
        ("HO900004", EntryKind.REVERSAL, 69000, "AM04"),  # storno
    }
    item = UnmatchedPayment.objects.get()
    assert (item.amount_cents, item.counterparty_iban) == (25000, "NL63TRIO0212345678")
    assert len(listened) == 1 and len(listened[0]) == 5


def test_mt940_lines_are_matched_and_the_storno_recognised(register: Any, examples: Path) -> None:
    run = import_file(path=examples / "bank-mt940.sta", actor=None)
    assert (run.file_format, run.created_count, run.unmatched_count, run.skipped_count) == (
        "MT940",
        4,
        1,
        1,
    )
    storno = LedgerEntry.objects.get(kind=EntryKind.REVERSAL)
    assert (storno.tenancy.external_id, storno.return_reason, storno.detail) == (
        "HO900003",
        "MD06",
        "STO",
    )


@pytest.mark.usefixtures("english")
def test_an_iban_known_for_two_tenancies_goes_to_review_with_the_reason(
    register: Any, examples: Path, tmp_path: Path
) -> None:
    other = Tenancy.objects.get(external_id="HO900001")
    TenancyIban.objects.create(tenancy=other, iban="NL44RABO0123456789")
    text = (examples / "bank-camt053.xml").read_text().replace("645.10", "100.00")
    text = text.replace("127700.55", "127155.45")  # the closing balance follows the change
    run = import_file(path=write(tmp_path, "s.xml", text), actor=None)
    assert run.status == "succeeded", run.problems
    item = UnmatchedPayment.objects.get(amount_cents=10000)
    assert item.why == "IBAN known for 2 tenancies"


def test_assigning_an_unmatched_payment_books_it_once_and_audits_it(
    register: Any, examples: Path, listened: list[list[int]]
) -> None:
    import_file(path=examples / "bank-camt053.xml", actor=None)
    item = UnmatchedPayment.objects.get()
    tenancy = Tenancy.objects.get(external_id="HO900005")
    entry = unmatched_assign(
        item=item, tenancy=tenancy, actor=register.privacy_officer, note="schuldhulp bevestigd"
    )
    assert (entry.tenancy, entry.amount_cents, entry.kind) == (tenancy, -25000, EntryKind.PAYMENT)
    item.refresh_from_db()
    assert (item.status, item.ledger_entry, item.assigned_by) == (
        "assigned",
        entry,
        register.privacy_officer,
    )
    event = AuditEvent.objects.get(object_type="imports.unmatchedpayment")
    assert event.household_id == tenancy.household_id and event.reason == "schuldhulp bevestigd"
    assert listened[-1] == [tenancy.pk]
    with pytest.raises(ValueError):
        unmatched_assign(item=item, tenancy=tenancy, actor=register.privacy_officer)
    # re-importing the statement does not bring the assigned line back
    run = import_file(path=examples / "bank-camt053.xml", actor=None)
    assert (run.created_count, run.unmatched_count) == (0, 0)


def test_every_import_is_recorded_with_who_what_and_the_file_hash(
    register: Any, examples: Path
) -> None:
    import hashlib

    run = import_file(path=examples / "ledger.csv", actor=register.privacy_officer)
    run.refresh_from_db()
    assert run.started_by == register.privacy_officer and run.file_name == "ledger.csv"
    assert run.file_hash == hashlib.sha256((examples / "ledger.csv").read_bytes()).hexdigest()
    assert run.finished_at is not None and run.created_count == 31
    assert ImportRun.objects.filter(kind="households", status="succeeded").count() == 1


@pytest.mark.usefixtures("english")
def test_a_file_of_unknown_kind_is_rejected(db: None, tmp_path: Path) -> None:
    run = import_file(path=write(tmp_path, "x.csv", "a;b;c\n1;2;3\n"), actor=None)
    assert run.status == "rejected" and "kind" in run.problems[0]["message"]


def _ledger_file(tmp_path: Path, bookings: list[str], name: str = "l.csv") -> Path:
    lines = ["boekingsnummer;contractnummer;boekdatum;soort;bedrag"]
    lines += [f"{b};HO900001;01-01-2026;PRO;712,45" for b in bookings]
    return write(tmp_path, name, "\n".join(lines))


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize("earlier", [False, True], ids=["first-import", "ledger-has-erp-rows"])
def test_a_duplicate_in_another_batch_names_the_line_it_was_first_on(
    register: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, earlier: bool
) -> None:
    """Batches of 3: the duplicate on line 9 is found in the ledger (written by this import, not
    kept in memory), with or without the per-batch lookup; its first line is read again."""
    from verbinding.imports import ledger_import

    if earlier:
        assert import_file(path=_ledger_file(tmp_path, ["E1"], "e.csv"), actor=None).created_count
    monkeypatch.setattr(ledger_import, "BATCH", 3)
    before = snapshot()
    path = _ledger_file(tmp_path, ["D1", "D2", "D3", "D4", "D5", "D6", "D7", "D2", "D8"])
    run = import_file(path=path, actor=None, kind="ledger")
    assert run.status == "rejected" and run.problems == [
        {"line": 9, "field": "boekingsnummer", "message": "the same booking number is on line 3"}
    ]
    assert snapshot() == before


@pytest.mark.usefixtures("english")
def test_a_duplicate_within_a_later_batch_of_a_first_import_is_found_and_so_are_those_after_it(
    register: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Batches of 3 and no ERP rows before: the first batch is written unchecked; the second has
    D4 twice, which the unique index refuses, so that batch and every later one are checked."""
    from verbinding.imports import ledger_import

    monkeypatch.setattr(ledger_import, "BATCH", 3)
    before = snapshot()
    path = _ledger_file(tmp_path, ["D1", "D2", "D3", "D4", "D5", "D4", "D6", "D2"])
    run = import_file(path=path, actor=None, kind="ledger")
    assert run.status == "rejected" and run.problems == [
        {"line": 7, "field": "boekingsnummer", "message": "the same booking number is on line 5"},
        {"line": 9, "field": "boekingsnummer", "message": "the same booking number is on line 3"},
    ]
    assert snapshot() == before


def test_a_first_import_writes_the_same_rows_as_an_import_that_looks_each_batch_up(
    register: Any, tmp_path: Path, examples: Path
) -> None:
    """A first import binds the parsed rows as they are (the database adds the ``erp:``
    prefix); a later one writes tuples built in Python. Every column comes out the same."""
    from verbinding.imports.ledger_import import COLUMNS

    def rows(prefix: str) -> list[tuple[Any, ...]]:
        entries = LedgerEntry.objects.filter(external_ref__startswith=prefix).order_by("id")
        return list(entries.values_list(*COLUMNS))

    assert not LedgerEntry.objects.filter(external_ref__startswith="erp:").exists()
    first = import_file(path=examples / "ledger.csv", actor=None)
    text = (examples / "ledger.csv").read_text().replace("\nB2026", "\nC2026")
    later = import_file(path=write(tmp_path, "c.csv", text), actor=None, kind="ledger")
    assert first.created_count == later.created_count == 31
    written_first, written_later = rows("erp:B2026"), rows("erp:C2026")
    assert {r[8] for r in written_first} == {f"erp:{first.pk}"}
    assert {r[8] for r in written_later} == {f"erp:{later.pk}"}
    assert [(*r[:8], r[9][5:]) for r in written_first] == [
        (*r[:8], r[9][5:]) for r in written_later
    ]
    assert ("STO", 69000, "INC", "AM04") in {(r[3], r[4], r[5], r[7]) for r in written_first}


@pytest.mark.usefixtures("english")
def test_a_booking_imported_before_and_twice_in_the_new_file_is_refused(
    register: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first B1 is unchanged (not written again); the second, two batches on, is still a
    duplicate in this file (the temporary table of numbers met but not written)."""
    from verbinding.imports import ledger_import

    import_file(path=_ledger_file(tmp_path, ["B1"], "e.csv"), actor=None)
    monkeypatch.setattr(ledger_import, "BATCH", 2)
    path = _ledger_file(tmp_path, ["N1", "B1", "N2", "N3", "N4", "B1", "B1"])
    run = import_file(path=path, actor=None, kind="ledger")
    assert run.status == "rejected" and run.problems == [
        {"line": 7, "field": "boekingsnummer", "message": "the same booking number is on line 3"},
        {"line": 8, "field": "boekingsnummer", "message": "the same booking number is on line 3"},
    ]
    assert LedgerEntry.objects.filter(external_ref__startswith="erp:N").count() == 0


def test_a_repeated_file_writes_nothing_and_a_later_duplicate_after_a_problem_is_found(
    register: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, english: None
) -> None:
    from verbinding.imports import ledger_import

    monkeypatch.setattr(ledger_import, "BATCH", 2)
    bookings = [f"R{i}" for i in range(7)]
    first = import_file(path=_ledger_file(tmp_path, bookings), actor=None, kind="ledger")
    assert (first.status, first.created_count) == ("succeeded", 7)
    before = snapshot()
    again = import_file(path=_ledger_file(tmp_path, bookings), actor=None, kind="ledger")
    assert (again.status, again.created_count, again.unchanged_count) == ("succeeded", 0, 7)
    assert snapshot() == before
    # a problem early on does not stop the duplicate check further down
    text = _ledger_file(tmp_path, ["S1", "S2", "S3", "S4", "S5", "S2"]).read_text()
    text = text.replace("S1;HO900001", "S1;HO999999")
    run = import_file(path=write(tmp_path, "p.csv", text), actor=None, kind="ledger")
    assert [(p["line"], p["message"]) for p in run.problems] == [
        (2, "unknown contract 'HO999999'"),
        (7, "the same booking number is on line 3"),
    ]
    assert snapshot() == before
