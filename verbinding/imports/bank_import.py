"""The bank statement import: CAMT.053 or MT940 → payments and stornos on tenancies.

Each credit and each reversed direct debit is matched (``matching.py``) and booked on the
tenancy, or put on the review list (``UnmatchedPayment``) — never dropped. Outgoing payments
that are not a storno (suppliers, bank costs) are counted as skipped: they are not rent.
"""

from __future__ import annotations

from pathlib import Path

from django.utils.translation import gettext as _

from verbinding.imports.matching import build_index, match_entry
from verbinding.imports.models import ImportRun, UnmatchedPayment
from verbinding.imports.outcome import Outcome, Rejected
from verbinding.imports.parsers.base import FileFacts, ImportProblem, RowProblems, decode_bytes
from verbinding.imports.parsers.camt import parse_camt053
from verbinding.imports.parsers.detect import bank_format
from verbinding.imports.parsers.mt940 import parse_mt940
from verbinding.imports.parsers.statement import BankEntry, Direction
from verbinding.ledger.models import EntryKind, LedgerEntry


def read_statement(path: Path, facts: FileFacts) -> tuple[str, list[BankEntry]]:
    """(format label, entries) or :class:`Rejected`."""
    fmt = bank_format(facts.head)
    try:
        if fmt == "camt053":
            version, entries = parse_camt053(path.read_bytes())
            return version, entries
        if fmt == "mt940":
            return "MT940", parse_mt940(decode_bytes(path.read_bytes(), facts.encoding))
        raise ImportProblem(1, "", _("not a CAMT.053 or MT940 bank statement"))
    except ImportProblem as problem:
        raise Rejected.one(problem) from None
    except RowProblems as exc:
        rejected = Rejected.one(exc.problems[0])
        rejected.problems.extend(exc.problems[1:])
        raise rejected from None


def ledger_entry_for(entry: BankEntry, tenancy_id: int, source: str) -> LedgerEntry:
    description = " ".join(p for p in (entry.counterparty_name, entry.remittance) if p)
    if entry.direction == Direction.REVERSAL:
        return LedgerEntry(
            tenancy_id=tenancy_id,
            booked_on=entry.booked_on,
            kind=EntryKind.REVERSAL,
            detail="STO",
            amount_cents=entry.amount_cents,
            method="INC",
            description=description[:200],
            return_reason=entry.return_reason,
            source=source,
            external_ref=entry.fingerprint,
        )
    return LedgerEntry(
        tenancy_id=tenancy_id,
        booked_on=entry.booked_on,
        kind=EntryKind.PAYMENT,
        detail="BAN",
        amount_cents=-entry.amount_cents,
        method="INC" if entry.mandate_id else "OVB",
        description=description[:200],
        source=source,
        external_ref=entry.fingerprint,
    )


def import_bank(*, path: Path, facts: FileFacts, run: ImportRun) -> Outcome:
    label, entries = read_statement(path, facts)
    outcome = Outcome(file_format=label)
    relevant = [e for e in entries if e.direction != Direction.OTHER]
    outcome.skipped = len(entries) - len(relevant)
    refs = [e.fingerprint for e in relevant]
    known: set[str] = set()
    for start in range(0, len(refs), 500):
        chunk = refs[start : start + 500]
        known.update(
            str(ref)
            for ref in LedgerEntry.objects.filter(external_ref__in=chunk).values_list(
                "external_ref", flat=True
            )
        )
        known.update(
            UnmatchedPayment.objects.filter(external_ref__in=chunk).values_list(
                "external_ref", flat=True
            )
        )
    new = [e for e in relevant if e.fingerprint not in known]
    outcome.unchanged = len(relevant) - len(new)
    index = build_index(new)
    source = f"bank:{run.pk}"
    booked: list[LedgerEntry] = []
    waiting: list[UnmatchedPayment] = []
    for entry in new:
        match = match_entry(entry, index)
        if match.tenancy_id is not None:
            booked.append(ledger_entry_for(entry, match.tenancy_id, source))
            outcome.changed_tenancy_ids.add(match.tenancy_id)
            continue
        waiting.append(
            UnmatchedPayment(
                import_run=run,
                external_ref=entry.fingerprint,
                kind=EntryKind.REVERSAL
                if entry.direction == Direction.REVERSAL
                else EntryKind.PAYMENT,
                booked_on=entry.booked_on,
                amount_cents=entry.amount_cents,
                account_iban=entry.account_iban,
                counterparty_name=entry.counterparty_name,
                counterparty_iban=entry.counterparty_iban,
                remittance=entry.remittance,
                creditor_reference=entry.creditor_reference[:140],
                return_reason=entry.return_reason,
                why=match.why[:200],
            )
        )
    LedgerEntry.objects.bulk_create(booked, batch_size=1000)
    UnmatchedPayment.objects.bulk_create(waiting, batch_size=1000)
    outcome.created = len(booked)
    outcome.unmatched = len(waiting)
    return outcome
