"""Parsers: amounts, dates, CSV dialects, CAMT.053 versions and MT940, good and malformed."""

from __future__ import annotations

import codecs
import contextlib
import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from verbinding.imports.outcome import SHOWN_PROBLEMS, Problems
from verbinding.imports.parsers.base import (
    ImportProblem,
    RowProblems,
    inspect_file,
    parse_cents,
    parse_date,
)
from verbinding.imports.parsers.camt import parse_camt053
from verbinding.imports.parsers.csv_erp import (
    LedgerRowParser,
    detect_layout,
    guess_kind,
    parse_tenancy_row,
    read_ledger_rows,
    read_rows,
)
from verbinding.imports.parsers.detect import bank_format
from verbinding.imports.parsers.mt940 import dutch_details, parse_mt940
from verbinding.imports.parsers.statement import Direction

# --- amounts and dates -------------------------------------------------------------------------


@given(st.integers(min_value=-(10**11), max_value=10**11))
def test_an_amount_reads_back_the_same_in_every_notation(cents: int) -> None:
    sign = "-" if cents < 0 else ""
    euros, rest = divmod(abs(cents), 100)
    grouped = f"{euros:,}"
    for text in (
        f"{sign}{euros},{rest:02d}",
        f"{sign}{euros}.{rest:02d}",
        f"{sign}{grouped.replace(',', '.')},{rest:02d}",
        f"{sign}{grouped},{rest:02d}".replace(",", "X").replace("X", ",", grouped.count(","))
        if False
        else f"{sign}{grouped}.{rest:02d}",
        f"€ {sign}{euros},{rest:02d}",
        f"{euros},{rest:02d}-" if cents < 0 else f"{euros},{rest:02d}",
    ):
        assert parse_cents(text) == cents, text


@pytest.mark.parametrize("text", ["12,345", "1.2.3", "abc", "", "12,3456", "--5", "5e3"])
def test_an_ambiguous_or_foreign_amount_is_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_cents(text)


@given(st.text(max_size=20))
def test_any_text_is_an_amount_or_a_value_error(text: str) -> None:
    with contextlib.suppress(ValueError):
        assert isinstance(parse_cents(text), int)


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31)))
def test_a_date_reads_in_the_dutch_and_the_iso_form(day: dt.date) -> None:
    assert parse_date(day.strftime("%d-%m-%Y")) == day
    assert parse_date(day.isoformat()) == day
    assert parse_date(day.strftime("%d/%m/%Y")) == day


def test_an_impossible_date_is_refused() -> None:
    with pytest.raises(ValueError, match="31-02-2026"):
        parse_date("31-02-2026")


# --- CSV dialects ------------------------------------------------------------------------------

LEDGER = (
    "boekingsnummer{d}contractnummer{d}boekdatum{d}soort{d}bedrag{d}omschrijving\n"
    "B1{d}HO1{d}01-03-2026{d}PRO{d}{q}712,45{q}{d}Huur maart - café\n"
    "B2{d}HO1{d}2026-03-02{d}BAN{d}{q}-712,45{q}{d}Betaling\n"
)


def _ledger_rows(path: Path) -> list[tuple[str, int, str]]:
    facts = inspect_file(path)
    layout = detect_layout(facts, "ledger")
    parse = LedgerRowParser(layout)
    rows = [parse(n, c) for n, c in read_rows(path, facts, layout)]
    assert list(read_ledger_rows(path, facts, layout, Problems())) == rows
    return [(r[1], r[7], r[9]) for r in rows]


