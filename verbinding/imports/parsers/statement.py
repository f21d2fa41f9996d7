"""What a bank statement line becomes, whatever the format (CAMT.053 or MT940)."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field

# SEPA return reasons (ISO 20022 ExternalReturnReason1Code) seen on reversed rent collections.
RETURN_REASONS: dict[str, str] = {
    "AC01": "incorrect account number",
    "AC04": "account closed",
    "AC06": "account blocked",
    "AC13": "debtor account is a consumer account",
    "AG01": "transaction forbidden on this account",
    "AG02": "invalid bank operation code",
    "AM04": "insufficient funds",
    "AM05": "duplicate collection",
    "BE05": "creditor unknown to the debtor",
    "CNOR": "creditor bank not registered",
    "DNOR": "debtor bank not registered",
    "FF01": "invalid file format",
    "MD01": "no mandate",
    "MD02": "mandate data missing or wrong",
    "MD06": "refund requested by the debtor",
    "MD07": "debtor deceased",
    "MS02": "refused by the debtor",
    "MS03": "reason not specified",
    "RC01": "invalid bank identifier",
    "RR01": "regulatory reason",
    "RR02": "regulatory reason",
    "RR03": "regulatory reason",
    "RR04": "regulatory reason",
    "SL01": "specific service offered by the debtor bank",
}
RETURN_REASON_CODE = re.compile(r"^[A-Z0-9]{4}$")


class Direction:
    PAYMENT = "payment"  # money in from a tenant
    REVERSAL = "reversal"  # a collected rent reversed (storno)
    OTHER = "other"  # money out that is not a storno, or a reversed outgoing payment


@dataclass(frozen=True, slots=True)
class BankEntry:
    """One transaction on the association's account (a batch booking is split per transaction)."""

    line: int  # the line of the entry in the file (its :61: or <Ntry>)
    account_iban: str  # the association's own account
    booked_on: dt.date
    amount_cents: int  # always positive; ``direction`` says which way
    direction: str
    counterparty_name: str
    counterparty_iban: str
    remittance: str  # unstructured remittance text, joined
    creditor_reference: str  # structured reference (CdtrRefInf / betalingskenmerk), if any
    end_to_end_id: str
    mandate_id: str
    return_reason: str
    bank_reference: str  # the bank's own unique reference if it gives one (AcctSvcrRef)
    fingerprint: str = field(default="", compare=False)

    @property
    def search_text(self) -> str:
        return " ".join(
            p for p in (self.creditor_reference, self.remittance, self.end_to_end_id) if p
        )


@dataclass
class Statement:
    """One statement (MT940 message or CAMT ``Stmt``): its balances and its entries.

    ``movement_cents`` is the signed sum of the booked entries as the bank wrote them (a batch
    counts once, with its total), so that ``opening + movement = closing`` can be checked.
    A closing balance that is only intermediate (MT940 ``:62M:``, a page of a longer statement)
    has ``closing_final`` false.
    """

    line: int  # the line of its :20: or <Stmt>
    family: str  # "mt940" or "camt053": one chain of statements per account and family
    account_iban: str
    statement_id: str  # :20: or Stmt/Id
    number: int | None  # :28C: statement number, or LglSeqNb / ElctrncSeqNb
    page: int | None  # :28C: sequence number (the page of a long statement)
    opening_cents: int | None
    opening_on: dt.date | None
    closing_cents: int | None
    closing_on: dt.date | None
    closing_final: bool
    closing_field: str  # where the closing balance belongs: ":62F:" or "Bal/CLBD"
    movement_cents: int = 0
    entries: list[BankEntry] = field(default_factory=list)

    @property
    def day(self) -> dt.date | None:
        """The date the statement is for: its closing date, else its last booking date."""
        if self.closing_on:
            return self.closing_on
        return max((e.booked_on for e in self.entries), default=self.opening_on)


def fingerprint(parts: tuple[str, ...]) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]


def with_external_refs(entries: list[BankEntry], fmt: str) -> list[BankEntry]:
    """Give every entry a stable key for idempotent re-imports.

    The bank's own reference where it gives one; otherwise a fingerprint of everything on the
    line, with a counter for identical lines (two equal transfers on one day stay two).
    """
    from dataclasses import replace

    seen: Counter[str] = Counter()
    out = []
    for e in entries:
        if e.bank_reference:
            key = f"{fmt}|{e.account_iban}|ref|{e.bank_reference}"
        else:
            key = "|".join(
                (
                    fmt,
                    e.account_iban,
                    e.booked_on.isoformat(),
                    str(e.amount_cents),
                    e.direction,
                    e.counterparty_iban,
                    e.counterparty_name,
                    e.remittance,
                    e.creditor_reference,
                    e.end_to_end_id,
                    e.return_reason,
                )
            )
        seen[key] += 1
        out.append(replace(e, fingerprint="bank:" + fingerprint((key, str(seen[key])))))
    return out
