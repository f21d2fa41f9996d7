"""CSV exports from the ERP (Tobias AX, ViewPoint, Empire): households, tenancies, ledger.

The dialect is detected, not asked: encoding by :func:`base.inspect_file`, the separator by
``csv.Sniffer`` checked against the known headers (``;`` as Dutch Excel writes, ``,``, tab or
``|``), amounts with a decimal comma or point. Rows come out as typed dataclasses; a bad line
raises :class:`RowProblems` with every bad field of that line.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Final

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from verbinding.imports.outcome import Problems
from verbinding.imports.parsers.base import (
    FileFacts,
    ImportProblem,
    RowProblems,
    parse_cents,
    parse_date,
    valid_iban,
)
from verbinding.imports.parsers.columns import COLUMNS_BY_KIND, header_index, normalise_header
from verbinding.vera import codes

DELIMITERS = ";,\t|"
DELIMITER_NAMES = {";": "';'", ",": "','", "|": "'|'"}


@dataclass(frozen=True)
class CsvLayout:
    delimiter: str
    quotechar: str
    columns: dict[str, int]  # column key → position
    skip_lines: int  # lines before the header (an Excel "sep=;" line)

    def describe(self, facts: FileFacts) -> str:
        separator = DELIMITER_NAMES.get(self.delimiter) or _("tab")
        return _("%(encoding)s, %(separator)s separated") % {
            "encoding": facts.encoding_label,
            "separator": separator,
        }


def _first_lines(facts: FileFacts) -> list[str]:
    text = facts.head.decode(facts.encoding, errors="replace").lstrip("\ufeff")
    return text.splitlines()[:50]


def detect_layout(facts: FileFacts, kind: str) -> CsvLayout:
    """Find the separator and the header positions; missing required columns are line-1 errors."""
    lines = _first_lines(facts)
    skip = 0
    forced = None
    if lines and lines[0].lower().startswith("sep=") and len(lines[0]) >= 5:
        forced, skip = lines[0][4], 1
        lines = lines[1:]
    if not lines or not lines[0].strip():
        raise ImportProblem(1 + skip, "", _("the file is empty or has no header line"))
    known = header_index(COLUMNS_BY_KIND[kind])
    candidates = [forced] if forced else list(DELIMITERS)
    quotechar = '"'
    if not forced:
        try:
            sniffed = csv.Sniffer().sniff("\n".join(lines[:20]), delimiters=DELIMITERS)
            candidates.remove(sniffed.delimiter)
            candidates.insert(0, sniffed.delimiter)
            quotechar = sniffed.quotechar or '"'
        except csv.Error:
            pass

    def score(delim: str) -> int:
        cells = next(csv.reader([lines[0]], delimiter=delim, quotechar=quotechar))
        return sum(1 for c in cells if normalise_header(c) in known)

    delimiter = max(candidates, key=score)  # stable: the sniffed one wins ties
    header = next(csv.reader([lines[0]], delimiter=delimiter, quotechar=quotechar))
    positions: dict[str, int] = {}
    for pos, cell in enumerate(header):
        key = known.get(normalise_header(cell))
        if key and key not in positions:
            positions[key] = pos
    missing = [c.header for c in COLUMNS_BY_KIND[kind] if c.required and c.key not in positions]
    if missing:
        message = ngettext(
            "required column missing from the header line",
            "required columns missing from the header line",
            len(missing),
        )
        raise ImportProblem(1 + skip, ", ".join(missing), message)
    return CsvLayout(delimiter, quotechar, positions, skip)


def guess_kind(facts: FileFacts) -> str | None:
    """Which ERP export this is, from its header line (``None`` if none fits)."""
    lines = [ln for ln in _first_lines(facts) if not ln.lower().startswith("sep=")]
    if not lines:
        return None
    best, best_score = None, 0
    for kind, columns in COLUMNS_BY_KIND.items():
        known = header_index(columns)
        required = {c.key for c in columns if c.required}
        for delim in DELIMITERS:
            keys = {known.get(normalise_header(c)) for c in lines[0].split(delim)}
            if required <= keys and len(required) > best_score:
                best, best_score = kind, len(required)
    return best


def read_rows(
    path: Path, facts: FileFacts, layout: CsvLayout, on_line: Callable[[int], None] | None = None
) -> Iterator[tuple[int, list[str]]]:
    """Stream ``(line number, cells)`` after the header, skipping empty lines."""
    text, reader = _open(path, facts, layout)
    try:
        for cells in reader:
            if on_line is not None:
                on_line(reader.line_num)
            if not any(cells) or (len(cells) == 1 and not cells[0].strip()):
                continue
            yield reader.line_num, cells
    except (csv.Error, UnicodeDecodeError) as exc:
        raise _unreadable(exc, reader, facts) from None
    finally:
        text.close()


def _open(path: Path, facts: FileFacts, layout: CsvLayout) -> tuple[IO[str], Any]:
    """The file as text and a CSV reader past its header."""
    raw: IO[bytes] = path.open("rb")
    text = io.TextIOWrapper(raw, encoding=facts.encoding, newline="")
    reader = csv.reader(text, delimiter=layout.delimiter, quotechar=layout.quotechar)
    try:
        for _skipped in range(layout.skip_lines + 1):
            next(reader, None)
    except (csv.Error, UnicodeDecodeError) as exc:
        text.close()
        raise _unreadable(exc, reader, facts) from None
    return text, reader


def _unreadable(exc: Exception, reader: Any, facts: FileFacts) -> ImportProblem:
    if isinstance(exc, UnicodeDecodeError):
        return ImportProblem(
            reader.line_num + 1,
            "",
            _("unreadable character (the file is not %(encoding)s)")
            % {"encoding": facts.encoding_label},
        )
    return ImportProblem(reader.line_num, "", _("unreadable CSV: %(error)s") % {"error": exc})


class _Cells:
    """Typed access to one line's cells, collecting a problem per bad field."""

    def __init__(self, line: int, cells: list[str], columns: dict[str, int], kind: str) -> None:
        self.line, self.cells, self.columns = line, cells, columns
        self.headers = {c.key: c.header for c in COLUMNS_BY_KIND[kind]}
        self.problems: list[ImportProblem] = []

    def problem(self, key: str, message: str) -> None:
        self.problems.append(ImportProblem(self.line, self.headers.get(key, key), message))

    def text(self, key: str, *, required: bool = False, max_length: int = 200) -> str:
        pos = self.columns.get(key)
        value = self.cells[pos].strip() if pos is not None and pos < len(self.cells) else ""
        if required and not value:
            self.problem(key, _("is empty"))
        elif len(value) > max_length:
            self.problem(key, _("longer than %(max)s characters") % {"max": max_length})
            value = value[:max_length]
        return value

    def date(self, key: str, *, required: bool = False) -> dt.date | None:
        value = self.text(key, required=required)
        if not value:
            return None
        try:
            return parse_date(value)
        except ValueError as exc:
            self.problem(key, str(exc))
            return None

    def cents(self, key: str, *, required: bool = False) -> int:
        value = self.text(key, required=required)
        if not value:
            return 0
        try:
            return parse_cents(value)
        except ValueError as exc:
            self.problem(key, str(exc))
            return 0

    def code(self, key: str, allowed: tuple[str, ...] | list[str], *, default: str = "") -> str:
        value = self.text(key).upper()
        if not value:
            return default
        if value not in allowed:
            self.problem(
                key,
                _("unknown code %(value)s; expected one of %(allowed)s")
                % {"value": repr(value), "allowed": ", ".join(allowed)},
            )
        return value

    def done(self) -> None:
        if self.problems:
            raise RowProblems(self.problems)