@pytest.mark.parametrize(
    ("delimiter", "quote", "encoding", "bom", "label"),
    [
        (";", "", "utf-8", b"", "UTF-8, ';' separated"),
        (";", "", "utf-8", codecs.BOM_UTF8, "UTF-8 with BOM, ';' separated"),
        (";", "", "cp1252", b"", "Windows-1252, ';' separated"),
        (",", '"', "utf-8", b"", "UTF-8, ',' separated"),
        (",", '"', "cp1252", b"", "Windows-1252, ',' separated"),
        ("\t", "", "utf-8", codecs.BOM_UTF8, "UTF-8 with BOM, tab separated"),
        ("|", "", "utf-8", b"", "UTF-8, '|' separated"),
    ],
)
@pytest.mark.usefixtures("english")
def test_each_dutch_csv_dialect_is_recognised(
    tmp_path: Path, delimiter: str, quote: str, encoding: str, bom: bytes, label: str
) -> None:
    path = tmp_path / "ledger.csv"
    text = LEDGER.format(d=delimiter, q=quote).replace("\n", "\r\n")
    path.write_bytes(bom + text.encode(encoding))
    facts = inspect_file(path)
    assert detect_layout(facts, "ledger").describe(facts) == label
    assert _ledger_rows(path) == [
        ("B1", 71245, "Huur maart - café".encode(encoding, "replace").decode(encoding)),
        ("B2", -71245, "Betaling"),
    ]


def test_an_excel_sep_line_is_honoured(tmp_path: Path) -> None:
    path = tmp_path / "l.csv"
    path.write_text("sep=,\n" + LEDGER.format(d=",", q='"'))
    assert [r[1] for r in _ledger_rows(path)] == [71245, -71245]


def test_a_missing_required_column_is_a_problem_on_the_header_line(tmp_path: Path) -> None:
    path = tmp_path / "l.csv"
    path.write_text("boekingsnummer;contractnummer;boekdatum;bedrag\nB1;HO1;01-03-2026;5\n")
    with pytest.raises(ImportProblem) as exc:
        detect_layout(inspect_file(path), "ledger")
    assert (exc.value.line, exc.value.field) == (1, "soort")


def test_the_kind_of_erp_export_is_recognised_from_its_header(examples: Path) -> None:
    for kind in ("households", "tenancies", "ledger"):
        assert guess_kind(inspect_file(examples / f"{kind}.csv")) == kind


def test_a_bad_tenancy_line_names_every_bad_field(tmp_path: Path, examples: Path) -> None:
    facts = inspect_file(examples / "tenancies.csv")
    layout = detect_layout(facts, "tenancies")
    cells = next(iter(read_rows(examples / "tenancies.csv", facts, layout)))[1]
    cells[layout.columns["postcode"]] = "12345"
    cells[layout.columns["ibans"]] = "NL91ABNA0417164301"
    cells[layout.columns["neighbourhood_code"]] = "Centrum"
    with pytest.raises(RowProblems) as exc:
        parse_tenancy_row(2, cells, layout)
    assert {p.field for p in exc.value.problems} == {"postcode", "iban", "buurtcode"}
    assert all(p.line == 2 for p in exc.value.problems)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.binary(max_size=400))
def test_malformed_csv_bytes_give_problems_never_crashes(tmp_path: Path, body: bytes) -> None:
    path = tmp_path / "fuzz.csv"
    path.write_bytes(b"boekingsnummer;contractnummer;boekdatum;soort;bedrag\n" + body)
    facts = inspect_file(path)
    layout = detect_layout(facts, "ledger")
    parse = LedgerRowParser(layout)
    rows, problems, failure = [], [], None
    try:
        for line, cells in read_rows(path, facts, layout):
            try:
                rows.append(parse(line, cells))
            except RowProblems as exc:
                assert all(p.line == line and p.message for p in exc.problems)
                problems.extend(p.as_dict() for p in exc.problems)
    except ImportProblem as problem:
        assert problem.line >= 1
        failure = problem.as_dict()
    # the importer's one-loop fast path reads the same rows, problems and failure
    fast, sink, fast_failure = [], Problems(), None
    try:
        fast.extend(read_ledger_rows(path, facts, layout, sink))
    except ImportProblem as problem:
        fast_failure = problem.as_dict()
    assert (fast, [p.as_dict() for p in sink.shown], fast_failure) == (
        rows,
        problems[:SHOWN_PROBLEMS],
        failure,
    )


