"""MT940 statements, parsed by the ``mt-940`` library; what Dutch banks add is handled here.

``mt-940`` reads the SWIFT tags (``:25:`` account, ``:28C:`` number, ``:60F:``/``:62F:``
balances, ``:61:`` entry, ``:86:`` details). What it cannot do, and this module does:

- the envelope around the tags: SWIFT blocks ``{1:...}{2:...}{3:...}{4:`` and ``-}{5:...}``
  (ING, Knab, de Volksbank), ABN AMRO's ``ABNANL2A / 940 / ABNANL2A`` lines, Rabobank's
  ``:940:``; several statements in one file;
- de Volksbank (ASN, SNS, RegioBank): the counterparty IBAN in the ``:61:`` reference and its
  name on the line after ``:61:`` (the library's ASN pattern, used when the standard one fails);
- Rabobank's 30 February (interest value dates): any 29-31 February becomes the last day of
  February, in ``:61:`` (value and entry date) and in the balances;
- the Dutch ``:86:`` layouts: ``/KEY/value`` pairs (ING, Rabobank, ABN AMRO, Knab: ``/EREF/``,
  ``/CNTP/``, ``/NAME/``, ``/IBAN/``, ``/REMI/``, ``/RTRN/`` ...), Triodos' ``>20`` to ``>31``
  sub-fields, and labelled free text (``IBAN: ... NAAM: ...``, Knab's ``REK: .../NAAM: ...``).
"""

from __future__ import annotations

import calendar
import contextlib
import datetime as dt
import re
from decimal import Decimal
from typing import Any

import mt940
from django.utils.translation import gettext as _

from verbinding.imports.parsers.base import ImportProblem, RowProblems, normalise_iban, valid_iban
from verbinding.imports.parsers.statement import (
    RETURN_REASON_CODE,
    BankEntry,
    Direction,
    Statement,
    with_external_refs,
)

KEYS = (
    "TRTP|IBAN|BIC|NAME|REMI|EREF|MARF|CSID|RTRN|CNTP|ORDP|BENM|ADDR|ISDT|PREF|ULTC|ULTD|ULTB"
    "|SVCL|PURP|NRTX|OAMT|CHGS|EXCH|ID|CITY"
)
_KEY = re.compile(rf"/({KEYS})/")
_IBAN_LIKE = re.compile(r"\b([A-Z]{2}\d{2}[A-Z0-9]{10,30})\b")
_REVERSAL_WORDS = ("STORNO", "TERUGBOEKING", "RETOUR", "REVERSAL", "RETURN", "TERUGGEBOEKT")
_BLOCK = re.compile(r"^\s*\{\d:")
_TRAILER = re.compile(r"^\s*-\}?\s*(?:\{5:.*)?$|^\s*\{5:.*$")
_ENVELOPE_LINE = re.compile(r"^\s*(?:[A-Z]{4}NL[0-9A-Z]{2}(?:[0-9A-Z]{3})?|940|0000 .*)?\s*$")
_LABELS = re.compile(
    r"\b(IBAN|BIC|NAAM|OMSCHRIJVING|KENMERK|MACHTIGING|INCASSANT|REK|BETALINGSKENM\.)\s*:\s*"
)


def unwrap(text: str) -> str:
    """The MT940 tags without their envelope, line for line (line numbers stay the same).

    Dropped: SWIFT blocks 1 to 3 and 5 and the ``-}`` that ends block 4, bank header lines
    before a ``:20:`` (``ABNANL2A``, ``940``, ``:940:``) and the ``:86:`` summary some banks put
    after the closing balance (it belongs to no entry).
    """
    out: list[str] = []
    between = True  # before the first :20:, or after a statement's closing balance
    summary = False  # inside an :86: after the closing balance
    for raw in text.split("\n"):
        line = raw.rstrip("\r")
        if _BLOCK.match(line):
            block4 = line.find("{4:")
            line = line[block4 + 3 :] if block4 >= 0 else ""
            between = True
        if _TRAILER.match(line):
            line = ""
        if line.startswith(":"):
            summary = between and line.startswith(":86:")
            if line.startswith(":20:"):
                between = False
            elif line.startswith((":62F:", ":62M:", ":62:")):
                between = True
        envelope = line.strip() == ":940:" or not line.startswith(":")
        if summary or (between and envelope and _ENVELOPE_LINE.match(line.replace(":940:", ""))):
            line = ""
        out.append(line)
    return "\n".join(out)


