"""Bulk items (VERA JSON) → the rows the CSV importers parse, so an API upsert is validated and
written by exactly the same code as a file import; problems come back as JSON pointers.

Each item becomes a list of cells in a fixed layout and goes through the CSV row parser (same
checks, same Dutch messages); the problem's column is mapped back to the item's field.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from verbinding.api.problems import BulkRejected
from verbinding.imports.outcome import Problems
from verbinding.imports.parsers.base import ImportProblem, RowProblems
from verbinding.imports.parsers.columns import COLUMNS_BY_KIND
from verbinding.imports.parsers.csv_erp import (
    CsvLayout,
    HouseholdRow,
    LedgerRow,
    LedgerRowParser,
    TenancyRow,
    parse_household_row,
    parse_tenancy_row,
)

# column key → path in the item (a tuple of keys; "*0" takes the first element of a list)
TENANCY_FIELDS: dict[str, tuple[str, ...]] = {
    "contract_number": ("idExtern",),
    "household_number": ("vb_huishouden", "idExtern"),
    "unit_number": ("eenheden", "*0", "idExtern"),
    "street": ("eenheden", "*0", "straatnaam"),
    "house_number": ("eenheden", "*0", "huisnummer"),
    "house_letter": ("eenheden", "*0", "huisletter"),
    "addition": ("eenheden", "*0", "huisnummerToevoeging"),
    "postcode": ("eenheden", "*0", "postcode"),
    "city": ("eenheden", "*0", "woonplaats"),
    "neighbourhood_code": ("eenheden", "*0", "buurtcode"),
    "start_date": ("begindatum",),
    "end_date": ("einddatum",),
    "rent": ("brutohuur",),
    "payment_reference": ("vb_betalingskenmerk",),
    "payment_method": ("betaalwijze",),
    "status": ("status",),
    "ibans": ("betaalgegevens",),
    "holder_name": ("betaalgegevens",),
}
HOUSEHOLD_FIELDS: dict[str, tuple[str, ...]] = {
    "household_number": ("idExtern",),
    "household_name": ("naam",),
    "preferred_channel": ("vb_voorkeurskanaal",),
}
MEMBER_FIELDS: dict[str, tuple[str, ...]] = {
    "role": ("rol",),
    "initials": ("voorletters",),
    "first_name": ("voornaam",),
    "surname_prefix": ("tussenvoegsels",),
    "surname": ("achternaam",),
    "birth_date": ("geboortedatum",),
    "phone": ("vb_telefoon",),
    "email": ("vb_email",),
    "language": ("voorkeurstaal",),
    "member_from": ("begindatum",),
    "member_until": ("einddatum",),
}
LEDGER_FIELDS: dict[str, tuple[str, ...]] = {
    "booking_number": ("idExtern",),
    "contract_number": ("overeenkomst", "idExtern"),
    "booked_on": ("boekdatum",),
    "detail": ("detailSoort",),
    "amount": ("bedrag",),
    "method": ("betaalwijze",),
    "description": ("omschrijving",),
    "return_reason": ("vb_retourreden",),
}


def _layout(keys: list[str]) -> CsvLayout:
    return CsvLayout(";", '"', {k: i for i, k in enumerate(keys)}, 0)


class WrongType(ValueError):
    pass


def _get(item: Any, path: tuple[str, ...]) -> Any:
    value = item
    for step in path:
        if value is None:
            return None
        if step == "*0":
            if not isinstance(value, list):
                raise WrongType("a list")
            value = value[0] if value else None
        else:
            if not isinstance(value, dict):
                raise WrongType("an object")
            value = value.get(step)
    return value


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict) and set(value) <= {"code", "naam"}:  # a VERA code
        value = value.get("code")
        if value is None:
            return ""
    if isinstance(value, bool | dict | list):
        raise WrongType("a string or a number")
    if isinstance(value, float):
        return str(Decimal(str(value)))
    return str(value)


def _pointer(index: int, path: tuple[str, ...], prefix: tuple[str | int, ...] = ()) -> str:
    parts = [str(index), *map(str, prefix), *("0" if p == "*0" else p for p in path)]
    return "/" + "/".join(parts)


class _Errors:
    """Problems keyed by synthetic line numbers, mapped back to item pointers."""

    def __init__(self, kind: str, fields: dict[str, tuple[str, ...]] | None = None) -> None:
        self.fields = fields or {}  # of a line not registered with line(): item = line - 1
        self.by_header = {c.header: c.key for c in COLUMNS_BY_KIND[kind]}
        self.where: dict[int, tuple[int, dict[str, tuple[str, ...]], tuple[str | int, ...]]] = {}
        self.errors: list[dict[str, Any]] = []

    def line(
        self,
        line: int,
        index: int,
        fields: dict[str, tuple[str, ...]],
        prefix: tuple[str | int, ...] = (),
    ) -> None:
        self.where[line] = (index, fields, prefix)

    def add(self, index: int, pointer: str, detail: str) -> None:
        self.errors.append({"index": index, "pointer": pointer, "detail": detail})

    def problem(self, p: ImportProblem) -> None:
        index, fields, prefix = self.where.get(p.line, (p.line - 1, self.fields, ()))
        key = self.by_header.get(p.field, p.field)
        path = fields.get(key)
        pointer = _pointer(index, path, prefix) if path else f"/{index}"
        self.add(index, pointer, str(p.message))

    def from_problems(self, problems: Problems) -> None:
        """The writer's problems (not the parse markers this module added itself)."""
        for p in problems.shown:
            if p.message not in ("wrong type", "parsed"):
                self.problem(p)


