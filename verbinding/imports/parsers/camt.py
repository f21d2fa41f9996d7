"""CAMT.053 (ISO 20022 BankToCustomerStatement), any version from .001.02 to .001.13.

Parsed with the standard library's expat, namespace-agnostically: elements are looked up by local
name, so one parser serves every version (the differences we meet: ``Sts`` is a code in .02/.04
and ``Sts/Cd`` from .08 on; party names sit in ``Dbtr/Nm`` or ``Dbtr/Pty/Nm``). Why not a library:
docs/adr/0010-imports.md. A DOCTYPE or entity declaration is refused (no entity expansion).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any
from xml.etree.ElementTree import Element, TreeBuilder
from xml.parsers import expat

from django.utils.translation import gettext as _

from verbinding.imports.parsers.base import (
    ImportProblem,
    RowProblems,
    bank_cents,
    format_cents,
    valid_iban,
)
from verbinding.imports.parsers.statement import (
    RETURN_REASON_CODE,
    BankEntry,
    Direction,
    Statement,
    with_external_refs,
)

_VERSION = re.compile(r"camt\.(\d{3})\.001\.(\d{2})")
# Bank transaction sub-family codes that mean "a collected direct debit came back".
RETURN_SUBFAMILIES = frozenset({"UPDD", "RRTN", "PRDD", "PRCT", "ARET", "AREV", "RCDD"})


@dataclass
class CamtDocument:
    version: str  # e.g. "camt.053.001.08"
    root: Element
    lines: dict[int, int]  # id(element) → line


def parse_xml(data: bytes) -> CamtDocument:
    builder = TreeBuilder()
    lines: dict[int, int] = {}
    parser = expat.ParserCreate(namespace_separator=" ")
    namespaces: list[str] = []

    def start(tag: str, attrs: dict[str, str]) -> None:
        uri, _sep, local = tag.rpartition(" ")
        if uri:
            namespaces.append(uri)
        elem = builder.start(local, {k.rpartition(" ")[2]: v for k, v in attrs.items()})
        lines[id(elem)] = parser.CurrentLineNumber

    def end(tag: str) -> None:
        builder.end(tag.rpartition(" ")[2])

    def refuse(*args: Any) -> None:
        raise ImportProblem(parser.CurrentLineNumber, "DOCTYPE", _("declarations are not allowed"))

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = builder.data
    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        raise ImportProblem(
            exc.lineno,
            "",
            _("not well-formed XML: %(error)s") % {"error": expat.ErrorString(exc.code)},
        ) from None
    root = builder.close()
    found = next((m for ns in namespaces[:3] if (m := _VERSION.search(ns))), None)
    if found is None:
        raise ImportProblem(1, "Document", _("not an ISO 20022 camt document (namespace unknown)"))
    if found.group(1) != "053":
        raise ImportProblem(
            1,
            "Document",
            _("camt.%(type)s is not a statement; export a camt.053") % {"type": found.group(1)},
        )
    return CamtDocument(f"camt.053.001.{found.group(2)}", root, lines)


def _text(elem: Element | None, path: str) -> str:
    if elem is None:
        return ""
    found = elem.find(path)
    return (found.text or "").strip() if found is not None else ""


def _party(elem: Element | None, role: str) -> tuple[str, str]:
    """(name, IBAN) of Dbtr/Cdtr, for both the .02 to .07 and the .08+ layout."""
    if elem is None:
        return "", ""
    name = _text(elem, f"RltdPties/{role}/Nm") or _text(elem, f"RltdPties/{role}/Pty/Nm")
    iban = _text(elem, f"RltdPties/{role}Acct/Id/IBAN")
    return name, iban


class _Reader:
    def __init__(self, doc: CamtDocument) -> None:
        self.doc = doc

    def line(self, elem: Element) -> int:
        return self.doc.lines.get(id(elem), 0)

    def amount(self, elem: Element, where: Element) -> int:
        currency = elem.get("Ccy", "EUR")
        if currency != "EUR":
            raise ImportProblem(
                self.line(where),
                "Amt",
                _("currency %(currency)s, only EUR is booked") % {"currency": currency},
            )
        text = (elem.text or "").strip()
        if text.startswith("-"):
            raise ImportProblem(self.line(elem), "Amt", _("negative amount"))
        try:
            return bank_cents(text)
        except ValueError as exc:
            raise ImportProblem(self.line(elem), "Amt", str(exc)) from None

    def date(self, ntry: Element) -> dt.date:
        raw = _text(ntry, "BookgDt/Dt") or _text(ntry, "BookgDt/DtTm")[:10]
        raw = raw or _text(ntry, "ValDt/Dt") or _text(ntry, "ValDt/DtTm")[:10]
        try:
            return dt.date.fromisoformat(raw[:10])
        except ValueError:
            raise ImportProblem(
                self.line(ntry), "BookgDt", _("not a date: %(value)s") % {"value": repr(raw)}
            ) from None

    def iban(self, text: str, where: Element, field: str) -> str:
        if not text:
            return ""
        try:
            return valid_iban(text)
        except ValueError as exc:
            raise ImportProblem(self.line(where), field, str(exc)) from None


def parse_camt053(data: bytes) -> tuple[str, list[BankEntry]]:
    """The version and the booked entries of every statement in the file."""
    version, statements = read_camt053(data)
    return version, [e for s in statements for e in s.entries]


OPENING_TYPES = ("OPBD", "PRCD")  # opening booked; previously closed booked (same amount)
CLOSING_TYPE = "CLBD"


def read_camt053(data: bytes) -> tuple[str, list[Statement]]:
    """The version and every statement in the file, with balances and booked entries."""
    doc = parse_xml(data)
    r = _Reader(doc)
    out: list[Statement] = []
    problems: list[ImportProblem] = []
    found = doc.root.findall(".//Stmt")
    if not found:
        raise ImportProblem(1, "Stmt", _("no statement in this camt.053 file"))
    for stmt in found:
        own = _text(stmt, "Acct/Id/IBAN")
        try:
            account = r.iban(own, stmt, "Acct/Id/IBAN") if own else _text(stmt, "Acct/Id/Othr/Id")
            statement = _statement(r, stmt, account)
        except ImportProblem as problem:
            problems.append(problem)
            continue
        for ntry in stmt.findall("Ntry"):
            status = _text(ntry, "Sts/Cd") or _text(ntry, "Sts")
            if status and status != "BOOK":
                continue  # pending or informational: not yet on the account
            try:
                entries, signed = _entry(r, ntry, account)
            except ImportProblem as problem:
                problems.append(problem)
                continue
            statement.entries.extend(entries)
            statement.movement_cents += signed
        out.append(statement)
    if problems:
        raise RowProblems(problems)
    flat = with_external_refs([e for s in out for e in s.entries], doc.version[:8])
    at = 0
    for s in out:
        s.entries = flat[at : at + len(s.entries)]
        at += len(s.entries)
    return doc.version, out


def _statement(r: _Reader, stmt: Element, account: str) -> Statement:
    balances: dict[str, tuple[int, dt.date | None]] = {}
    for bal in stmt.findall("Bal"):
        kind = _text(bal, "Tp/CdOrPrtry/Cd") or _text(bal, "Tp/CdOrPrtry/Prtry")
        amt = bal.find("Amt")
        if not kind or amt is None or kind in balances:
            continue
        cents = r.amount(amt, bal)
        if _text(bal, "CdtDbtInd") == "DBIT":
            cents = -cents
        raw = _text(bal, "Dt/Dt") or _text(bal, "Dt/DtTm")[:10]
        try:
            day = dt.date.fromisoformat(raw) if raw else None
        except ValueError:
            raise ImportProblem(
                r.line(bal), "Bal/Dt", _("not a date: %(value)s") % {"value": repr(raw)}
            ) from None
        balances[kind] = (cents, day)
    opening = next((balances[k] for k in OPENING_TYPES if k in balances), None)
    closing = balances.get(CLOSING_TYPE)
    number = _text(stmt, "LglSeqNb") or _text(stmt, "ElctrncSeqNb")
    return Statement(
        line=r.line(stmt),
        family="camt053",
        account_iban=account,
        statement_id=_text(stmt, "Id")[:140],
        number=int(number) if number.isdigit() else None,
        page=None,
        opening_cents=opening[0] if opening else None,
        opening_on=opening[1] if opening else None,
        closing_cents=closing[0] if closing else None,
        closing_on=closing[1] if closing else None,
        closing_final=closing is not None,
        closing_field="Bal/CLBD",
    )


def _entry(r: _Reader, ntry: Element, account: str) -> tuple[list[BankEntry], int]:
    """The transactions of one entry (a batch is split) and its signed amount in cents."""
    amt = ntry.find("Amt")
    if amt is None:
        raise ImportProblem(r.line(ntry), "Ntry/Amt", _("missing"))
    total = r.amount(amt, ntry)
    indicator = _text(ntry, "CdtDbtInd")
    if indicator not in ("CRDT", "DBIT"):
        raise ImportProblem(
            r.line(ntry),
            "CdtDbtInd",
            _("expected CRDT or DBIT, got %(value)s") % {"value": repr(indicator)},
        )
    reversal_flag = _text(ntry, "RvslInd").lower() in ("true", "1")
    subfamily = _text(ntry, "BkTxCd/Domn/Fmly/SubFmlyCd")
    booked_on = r.date(ntry)
    entry_ref = _text(ntry, "AcctSvcrRef")
    details = ntry.findall("NtryDtls/TxDtls")
    out: list[BankEntry] = []
    split_total = 0
    for tx in details or [None]:  # type: ignore[list-item]
        amount = total
        if tx is not None and len(details) > 1:
            tx_amt = tx.find("Amt")
            if tx_amt is None:
                tx_amt = tx.find("AmtDtls/TxAmt/Amt")
            if tx_amt is None:
                raise ImportProblem(r.line(tx), "TxDtls/Amt", _("batch entry without amounts"))
            amount = r.amount(tx_amt, tx)
        split_total += amount
        reason = _text(tx, "RtrInf/Rsn/Cd")
        if reason and not RETURN_REASON_CODE.match(reason):
            raise ImportProblem(
                r.line(tx),
                "RtrInf/Rsn/Cd",
                _("not a reason code: %(value)s") % {"value": repr(reason)},
            )
        returned = bool(reason) or reversal_flag or subfamily in RETURN_SUBFAMILIES
        if indicator == "CRDT" and not reversal_flag:
            direction = Direction.PAYMENT
        elif indicator == "DBIT" and returned:
            direction = Direction.REVERSAL
        else:
            direction = Direction.OTHER
        dbtr_name, dbtr_iban = _party(tx, "Dbtr")
        cdtr_name, cdtr_iban = _party(tx, "Cdtr")
        if direction == Direction.OTHER or (not dbtr_name and not dbtr_iban):
            name, iban = cdtr_name, cdtr_iban
        else:
            name, iban = dbtr_name, dbtr_iban
        if iban and iban.replace(" ", "").upper() == account:
            name, iban = (dbtr_name, dbtr_iban) if iban == cdtr_iban else (cdtr_name, cdtr_iban)
        remittance = " ".join(
            (u.text or "").strip() for u in (tx.findall("RmtInf/Ustrd") if tx is not None else [])
        )
        if not remittance:
            remittance = _text(tx, "AddtlTxInf") or _text(ntry, "AddtlNtryInf")
        tx_ref = _text(tx, "Refs/AcctSvcrRef")
        out.append(
            BankEntry(
                line=r.line(tx) if tx is not None else r.line(ntry),
                account_iban=account,
                booked_on=booked_on,
                amount_cents=amount,
                direction=direction,
                counterparty_name=name[:140],
                counterparty_iban=r.iban(iban, tx if tx is not None else ntry, "IBAN"),
                remittance=remittance[:500],
                creditor_reference=_text(tx, "RmtInf/Strd/CdtrRefInf/Ref"),
                end_to_end_id=_text(tx, "Refs/EndToEndId").replace("NOTPROVIDED", ""),
                mandate_id=_text(tx, "Refs/MndtId"),
                return_reason=reason,
                bank_reference=tx_ref or (entry_ref if len(details) <= 1 else ""),
            )
        )
    if len(details) > 1 and split_total != total:
        raise ImportProblem(
            r.line(ntry),
            "NtryDtls",
            _("the transactions of this batch add up to %(sum)s, the entry says %(total)s")
            % {"sum": format_cents(split_total), "total": format_cents(total)},
        )
    return out, total if indicator == "CRDT" else -total