# --- households ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class HouseholdRow:
    line: int
    household_number: str
    household_name: str
    role: str
    initials: str
    first_name: str
    surname_prefix: str
    surname: str
    birth_date: dt.date | None
    phone: str
    email: str
    language: str
    preferred_channel: str
    member_from: dt.date | None
    member_until: dt.date | None


_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def parse_household_row(line: int, cells: list[str], layout: CsvLayout) -> HouseholdRow:
    c = _Cells(line, cells, layout.columns, "households")
    email = c.text("email", max_length=254)
    if email and not _EMAIL.match(email):
        c.problem("email", _("not an e-mail address: %(value)s") % {"value": repr(email)})
    row = HouseholdRow(
        line=line,
        household_number=c.text("household_number", required=True, max_length=40),
        household_name=c.text("household_name", required=True, max_length=150),
        role=c.code("role", codes.HOUSEHOLD_MEMBER_ROLES, default="HUU"),
        initials=c.text("initials", max_length=20),
        first_name=c.text("first_name", max_length=100),
        surname_prefix=c.text("surname_prefix", max_length=20),
        surname=c.text("surname", required=True, max_length=100),
        birth_date=c.date("birth_date"),
        phone=c.text("phone", max_length=30),
        email=email,
        language=c.text("language", max_length=10).lower(),
        preferred_channel=c.code("preferred_channel", codes.CommunicatieKanaal.values),
        member_from=c.date("member_from"),
        member_until=c.date("member_until"),
    )
    if row.member_from and row.member_until and row.member_until < row.member_from:
        c.problem("member_until", _("is before %(column)s") % {"column": "lid_vanaf"})
    c.done()
    return row