def _fix_february(year: str, month: str, day: str) -> str:
    if month == "02" and day.isdigit() and year.isdigit():
        last = calendar.monthrange(2000 + int(year), 2)[1]
        if int(day) > last:
            return str(last)
    return day


def _balance_date(transactions: Any, tag: Any, tag_dict: dict[str, Any], *args: Any) -> Any:
    tag_dict["day"] = _fix_february(tag_dict["year"], tag_dict["month"], tag_dict["day"])
    return tag_dict


def _entry_date(transactions: Any, tag: Any, tag_dict: dict[str, Any], *args: Any) -> Any:
    if str(tag_dict.get("entry_day") or "").isdigit():
        tag_dict["entry_day"] = _fix_february(
            tag_dict["year"], str(tag_dict.get("entry_month")), tag_dict["entry_day"]
        )
    return tag_dict


PROCESSORS: dict[str, list[Any]] = {
    "pre_statement": [mt940.processors.date_fixup_pre_processor, _entry_date],
    **{
        f"pre_{slug}": [_balance_date]
        for slug in (
            "opening_balance",
            "final_opening_balance",
            "intermediate_opening_balance",
            "closing_balance",
            "final_closing_balance",
            "intermediate_closing_balance",
            "available_balance",
            "forward_available_balance",
        )
    },
}


class DutchStatementLine(mt940.tags.Statement):
    """``:61:`` as the standard describes it, or as de Volksbank writes it (IBAN, name line)."""

    volksbank = mt940.tags.StatementASNB()

    def parse(self, transactions: Any, value: str) -> dict[str, str | None]:
        match = self.re.match(value)
        if match is None and self.volksbank.re.match(value) is not None:
            return self.volksbank.parse(transactions, value)
        return super().parse(transactions, value)


STATEMENT_LINE = DutchStatementLine()
# The library names a tag's processors after its class: give ours those of ``:61:``.
PROCESSORS[f"pre_{STATEMENT_LINE.slug}"] = PROCESSORS["pre_statement"]
PROCESSORS[f"post_{STATEMENT_LINE.slug}"] = list(
    mt940.models.Transactions.DEFAULT_PROCESSORS["post_statement"]
)


def dutch_details(text: str) -> dict[str, str]:
    """``/EREF/x//CNTP/NL..../BIC/Name/City/REMI/USTD//text/`` → a dict (``{}`` if unstructured)."""
    flat = "".join(part.strip("\r") for part in text.split("\n"))
    matches = list(_KEY.finditer(flat))
    if not matches or matches[0].start() > 2:
        return {}
    out: dict[str, str] = {}
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(flat)
        value = flat[m.end() : end]
        if m.group(1) == "CNTP":  # IBAN/BIC/name/city
            parts = ([*value.split("/"), "", "", "", ""])[:4]
            out.setdefault("IBAN", parts[0].strip())
            out.setdefault("NAME", parts[2].strip())
            continue
        if m.group(1) in ("ORDP", "BENM") and value.startswith("/"):
            continue  # Rabobank: /ORDP//NAME/x — the name follows as its own key
        if m.group(1) == "REMI":
            if value.startswith("USTD//"):
                value = value[6:]
            elif value.startswith("STRD/"):  # STRD/CUR/<ref>/
                bits = value.split("/")
                out.setdefault("STRD", bits[2].strip() if len(bits) > 2 else "")
                value = ""
        out.setdefault(m.group(1), value.strip("/ ").strip())
    return out