def _cells(
    item: Any,
    index: int,
    fields: dict[str, tuple[str, ...]],
    keys: list[str],
    errors: _Errors,
    prefix: tuple[str | int, ...] = (),
) -> list[str] | None:
    if not isinstance(item, dict):
        errors.add(index, _pointer(index, (), prefix), "An object expected.")
        return None
    cells: list[str] = []
    ok = True
    for key in keys:
        path = fields.get(key)
        try:
            if key in ("ibans", "holder_name"):
                cells.append(_iban_cell(item.get("betaalgegevens"), key))
                continue
            cells.append(_cell(_get(item, path)) if path else "")
        except WrongType as exc:
            errors.add(index, _pointer(index, path or (), prefix), f"Should be {exc}.")
            cells.append("")
            ok = False
    return cells if ok else None


def _iban_cell(value: Any, key: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise WrongType("a list of objects")
    if key == "ibans":
        return " ".join(_cell(v.get("iban")) for v in value)
    return next((_cell(v.get("rekeninghouder")) for v in value if v.get("rekeninghouder")), "")


def check_list(items: Any, limit: int) -> list[Any]:
    message = ""
    if not isinstance(items, list):
        message = "A JSON array of items expected."
    elif not items:
        message = "The array is empty."
    elif len(items) > limit:
        message = f"At most {limit} items per request."
    if message:
        raise BulkRejected([{"pointer": "/", "detail": message}], message)
    return items


class BulkProblems(Exception):
    """Item problems before anything is written (types, formats, codes)."""

    def __init__(self, errors: list[dict[str, Any]]) -> None:
        super().__init__(f"{len(errors)} problem(s)")
        self.errors = errors


def tenancy_rows(items: list[Any]) -> tuple[list[TenancyRow], _Errors]:
    keys = [c.key for c in COLUMNS_BY_KIND["tenancies"]]
    layout = _layout(keys)
    errors = _Errors("tenancies")
    rows: list[TenancyRow] = []
    for index, item in enumerate(items):
        line = index + 1
        errors.line(line, index, TENANCY_FIELDS)
        cells = _cells(item, index, TENANCY_FIELDS, keys, errors)
        if cells is None:
            continue
        if isinstance(item.get("eenheden"), list) and len(item["eenheden"]) != 1:
            errors.add(index, f"/{index}/eenheden", "Exactly one eenheid per huurovereenkomst.")
            continue
        try:
            rows.append(parse_tenancy_row(line, cells, layout))
        except RowProblems as exc:
            for p in exc.problems:
                errors.problem(p)
    return rows, errors


def household_rows(items: list[Any]) -> tuple[list[HouseholdRow], _Errors]:
    keys = [c.key for c in COLUMNS_BY_KIND["households"]]
    layout = _layout(keys)
    errors = _Errors("households")
    rows: list[HouseholdRow] = []
    line = 0
    for index, item in enumerate(items):
        head = _cells(item, index, HOUSEHOLD_FIELDS, keys, errors)
        if head is None:
            continue
        members = item.get("relaties")
        if not isinstance(members, list) or not members:
            errors.add(index, f"/{index}/relaties", "At least one person (relatie) expected.")
            continue
        for j, member in enumerate(members):
            line += 1
            prefix: tuple[str | int, ...] = ("relaties", j)
            errors.line(line, index, MEMBER_FIELDS, prefix)
            cells = _cells(member, index, MEMBER_FIELDS, keys, errors, prefix)
            if cells is None:
                continue
            merged = [m or h for m, h in zip(cells, head, strict=True)]
            try:
                rows.append(parse_household_row(line, merged, layout))
            except RowProblems as exc:
                for p in exc.problems:
                    if p.field in ("huishoudnummer", "huishoudnaam", "voorkeurskanaal"):
                        errors.line(line, index, HOUSEHOLD_FIELDS)
                    errors.problem(p)
                    errors.line(line, index, MEMBER_FIELDS, prefix)
    return rows, errors


def _text(value: Any) -> str | None:
    """A cell from a plain string or a VERA code of one (None: not that simple)."""
    if value is None:
        return ""
    if type(value) is str:
        return value
    if type(value) is dict and len(value) <= 2 and set(value) <= {"code", "naam"}:
        code = value.get("code")
        return "" if code is None else code if type(code) is str else None
    return None


class LedgerCells:
    """Bookings straight to the CSV row parser's cells (in ``LEDGER_FIELDS`` order), without the
    generic walk of ``_cells``: the same strings ``_cells`` makes, for the well-formed items of
    an ERP. Anything else (a wrong type, a missing object) is None: that item takes ``_cells``,
    which names the problem exactly as before."""

    def __init__(self) -> None:
        self.amounts: dict[float | int, str] = {}

    def __call__(self, item: Any) -> list[str] | None:
        if type(item) is not dict:
            return None
        get = item.get
        agreement = get("overeenkomst")
        if agreement is None:
            contract: str | None = ""
        elif type(agreement) is dict:
            contract = _text(agreement.get("idExtern"))
        else:
            return None
        amount = get("bedrag")
        if amount is None:
            amount_text = ""
        elif type(amount) is float or type(amount) is int:
            amount_text = self.amounts.get(amount)  # type: ignore[assignment]
            if amount_text is None:
                amount_text = _cell(amount)
                if len(self.amounts) < 100_000:
                    self.amounts[amount] = amount_text
        elif type(amount) is str:
            amount_text = amount
        else:
            return None
        cells = [
            _text(get("idExtern")),
            contract,
            _text(get("boekdatum")),
            _text(get("detailSoort")),
            amount_text,
            _text(get("betaalwijze")),
            _text(get("omschrijving")),
            _text(get("vb_retourreden")),
        ]
        return None if None in cells else cells  # type: ignore[return-value]


LEDGER_KEYS = [c.key for c in COLUMNS_BY_KIND["ledger"]]
assert list(LEDGER_FIELDS) == LEDGER_KEYS, "LedgerCells follows LEDGER_FIELDS' order"


def ledger_rows(items: list[Any], errors: _Errors, problems: Problems) -> Iterator[LedgerRow]:
    """Parsed bookings; a bad item is recorded in ``errors`` and ``problems`` (which stops the
    ledger writer from writing anything more). Each item's cells go through the CSV importer's
    own row parser (same checks, same messages)."""
    parse = LedgerRowParser(_layout(LEDGER_KEYS))
    fast = LedgerCells()
    for index, item in enumerate(items):
        line = index + 1
        cells = fast(item)
        if cells is None:
            cells = _cells(item, index, LEDGER_FIELDS, LEDGER_KEYS, errors)
        if cells is None:
            problems.add(ImportProblem(line, "", "wrong type"))
            continue
        try:
            yield parse(line, cells)
        except RowProblems as exc:
            for p in exc.problems:
                errors.problem(p)
                problems.add(ImportProblem(line, "", "parsed"))


def ledger_errors() -> _Errors:
    return _Errors("ledger", LEDGER_FIELDS)


__all__ = [
    "BulkProblems",
    "check_list",
    "household_rows",
    "ledger_errors",
    "ledger_rows",
    "tenancy_rows",
]