# --- tenancies ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TenancyRow:
    line: int
    contract_number: str
    household_number: str
    unit_number: str
    street: str
    house_number: int
    house_letter: str
    addition: str
    postcode: str
    city: str
    neighbourhood_code: str
    start_date: dt.date
    end_date: dt.date | None
    rent_cents: int
    payment_reference: str
    payment_method: str
    status: str
    ibans: tuple[str, ...]
    holder_name: str


_POSTCODE = re.compile(r"^([1-9]\d{3})\s?([A-Za-z]{2})$")
_NEIGHBOURHOOD = re.compile(r"^BU\d{8}$")


def parse_tenancy_row(line: int, cells: list[str], layout: CsvLayout) -> TenancyRow:
    c = _Cells(line, cells, layout.columns, "tenancies")
    number_text = c.text("house_number", required=True)
    house_number = 0
    if number_text:
        if number_text.isdigit() and 0 < int(number_text) < 100000:
            house_number = int(number_text)
        else:
            c.problem(
                "house_number", _("not a house number: %(value)s") % {"value": repr(number_text)}
            )
    letter = c.text("house_letter")
    if len(letter) > 1 or (letter and not letter.isalpha()):
        c.problem("house_letter", _("one letter expected, got %(value)s") % {"value": repr(letter)})
    postcode_text = c.text("postcode", required=True)
    postcode = ""
    if postcode_text:
        m = _POSTCODE.match(postcode_text)
        if m:
            postcode = f"{m.group(1)}{m.group(2).upper()}"
        else:
            c.problem(
                "postcode", _("not a Dutch postcode: %(value)s") % {"value": repr(postcode_text)}
            )
    buurt = c.text("neighbourhood_code", required=True).upper()
    if buurt and not _NEIGHBOURHOOD.match(buurt):
        c.problem(
            "neighbourhood_code",
            _("not a CBS buurtcode (BU + 8 digits): %(value)s") % {"value": repr(buurt)},
        )
    rent = c.cents("rent", required=True)
    if rent < 0:
        c.problem("rent", _("is negative"))
    ibans: list[str] = []
    for part in re.split(r"[\s|,]+", c.text("ibans", max_length=400)):
        if part:
            try:
                ibans.append(valid_iban(part))
            except ValueError as exc:
                c.problem("ibans", str(exc))
    start = c.date("start_date", required=True)
    end = c.date("end_date")
    if start and end and end < start:
        c.problem("end_date", _("is before %(column)s") % {"column": "ingangsdatum"})
    reference = c.text("payment_reference", required=True, max_length=40).replace(" ", "")
    row = TenancyRow(
        line=line,
        contract_number=c.text("contract_number", required=True, max_length=40),
        household_number=c.text("household_number", required=True, max_length=40),
        unit_number=c.text("unit_number", required=True, max_length=40),
        street=c.text("street", required=True, max_length=100),
        house_number=house_number,
        house_letter=letter[:1].upper(),
        addition=c.text("addition", max_length=10),
        postcode=postcode,
        city=c.text("city", required=True, max_length=100),
        neighbourhood_code=buurt,
        start_date=start or dt.date.min,
        end_date=end,
        rent_cents=rent,
        payment_reference=reference,
        payment_method=c.code("payment_method", codes.BetaalwijzeSoort.values, default="INC"),
        status=c.code("status", codes.OvereenkomstStatus.values, default="LOP"),
        ibans=tuple(dict.fromkeys(ibans)),
        holder_name=c.text("holder_name", max_length=140),
    )
    c.done()
    return row


