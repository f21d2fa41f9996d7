"""The bank statement import: CAMT.053 or MT940 → payments and stornos on tenancies.

Per statement, first: does it add up (opening balance + entries = closing balance)? A statement
that does not, or that has no closing balance, refuses the whole file unless the import allows it
explicitly (``allow_unbalanced``: recorded as a warning). Then each statement is stored with its
balances and checked against the previous one of its account (a gap or overlap is a warning).

The statements come from a file or, as VERA JSON, through the API (``import_statements``); both
take the same path from here. Each credit and each reversed direct debit is matched (``matching.py``) and booked on the
tenancy, or put on the review list (``UnmatchedPayment``) — never dropped — unless the same money
was already read from the account's statement in the other format (``same_money.py``). Outgoing
payments that are not a storno (suppliers, bank costs) are counted as skipped: they are not rent.
"""

from __future__ import annotations

from pathlib import Path

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from verbinding.imports import statement_rules as rules
from verbinding.imports.matching import build_index, match_entry
from verbinding.imports.models import (
    BankStatement,
    BankTransaction,
    ImportRun,
    StatementFamily,
    UnmatchedPayment,
    WarningKind,
)
from verbinding.imports.outcome import Outcome, Problems, Rejected
from verbinding.imports.parsers.base import FileFacts, ImportProblem, RowProblems, decode_bytes
from verbinding.imports.parsers.camt import read_camt053
from verbinding.imports.parsers.detect import bank_format
from verbinding.imports.parsers.mt940 import read_mt940
from verbinding.imports.parsers.statement import BankEntry, Direction, Statement, fingerprint
from verbinding.imports.same_money import Money, pair
from verbinding.ledger.models import EntryKind, LedgerEntry


def read_statement(path: Path, facts: FileFacts) -> tuple[str, list[Statement]]:
    """(format label, statements) or :class:`Rejected`."""
    fmt = bank_format(facts.head)
    try:
        if fmt == "camt053":
            return read_camt053(path.read_bytes())
        if fmt == "mt940":
            return "MT940", read_mt940(decode_bytes(path.read_bytes(), facts.encoding))
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


def check_balances(statements: list[Statement], *, allow_unbalanced: bool) -> list[dict[str, str]]:
    """Warnings for statements that do not add up but are allowed; else :class:`Rejected`."""
    problems = Problems()
    warnings: list[dict[str, str]] = []
    for s in statements:
        issue = rules.reconcile(s)
        if issue is None:
            continue
        field, message = issue
        if allow_unbalanced:
            warnings.append(
                {
                    "kind": WarningKind.UNBALANCED,
                    "message": _("imported although it does not add up: %(message)s")
                    % {"message": message},
                }
            )
        else:
            problems.add(ImportProblem(s.line, field, message))
    if problems:
        raise Rejected(problems)
    return warnings


def statement_fingerprint(s: Statement) -> str:
    return fingerprint(
        (
            s.family,
            s.account_iban,
            s.statement_id,
            str(s.number),
            str(s.page),
            str(s.opening_cents),
            str(s.opening_on),
            str(s.closing_cents),
            str(s.closing_on),
            str(s.movement_cents),
            *(e.fingerprint for e in s.entries),
        )
    )


def _order(row: BankStatement) -> tuple[str, int]:
    return (str(row.closing_on), row.number or 0)


def register_statement(
    s: Statement, *, run: ImportRun, label: str, balanced: bool
) -> tuple[BankStatement, list[str]]:
    """The stored statement (new, or the same one imported before) and what does not follow on."""
    key = statement_fingerprint(s)
    known = BankStatement.objects.filter(fingerprint=key).first()
    if known is not None:
        return known, []
    row = BankStatement.objects.create(
        import_run=run,
        fingerprint=key,
        family=s.family,
        file_format=label[:40],
        account_iban=s.account_iban,
        statement_id=s.statement_id,
        number=s.number,
        page=s.page,
        opening_cents=s.opening_cents,
        opening_on=s.opening_on,
        closing_cents=s.closing_cents,
        closing_on=s.closing_on,
        balanced=balanced,
        entry_count=len(s.entries),
    )
    if s.closing_on is None:
        return row, []
    chain = BankStatement.objects.filter(account_iban=s.account_iban, family=s.family).exclude(
        pk=row.pk
    )
    mine = _order(row)
    before = [
        r
        for r in chain.filter(closing_on__lte=s.closing_on).order_by(
            "-closing_on", "-number", "-id"
        )[:20]
        if _order(r) <= mine
    ]
    after = [
        r
        for r in chain.filter(closing_on__gte=s.closing_on).order_by("closing_on", "number", "id")[
            :20
        ]
        if _order(r) > mine
    ]
    warnings: list[str] = []
    cur = rules.Facts.of(row)
    if before:
        prev = before[0]
        if _order(prev) == mine and prev.number:
            warnings.append(
                _(
                    "overlap: %(statement)s was imported before with other contents (import #%(run)s)"
                )
                % {"statement": rules.describe(cur), "run": prev.import_run_id}
            )
        else:
            warnings += rules.follow_on(rules.Facts.of(prev), cur)
    if after:
        warnings += rules.follow_on(cur, rules.Facts.of(after[0]))
    twin = (
        BankStatement.objects.filter(account_iban=s.account_iban, closing_on=s.closing_on)
        .exclude(family=s.family)
        .order_by("id")
        .first()
    )
    if twin is not None and (
        message := rules.disagree(cur, rules.Facts.of(twin), twin.get_family_display())
    ):
        warnings.append(message)
    return row, warnings