@given(
    rows=st.lists(
        st.tuples(
            st.text(alphabet="AB0123456789", min_size=1, max_size=12),
            st.integers(min_value=-(10**9), max_value=10**9),
            st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2030, 1, 1)),
            st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=30),
        ),
        min_size=1,
        max_size=20,
    ),
    delimiter=st.sampled_from([";", ","]),
)
@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_generated_ledger_files_read_back_exactly(
    tmp_path: Path, rows: list[tuple[str, int, dt.date, str]], delimiter: str
) -> None:
    import csv
    import io

    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter)
    w.writerow(["boekingsnummer", "contractnummer", "boekdatum", "soort", "bedrag", "omschrijving"])
    for ref, cents, day, text in rows:
        sign = "-" if cents < 0 else ""
        amount = f"{sign}{abs(cents) // 100},{abs(cents) % 100:02d}"
        w.writerow([ref, "HO1", day.strftime("%d-%m-%Y"), "PRO", amount, text.strip()])
    path = tmp_path / "gen.csv"
    path.write_text(buf.getvalue(), encoding="utf-8")
    got = _ledger_rows(path)
    assert [(g[0], g[1]) for g in got] == [(r[0], r[1]) for r in rows]


def test_codes_in_any_case_or_spacing_read_alike_on_every_line(tmp_path: Path) -> None:
    """The one-loop reader remembers each code cell as it stands in the file; the same cell
    later, written otherwise, or wrong (on every line it is on) reads as the row parser says."""
    header = (
        "boekingsnummer;contractnummer;boekdatum;soort;bedrag;betaalwijze;omschrijving;retourreden"
    )
    cells = [
        ("B1", "pro", "", ""),
        ("B2", " BAN", " inc", ""),
        ("B3", "ban ", "INC ", ""),
        ("B4", "sto", "inc", "am04"),
        ("B5", "STO", "Inc", " AM04 "),
        ("B6", "BAN", "XYZ", ""),
        ("B7", "BAN", "XYZ", ""),
        ("B8", "STO", "INC", "A1"),
        ("B9", "STO", "INC", "A1"),
        ("B10", "huh", "", ""),
        ("B11", "huh", "", ""),
        ("B12", "pro", "", ""),
    ]
    lines = [f"{b};HO1;01-03-2026;{d};5,00;{m};x;{r}" for b, d, m, r in cells]
    path = tmp_path / "codes.csv"
    path.write_text("\n".join([header, *lines]) + "\n", encoding="utf-8")
    facts = inspect_file(path)
    layout = detect_layout(facts, "ledger")
    parse = LedgerRowParser(layout)
    rows, problems = [], []
    for line, c in read_rows(path, facts, layout):
        try:
            rows.append(parse(line, c))
        except RowProblems as exc:
            problems.extend(p.as_dict() for p in exc.problems)
    sink = Problems()
    assert list(read_ledger_rows(path, facts, layout, sink)) == rows
    assert [p.as_dict() for p in sink.shown] == problems
    assert [(r[1], r[5], r[6], r[8], r[10]) for r in rows] == [
        ("B1", "PRO", "charge", "", ""),
        ("B2", "BAN", "payment", "INC", ""),
        ("B3", "BAN", "payment", "INC", ""),
        ("B4", "STO", "reversal", "INC", "AM04"),
        ("B5", "STO", "reversal", "INC", "AM04"),
        ("B12", "PRO", "charge", "", ""),
    ]
    assert [(p["line"], p["field"]) for p in problems] == [
        (7, "betaalwijze"),
        (8, "betaalwijze"),
        (9, "retourreden"),
        (10, "retourreden"),
        (11, "soort"),
        (12, "soort"),
    ]


# --- bank statements ---------------------------------------------------------------------------