def triodos_details(text: str) -> dict[str, str]:
    """Triodos: ``000>10...>20BIC>21IBAN>22name...>23...>31own account`` → a dict."""
    flat = "".join(part.strip("\r") for part in text.split("\n"))
    parts = re.split(r">(\d{2})", flat)
    if len(parts) < 3:
        return {}
    fields = dict(zip(parts[1::2], parts[2::2], strict=False))
    iban = fields.get("21", "").strip()
    if not _IBAN_LIKE.fullmatch(iban.replace(" ", "")):
        iban = ""
    free = " ".join(fields.get(k, "") for k in ("20", "22", "23", "24", "25") if k in fields)
    if not iban:  # no counterparty: all of >20 to >25 is description
        return {"REMI": " ".join(free.split())}
    text_after = " ".join(fields.get(k, "") for k in ("23", "24", "25")).split()
    return {
        "IBAN": iban,
        "NAME": " ".join(fields.get("22", "").split()),
        "REMI": " ".join(text_after),
    }


def labelled_details(text: str) -> dict[str, str]:
    """``NAAM: x IBAN: y OMSCHRIJVING: z`` (ABN AMRO free text), ``REK: y/NAAM: x`` (Knab)."""
    flat = " ".join(part.strip("\r") for part in text.split("\n"))
    matches = list(_LABELS.finditer(flat))
    if not matches:
        return {}
    out: dict[str, str] = {}
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(flat)
        value = " ".join(flat[m.end() : end].split()).strip("/ ")
        key = {
            "REK": "IBAN",
            "NAAM": "NAME",
            "OMSCHRIJVING": "REMI",
            "MACHTIGING": "MARF",
            "KENMERK": "EREF",
            "BETALINGSKENM.": "STRD",
        }.get(m.group(1), m.group(1))
        out.setdefault(key, value)
    if "REMI" not in out:
        out["REMI"] = " ".join(flat[: matches[0].start()].split())
    return out


def parse_mt940(text: str) -> list[BankEntry]:
    """Every entry of every statement in the file."""
    return [e for s in read_mt940(text) for e in s.entries]


def read_mt940(text: str) -> list[Statement]:
    """Every statement in the file, with balances and entries (pages of one statement joined)."""
    original, text = text, unwrap(text)
    if ":61:" not in text and ":60F:" not in text and ":60M:" not in text:
        raise ImportProblem(1, ":61:", _("no MT940 statement lines found"))
    lines = text.split("\n")
    entry_lines = [n for n, ln in enumerate(lines, start=1) if ln.startswith(":61:")]
    starts = [n for n, ln in enumerate(lines, start=1) if ln.startswith(":20:")]
    try:
        parsed = mt940.parse_statements(text, processors=PROCESSORS, tags={61: STATEMENT_LINE})
    except Exception as exc:  # the library raises plain exceptions on malformed tags
        raise ImportProblem(
            _guess_line(text, str(exc)), "", _("unreadable MT940: %(error)s") % {"error": exc}
        ) from None
    statements: list[Statement] = []
    problems: list[ImportProblem] = []
    index = 0
    bank = _bank_code(original)
    for n, block in enumerate(parsed):
        start = starts[n] if n < len(starts) else 1
        account = own_account(str(block.data.get("account_identification") or ""), bank)
        try:
            statement = _statement(block.data, account, start)
        except ImportProblem as problem:
            problems.append(problem)
            index += len(block)
            continue
        for tx in block:
            line = entry_lines[index] if index < len(entry_lines) else 0
            index += 1
            try:
                entry, signed = _entry(tx.data, account, line)
            except ImportProblem as problem:
                problems.append(problem)
                continue
            statement.entries.append(entry)
            statement.movement_cents += signed
        statements.append(statement)
    if problems:
        raise RowProblems(problems)
    statements = _join_pages(statements)
    flat = with_external_refs([e for s in statements for e in s.entries], "mt940")
    at = 0
    for s in statements:
        s.entries = flat[at : at + len(s.entries)]
        at += len(s.entries)
    return statements