# --- ledger -------------------------------------------------------------------------------------

DETAIL_KIND: dict[str, str] = {
    "PRO": "charge",
    "AAN": "charge",
    "BAN": "payment",
    "BRT": "payment",
    "STO": "reversal",
    "CRE": "correction",
    "AFB": "correction",
    "TER": "correction",
}
RETURN_REASON = re.compile(r"^[A-Z]{2}\d{2}$")


# The ledger fast path yields plain tuples (a NamedTuple or dataclass costs ~1 µs a line, which
# is a third of the whole budget at millions of lines). Field positions:
# (line, booking number, contract number, date, date as ISO text, detail code, EntryKind value,
#  amount in cents, payment method, description, return reason)
LedgerRow = tuple[int, str, str, dt.date, str, str, str, int, str, str, str]
LINE: Final = 0
BOOKING: Final = 1
CONTRACT: Final = 2
DATE: Final = 3
DATE_ISO: Final = 4
DETAIL: Final = 5
KIND: Final = 6
AMOUNT: Final = 7
METHOD: Final = 8
DESCRIPTION: Final = 9
REASON: Final = 10


class LedgerRowParser:
    """Fast path for millions of lines: positions looked up once, cached date parsing."""

    def __init__(self, layout: CsvLayout) -> None:
        cols = layout.columns
        self.layout = layout
        self.i_ref = cols["booking_number"]
        self.i_contract = cols["contract_number"]
        self.i_date = cols["booked_on"]
        self.i_detail = cols["detail"]
        self.i_amount = cols["amount"]
        self.i_method = cols.get("method")
        self.i_desc = cols.get("description")
        self.i_reason = cols.get("return_reason")
        self.width = max(cols.values()) + 1
        self.methods = frozenset(codes.BetaalwijzeSoort.values)
        self.dates: dict[str, tuple[dt.date, str]] = {}
        self.amounts: dict[str, int] = {}

    def __call__(self, line: int, cells: list[str]) -> LedgerRow:
        if len(cells) < self.width:
            cells = cells + [""] * (self.width - len(cells))
        try:
            ref = cells[self.i_ref].strip()
            contract = cells[self.i_contract].strip()
            date_text = cells[self.i_date]
            day = self.dates.get(date_text)
            if day is None:
                parsed = parse_date(date_text)
                day = self.dates[date_text] = (parsed, parsed.isoformat())
            detail = cells[self.i_detail].strip().upper()
            kind = DETAIL_KIND[detail]
            amount_text = cells[self.i_amount]
            amount = self.amounts.get(amount_text)
            if amount is None:
                amount = parse_cents(amount_text)
                if len(self.amounts) < 100_000:
                    self.amounts[amount_text] = amount
            method = cells[self.i_method].strip().upper() if self.i_method is not None else ""
            desc = cells[self.i_desc].strip() if self.i_desc is not None else ""
            reason = cells[self.i_reason].strip().upper() if self.i_reason is not None else ""
            if not ref or not contract or len(ref) > 76 or len(desc) > 200:
                raise ValueError
            if (method and method not in self.methods) or (
                reason and not RETURN_REASON.match(reason)
            ):
                raise ValueError
        except (ValueError, KeyError):
            self.explain(line, cells)  # slow path: say exactly what is wrong
            raise AssertionError("unreachable") from None
        return (line, ref, contract, day[0], day[1], detail, kind, amount, method, desc, reason)

    def explain(self, line: int, cells: list[str]) -> None:
        """Raise :class:`RowProblems` saying exactly what is wrong with a line."""
        c = _Cells(line, cells, self.layout.columns, "ledger")
        ref = c.text("booking_number", required=True, max_length=76)
        c.text("contract_number", required=True, max_length=40)
        c.date("booked_on", required=True)
        c.code("detail", list(DETAIL_KIND))
        if not c.text("detail"):
            c.problem("detail", _("is empty"))
        c.cents("amount", required=True)
        c.code("method", codes.BetaalwijzeSoort.values)
        c.text("description", max_length=200)
        reason = c.text("return_reason").upper()
        if reason and not RETURN_REASON.match(reason):
            c.problem(
                "return_reason",
                _("not a SEPA reason code (like AM04): %(value)s") % {"value": repr(reason)},
            )
        if not c.problems and not ref:
            c.problem("booking_number", _("is empty"))
        c.done()
        raise RowProblems([ImportProblem(line, "", _("unreadable line"))])


