"""MT940 statements, parsed by the ``mt-940`` library; Dutch ``:86:`` details read here.

``mt-940`` reads the SWIFT tags (``:25:`` account, ``:61:`` entry, ``:86:`` details) and the German
``?20`` detail structure. Dutch banks (ING, Rabobank, ABN AMRO, ASN, Triodos) write the ``:86:``
details as ``/KEY/value`` pairs instead (``/EREF/``, ``/CNTP/``, ``/NAME/``, ``/IBAN/``,
``/REMI/``, ``/RTRN/`` ...), which :func:`dutch_details` splits.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import mt940
from django.utils.translation import gettext as _

from verbinding.imports.parsers.base import ImportProblem, RowProblems, normalise_iban, valid_iban
from verbinding.imports.parsers.statement import (
    RETURN_REASON_CODE,
    BankEntry,
    Direction,
    with_external_refs,
)

KEYS = (
    "TRTP|IBAN|BIC|NAME|REMI|EREF|MARF|CSID|RTRN|CNTP|ORDP|BENM|ADDR|ISDT|PREF|ULTC|ULTD|ULTB"
    "|SVCL|PURP|NRTX|OAMT|CHGS|EXCH|ID|CITY"
)
_KEY = re.compile(rf"/({KEYS})/")
_IBAN_LIKE = re.compile(r"\b([A-Z]{2}\d{2}[A-Z0-9]{10,30})\b")
_REVERSAL_WORDS = ("STORNO", "TERUGBOEKING", "RETOUR", "REVERSAL", "RETURN", "TERUGGEBOEKT")


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
        if m.group(1) == "REMI":
            if value.startswith("USTD//"):
                value = value[6:]
            elif value.startswith("STRD/"):  # STRD/CUR/<ref>/
                bits = value.split("/")
                out.setdefault("STRD", bits[2].strip() if len(bits) > 2 else "")
                value = ""
        out.setdefault(m.group(1), value.strip("/ ").strip())
    return out


def parse_mt940(text: str) -> list[BankEntry]:
    """Every entry of every statement in the file (several ``:20:`` blocks are fine)."""
    if ":61:" not in text and ":60F:" not in text:
        raise ImportProblem(1, ":61:", _("no MT940 statement lines found"))
    starts = _tag_lines(text)
    try:
        statements = mt940.parse_statements(text)
    except Exception as exc:  # the library raises plain exceptions on malformed tags
        raise ImportProblem(
            _guess_line(text, str(exc)), "", _("unreadable MT940: %(error)s") % {"error": exc}
        ) from exc
    entries: list[BankEntry] = []
    problems: list[ImportProblem] = []
    index = 0
    for statement in statements:
        account_raw = str(statement.data.get("account_identification") or "").split("/")[0]
        account = _maybe_iban(account_raw.split(" ")[0]) or account_raw.strip()
        for tx in statement:
            line = starts[index] if index < len(starts) else 0
            index += 1
            try:
                entries.append(_entry(tx.data, account, line))
            except ImportProblem as problem:
                problems.append(problem)
    if problems:
        raise RowProblems(problems)
    return with_external_refs(entries, "mt940")


def _tag_lines(text: str) -> list[int]:
    return [n for n, ln in enumerate(text.splitlines(), start=1) if ln.startswith(":61:")]


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


def _entry(data: dict[str, Any], account: str, line: int) -> BankEntry:
    status = str(data.get("status") or "")
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
    cents = abs(int((amount.amount * 100).to_integral_value()))
    if (amount.amount * 100) % 1:
        raise ImportProblem(line, ":61: amount", _("more than two decimals"))
    date = data.get("entry_date") or data.get("date")
    if not isinstance(date, dt.date):
        raise ImportProblem(line, ":61: date", _("missing or invalid"))
    raw_details = str(data.get("transaction_details") or "")
    details = dutch_details(raw_details)
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
    if iban_text:
        try:
            iban = valid_iban(iban_text)
        except ValueError as exc:
            raise ImportProblem(line + 1, ":86: IBAN", str(exc)) from None
    else:
        extra = f"{data.get('extra_details') or ''} {data.get('customer_reference') or ''}"
        iban = next((i for m in _IBAN_LIKE.findall(extra) if (i := _maybe_iban(m))), "")
    remittance = details.get("REMI", "") if details else " ".join(raw_details.split())
    eref = details.get("EREF", "")
    return BankEntry(
        line=line,
        account_iban=account,
        booked_on=date,
        amount_cents=cents,
        direction=direction,
        counterparty_name=details.get("NAME", "")[:140],
        counterparty_iban=iban,
        remittance=remittance[:500],
        creditor_reference=details.get("STRD", ""),
        end_to_end_id="" if eref == "NOTPROVIDED" else eref,
        mandate_id=details.get("MARF", ""),
        return_reason=reason,
        bank_reference="",  # MT940 bank references are not unique across files
    )