def _bank_code(text: str) -> str:
    """The Dutch bank of the file, from its SWIFT header or ABN AMRO's first line (``ABNA``)."""
    head = text[:600]
    found = re.search(r"\{1:F\d\d([A-Z]{4})NL", head) or re.match(r"\s*([A-Z]{4})NL\w\w\s", head)
    return found.group(1) if found else ""


def own_account(raw: str, bank: str = "") -> str:
    """``NL63INGB0006666666``, ``NL63INGB0006666666 EUR``, ``NL68INGB0000012345EUR``,
    ``TRIODOSBANK/0390123456``, ``501234567`` → the IBAN (made from the bank and the account
    number for a Dutch bank that writes only the number), else the number as written."""
    tokens = [t for t in re.split(r"[/\s]+", raw.strip()) if t]
    for token in tokens:
        for candidate in (token, token[:-3] if re.search(r"[A-Z]{3}$", token) else ""):
            if candidate and (iban := _maybe_iban(candidate)):
                return iban
    if raw.upper().startswith("TRIODOSBANK"):
        bank = "TRIO"
    numbered = [t for t in tokens if any(c.isdigit() for c in t)]
    number = numbered[-1] if numbered else raw.strip()
    if bank and number.isdigit() and len(number) <= 10:
        from schwifty import IBAN
        from schwifty.exceptions import SchwiftyException

        with contextlib.suppress(SchwiftyException, ValueError):  # no such account at that bank
            return valid_iban(str(IBAN.generate("NL", bank_code=bank, account_code=number)))
    return number[:34]


def _statement(data: dict[str, Any], account: str, line: int) -> Statement:
    opening = data.get("final_opening_balance") or data.get("opening_balance")
    opening = opening or data.get("intermediate_opening_balance")
    closing = data.get("final_closing_balance") or data.get("closing_balance")
    final = closing is not None
    closing = closing or data.get("intermediate_closing_balance")
    number = str(data.get("statement_number") or "")
    page = str(data.get("sequence_number") or "")
    return Statement(
        line=line,
        family="mt940",
        account_iban=account,
        statement_id=str(data.get("transaction_reference") or "").strip()[:140],
        number=int(number) if number.isdigit() else None,
        page=int(page) if page.isdigit() else None,
        opening_cents=_balance_cents(opening, line, ":60F:"),
        opening_on=getattr(opening, "date", None),
        closing_cents=_balance_cents(closing, line, ":62F:"),
        closing_on=getattr(closing, "date", None),
        closing_final=final,
        closing_field=":62F:",
    )


def _balance_cents(balance: Any, line: int, field: str) -> int | None:
    amount = getattr(getattr(balance, "amount", None), "amount", None)
    if not isinstance(amount, Decimal):
        return None
    currency = str(getattr(balance.amount, "currency", "EUR") or "EUR")
    if currency != "EUR":
        raise ImportProblem(
            line, field, _("currency %(currency)s, only EUR is booked") % {"currency": currency}
        )
    return _exact(amount, line, field)


def _exact(amount: Decimal, line: int, field: str) -> int:
    cents = amount * 100
    if cents % 1:
        raise ImportProblem(
            line,
            field,
            _("%(value)s is not a whole number of cents; it is not rounded")
            % {"value": repr(str(amount).replace(".", ","))},
        )
    return int(cents)


def _join_pages(statements: list[Statement]) -> list[Statement]:
    """A statement over several messages (``:62M:`` ... ``:60M:``) becomes one."""
    out: list[Statement] = []
    for s in statements:
        prev = out[-1] if out else None
        if (
            prev is not None
            and not prev.closing_final
            and prev.closing_cents is not None
            and prev.account_iban == s.account_iban
            and prev.closing_cents == s.opening_cents
        ):
            prev.entries.extend(s.entries)
            prev.movement_cents += s.movement_cents
            prev.closing_cents, prev.closing_on = s.closing_cents, s.closing_on
            prev.closing_final = s.closing_final
            continue
        out.append(s)
    return out