def read_ledger_rows(
    path: Path,
    facts: FileFacts,
    layout: CsvLayout,
    problems: Problems,
    on_line: Callable[[int], None] | None = None,
) -> Iterator[LedgerRow]:
    """:func:`read_rows` and :class:`LedgerRowParser` in one loop, for millions of lines: the
    same rows, lines skipped and problems (added to ``problems``), with no call per line.

    Keep the fast path in step with ``LedgerRowParser.__call__`` (the parser tests run both)."""
    parser = LedgerRowParser(layout)
    i_ref, i_contract, i_date, i_detail = (
        parser.i_ref,
        parser.i_contract,
        parser.i_date,
        parser.i_detail,
    )
    i_amount, i_method, i_desc, i_reason = (
        parser.i_amount,
        parser.i_method,
        parser.i_desc,
        parser.i_reason,
    )
    width, methods, dates, amounts = parser.width, parser.methods, parser.dates, parser.amounts
    kinds, reason_ok = DETAIL_KIND, RETURN_REASON.match
    # A cell as it stands in the file → its checked value: a handful of different codes in
    # millions of lines, so one dict lookup instead of strip, upper and a check per line.
    details: dict[str, tuple[str, str]] = {}  # detail cell → (detail code, EntryKind value)
    method_codes: dict[str, str] = {}
    reason_codes: dict[str, str] = {}
    text, reader = _open(path, facts, layout)
    try:
        for cells in reader:
            line = reader.line_num
            if on_line is not None:
                on_line(line)
            if len(cells) < width:
                if not any(cells) or (len(cells) == 1 and not cells[0].strip()):
                    continue
                cells = cells + [""] * (width - len(cells))
            elif not cells[0] and not any(cells):
                continue
            try:
                ref = cells[i_ref].strip()
                contract = cells[i_contract].strip()
                date_text = cells[i_date]
                day = dates.get(date_text)
                if day is None:
                    parsed = parse_date(date_text)
                    day = dates[date_text] = (parsed, parsed.isoformat())
                coded = details.get(cells[i_detail])
                if coded is None:
                    detail = cells[i_detail].strip().upper()
                    coded = (detail, kinds[detail])
                    if len(details) < 1000:
                        details[cells[i_detail]] = coded
                detail, kind = coded
                amount_text = cells[i_amount]
                amount = amounts.get(amount_text)
                if amount is None:
                    amount = parse_cents(amount_text)
                    if len(amounts) < 100_000:
                        amounts[amount_text] = amount
                method = method_codes.get(cells[i_method]) if i_method is not None else ""
                if method is None:
                    method = cells[i_method].strip().upper()  # type: ignore[index]
                    if method and method not in methods:
                        raise ValueError
                    if len(method_codes) < 1000:
                        method_codes[cells[i_method]] = method  # type: ignore[index]
                reason = reason_codes.get(cells[i_reason]) if i_reason is not None else ""
                if reason is None:
                    reason = cells[i_reason].strip().upper()  # type: ignore[index]
                    if reason and not reason_ok(reason):
                        raise ValueError
                    if len(reason_codes) < 1000:
                        reason_codes[cells[i_reason]] = reason  # type: ignore[index]
                desc = cells[i_desc].strip() if i_desc is not None else ""
                if not ref or not contract or len(ref) > 76 or len(desc) > 200:
                    raise ValueError
            except (ValueError, KeyError):
                try:
                    parser.explain(line, cells)
                except RowProblems as exc:
                    problems.extend(exc.problems)
                continue
            yield (line, ref, contract, day[0], day[1], detail, kind, amount, method, desc, reason)
    except (csv.Error, UnicodeDecodeError) as exc:
        raise _unreadable(exc, reader, facts) from None
    finally:
        text.close()