def _known_refs(refs: list[str]) -> set[str]:
    known: set[str] = set()
    for start in range(0, len(refs), 500):
        chunk = refs[start : start + 500]
        for model in (LedgerEntry, UnmatchedPayment, BankTransaction):
            known.update(
                str(r)
                for r in model.objects.filter(external_ref__in=chunk).values_list(
                    "external_ref", flat=True
                )
            )
    return known


def _money(e: BankEntry) -> Money:
    return Money(
        e.account_iban,
        e.booked_on,
        e.amount_cents,
        e.direction,
        e.counterparty_iban,
        e.end_to_end_id,
        e.mandate_id,
    )


def _earlier(family: str, new: list[BankEntry]) -> list[tuple[int, Money]]:
    """Transactions of the other format that could be the same money, not yet claimed."""
    if not new:
        return []
    rows = (
        BankTransaction.objects.filter(
            account_iban__in={e.account_iban for e in new},
            booked_on__range=(min(e.booked_on for e in new), max(e.booked_on for e in new)),
            amount_cents__in={e.amount_cents for e in new},
        )
        .exclude(family=family)
        .exclude(Q(copies__family=family))
        .values_list(
            "id",
            "account_iban",
            "booked_on",
            "amount_cents",
            "direction",
            "counterparty_iban",
            "end_to_end_id",
            "mandate_id",
        )
    )
    return [(row[0], Money(*row[1:])) for row in rows]


def import_bank(
    *, path: Path, facts: FileFacts, run: ImportRun, allow_unbalanced: bool = False
) -> Outcome:
    label, statements = read_statement(path, facts)
    return import_statements(
        label=label, statements=statements, run=run, allow_unbalanced=allow_unbalanced
    )


def import_statements(
    *, label: str, statements: list[Statement], run: ImportRun, allow_unbalanced: bool = False
) -> Outcome:
    """Statements read from a file or received through the API (VERA JSON): reconciled, checked
    for continuity, deduplicated, matched and booked, in the caller's transaction."""
    outcome = Outcome(file_format=label)
    unbalanced = check_balances(statements, allow_unbalanced=allow_unbalanced)
    outcome.warnings.extend(unbalanced)
    owner: dict[str, BankStatement] = {}
    for s in statements:
        row, warnings = register_statement(
            s, run=run, label=label, balanced=rules.reconcile(s) is None
        )
        outcome.warnings.extend({"kind": WarningKind.CONTINUITY, "message": w} for w in warnings)
        for e in s.entries:
            owner[e.fingerprint] = row
    entries = [e for s in statements for e in s.entries]
    family = statements[0].family if statements else StatementFamily.MT940
    relevant = [e for e in entries if e.direction != Direction.OTHER]
    outcome.skipped = len(entries) - len(relevant)
    known = _known_refs([e.fingerprint for e in relevant])
    new = [e for e in relevant if e.fingerprint not in known]
    outcome.unchanged = len(relevant) - len(new)
    same = pair([_money(e) for e in new], _earlier(family, new))
    transactions = [
        BankTransaction(
            statement=owner[e.fingerprint],
            external_ref=e.fingerprint,
            family=family,
            account_iban=e.account_iban,
            booked_on=e.booked_on,
            amount_cents=e.amount_cents,
            direction=e.direction,
            counterparty_iban=e.counterparty_iban,
            end_to_end_id=e.end_to_end_id[:140],
            mandate_id=e.mandate_id[:140],
            same_as_id=same.get(i),
        )
        for i, e in enumerate(new)
    ]
    if same:
        outcome.unchanged += len(same)
        outcome.warnings.append(
            {
                "kind": WarningKind.SAME_MONEY,
                "message": ngettext(
                    "%(count)s transaction was already booked from the other format "
                    "(MT940 or camt.053) and was not booked again",
                    "%(count)s transactions were already booked from the other format "
                    "(MT940 or camt.053) and were not booked again",
                    len(same),
                )
                % {"count": len(same)},
            }
        )
    _book([e for i, e in enumerate(new) if i not in same], run, outcome)
    BankTransaction.objects.bulk_create(transactions, batch_size=1000)
    return outcome


def _book(new: list[BankEntry], run: ImportRun, outcome: Outcome) -> None:
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