def _guess_line(text: str, message: str) -> int:
    for n, ln in enumerate(text.splitlines(), start=1):
        if ln and ln[:6] in message:
            return n
    return 0


def _maybe_iban(text: str) -> str:
    candidate = normalise_iban(text)
    if not _IBAN_LIKE.fullmatch(candidate):
        return ""
    try:
        return valid_iban(candidate)
    except ValueError:
        return ""


def _details(raw: str) -> dict[str, str]:
    return (
        dutch_details(raw)
        or (triodos_details(raw) if ">2" in raw else {})
        or (labelled_details(raw))
    )


def _entry(data: dict[str, Any], account: str, line: int) -> tuple[BankEntry, int]:
    """The entry, and its signed amount in cents as it moves the balance."""
    status = str(data.get("status") or "").upper()
    amount = data.get("amount")
    if amount is None:
        raise ImportProblem(line, ":61: amount", _("missing"))
    currency = str(getattr(amount, "currency", "EUR") or "EUR")
    if currency != "EUR":
        raise ImportProblem(
            line,
            ":61: currency",
            _("currency %(currency)s, only EUR is booked") % {"currency": currency},
        )
    cents = abs(_exact(amount.amount, line, ":61: amount"))
    date = data.get("entry_date") or data.get("date")
    if not isinstance(date, dt.date):
        raise ImportProblem(line, ":61: date", _("missing or invalid"))
    raw_details = str(data.get("transaction_details") or "")
    details = _details(raw_details)
    reason = details.get("RTRN", "").split("/")[0].strip().upper()
    if reason and not RETURN_REASON_CODE.match(reason):
        raise ImportProblem(
            line + 1, ":86: /RTRN/", _("not a reason code: %(value)s") % {"value": repr(reason)}
        )
    trtp = details.get("TRTP", "").upper()
    returned = bool(reason) or any(w in trtp for w in _REVERSAL_WORDS)
    if status == "C":
        direction = Direction.PAYMENT
    elif status == "RC" or (status == "D" and returned):
        direction = Direction.REVERSAL
    else:  # "D" outgoing, "RD" a reversed outgoing payment coming back
        direction = Direction.OTHER
    iban_text = details.get("IBAN", "")
    name = details.get("NAME", "")
    reference = str(data.get("customer_reference") or "").strip()
    extra = str(data.get("extra_details") or "").strip()
    if iban_text:
        try:
            iban = valid_iban(iban_text)
        except ValueError as exc:
            raise ImportProblem(line + 1, ":86: IBAN", str(exc)) from None
    elif volksbank := _maybe_iban(reference):
        # de Volksbank: :61:...NOVBNL47INGB0123456789 and the name on the next line
        iban = volksbank
        name = name or extra
    else:
        iban = next(
            (i for m in _IBAN_LIKE.findall(f"{extra} {reference}") if (i := _maybe_iban(m))), ""
        )
    if details:
        remittance = details.get("REMI", "")
    else:
        remittance = " ".join(raw_details.split())
        if iban and remittance.upper().startswith(iban):  # de Volksbank: "IBAN name" first
            remittance = remittance[len(iban) :].strip()
            if name and remittance.lower().startswith(name.lower()):
                remittance = remittance[len(name) :].strip()
    eref = details.get("EREF", "")
    signed = cents if status in ("C", "RD") else -cents
    entry = BankEntry(
        line=line,
        account_iban=account,
        booked_on=date,
        amount_cents=cents,
        direction=direction,
        counterparty_name=name[:140],
        counterparty_iban=iban,
        remittance=remittance[:500],
        creditor_reference=details.get("STRD", ""),
        end_to_end_id="" if eref == "NOTPROVIDED" else eref,
        mandate_id=details.get("MARF", ""),
        return_reason=reason,
        bank_reference="",  # MT940 bank references are not unique across files
    )
    return entry, signed