def camt(version: str, entries: str, *, pty: bool = True, sts_code: bool = True) -> bytes:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.{version}">
<BkToCstmrStmt><GrpHdr><MsgId>M1</MsgId><CreDtTm>2026-04-03T06:00:00</CreDtTm></GrpHdr>
<Stmt><Id>S1</Id><Acct><Id><IBAN>NL63INGB0006666666</IBAN></Id></Acct>
{entries.replace("<Nm>", "<Pty><Nm>" if pty else "<Nm>").replace("</Nm>", "</Nm></Pty>" if pty else "</Nm>").replace("<Sts>BOOK</Sts>", "<Sts><Cd>BOOK</Cd></Sts>" if sts_code else "<Sts>BOOK</Sts>")}
</Stmt></BkToCstmrStmt></Document>""".encode()


CREDIT = """<Ntry><Amt Ccy="EUR">712.45</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>
<BookgDt><Dt>2026-04-02</Dt></BookgDt><AcctSvcrRef>R1</AcctSvcrRef>
<NtryDtls><TxDtls><RltdPties><Dbtr><Nm>J DE VRIES</Nm></Dbtr>
<DbtrAcct><Id><IBAN>NL91ABNA0417164300</IBAN></Id></DbtrAcct></RltdPties>
<RmtInf><Ustrd>huur 9100000011</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>"""
STORNO = """<Ntry><Amt Ccy="EUR">690.00</Amt><CdtDbtInd>DBIT</CdtDbtInd>{rvsl}<Sts>BOOK</Sts>
<BookgDt><Dt>2026-04-03</Dt></BookgDt>
<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>IDDT</Cd><SubFmlyCd>{sub}</SubFmlyCd></Fmly></Domn></BkTxCd>
<NtryDtls><TxDtls><RltdPties><Dbtr><Nm>P BAKKER</Nm></Dbtr>
<DbtrAcct><Id><IBAN>NL36INGB0007654321</IBAN></Id></DbtrAcct></RltdPties>{rtr}
</TxDtls></NtryDtls></Ntry>"""


@pytest.mark.parametrize(
    ("version", "pty", "sts_code"),
    [
        ("02", False, False),
        ("04", False, False),
        ("08", True, True),
        ("10", True, True),
        ("13", True, True),
    ],
)
def test_every_camt053_version_reads_the_same(version: str, pty: bool, sts_code: bool) -> None:
    label, entries = parse_camt053(camt(version, CREDIT, pty=pty, sts_code=sts_code))
    assert label == f"camt.053.001.{version}"
    (entry,) = entries
    assert entry.direction == Direction.PAYMENT
    assert (entry.amount_cents, entry.counterparty_name) == (71245, "J DE VRIES")
    assert entry.counterparty_iban == "NL91ABNA0417164300"
    assert entry.remittance == "huur 9100000011"
    assert entry.booked_on == dt.date(2026, 4, 2)


@pytest.mark.parametrize(
    ("rvsl", "sub", "rtr", "reason"),
    [
        ("<RvslInd>true</RvslInd>", "ESDD", "", ""),
        ("", "UPDD", "", ""),
        ("", "ESDD", "<RtrInf><Rsn><Cd>MD06</Cd></Rsn></RtrInf>", "MD06"),
        ("<RvslInd>true</RvslInd>", "UPDD", "<RtrInf><Rsn><Cd>AM04</Cd></Rsn></RtrInf>", "AM04"),
        ("", "UPDD", "<RtrInf><Rsn><Cd>MS02</Cd></Rsn></RtrInf>", "MS02"),
    ],
)
def test_a_reversed_direct_debit_in_camt_is_a_storno_with_its_reason(
    rvsl: str, sub: str, rtr: str, reason: str
) -> None:
    _, (entry,) = parse_camt053(camt("08", STORNO.format(rvsl=rvsl, sub=sub, rtr=rtr)))
    assert entry.direction == Direction.REVERSAL
    assert entry.return_reason == reason
    assert entry.counterparty_name == "P BAKKER"


def test_an_ordinary_outgoing_payment_is_not_a_storno() -> None:
    _, (entry,) = parse_camt053(camt("08", STORNO.format(rvsl="", sub="ESCT", rtr="")))
    assert entry.direction == Direction.OTHER


def test_the_example_camt_file_splits_its_batch_and_skips_pending(examples: Path) -> None:
    _, entries = parse_camt053((examples / "bank-camt053.xml").read_bytes())
    assert [e.amount_cents for e in entries] == [
        69000,
        54000,
        71245,
        64510,
        59800,
        25000,
        69000,
        4500,
    ]
    assert len({e.fingerprint for e in entries}) == len(entries)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (b"<Document><unclosed>", ""),
        (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>', "DOCTYPE"),
        (b'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.08"/>', "Document"),
        (b'<Document xmlns="urn:example"/>', "Document"),
    ],
)
def test_malformed_or_other_xml_is_refused(data: bytes, field: str) -> None:
    with pytest.raises(ImportProblem) as exc:
        parse_camt053(data)
    assert exc.value.field == field


def test_a_bad_amount_or_iban_in_camt_names_the_line() -> None:
    bad = CREDIT.replace("712.45", "71x").replace("NL91ABNA0417164300", "NL00BANK0000000000")
    with pytest.raises(RowProblems) as exc:
        parse_camt053(camt("08", bad))
    assert {p.field for p in exc.value.problems} == {"Amt"}
    with pytest.raises(RowProblems) as exc2:
        parse_camt053(camt("08", CREDIT.replace("NL91ABNA0417164300", "NL00BANK0000000000")))
    assert exc2.value.problems[0].field == "IBAN" and exc2.value.problems[0].line > 1


@settings(max_examples=60)
@given(st.binary(max_size=300))
def test_arbitrary_bytes_are_never_a_crash_in_the_camt_parser(data: bytes) -> None:
    with contextlib.suppress(ImportProblem, RowProblems):
        parse_camt053(b'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">' + data)


def test_dutch_mt940_details_are_split_into_their_fields() -> None:
    ing = "/EREF/E2E1//CNTP/NL91ABNA0417164300/ABNANL2A/J DE VRIES/DEVENTER/REMI/USTD//Huur mei/"
    assert dutch_details(ing) == {
        "EREF": "E2E1",
        "IBAN": "NL91ABNA0417164300",
        "NAME": "J DE VRIES",
        "REMI": "Huur mei",
    }
    abn = "/TRTP/SEPA OVERBOEKING/IBAN/NL44RABO0123456789/BIC/RABONL2U/NAME/F EL AMRANI/REMI/huur/EREF/NOTPROVIDED"
    assert dutch_details(abn)["NAME"] == "F EL AMRANI"
    strd = "/CNTP/NL91ABNA0417164300/ABNANL2A/J DE VRIES///REMI/STRD/CUR/9100000011/"
    assert dutch_details(strd)["STRD"] == "9100000011"
    assert dutch_details("0417164300 J DE VRIES HUUR") == {}


def test_the_example_mt940_file_reads_payments_a_storno_and_costs(examples: Path) -> None:
    entries = parse_mt940((examples / "bank-mt940.sta").read_text())
    assert [e.direction for e in entries] == ["payment"] * 4 + ["reversal", "other"]
    storno = entries[4]
    assert (storno.return_reason, storno.counterparty_iban) == ("MD06", "NL20INGB0001234567")
    assert entries[0].remittance == "Huur mei 9100 0000 11"
    assert entries[0].line == 5


MT940_DEBIT = """:20:S1
:25:NL63INGB0006666666
:28C:1/1
:60F:C260501EUR1000,00
:61:2605060506D540,00NDDTNONREF//X1
:86:/TRTP/SEPA INCASSO STORNO/IBAN/NL20INGB0001234567/BIC/INGBNL2A/NAME/A YILMAZ/RTRN/{code}/REMI/huur
:62F:C260506EUR460,00
"""


@pytest.mark.parametrize("code", ["AM04", "MS02", "MD06"])
def test_an_mt940_debit_with_a_return_code_is_a_storno(code: str) -> None:
    (entry,) = parse_mt940(MT940_DEBIT.format(code=code))
    assert (entry.direction, entry.return_reason) == ("reversal", code)


@settings(max_examples=60)
@given(st.text(max_size=300))
def test_arbitrary_text_is_never_a_crash_in_the_mt940_parser(text: str) -> None:
    with contextlib.suppress(ImportProblem, RowProblems):
        parse_mt940(":20:X\n:25:NL63INGB0006666666\n:60F:C260501EUR1,00\n" + text)


def test_bank_formats_are_told_apart_by_content(examples: Path) -> None:
    assert bank_format((examples / "bank-camt053.xml").read_bytes()[:4096]) == "camt053"
    assert bank_format((examples / "bank-mt940.sta").read_bytes()[:4096]) == "mt940"
    assert bank_format((examples / "ledger.csv").read_bytes()[:4096]) is None
