"""Writes of the API: clients and their keys, bulk upserts (through the importers' own code),
idempotent replies. Each is atomic and audited, as any service."""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from rest_framework.exceptions import NotFound

from verbinding import clock
from verbinding.api.auth import KEY_PREFIX, key_hash
from verbinding.api.bulk import (
    check_list,
    household_rows,
    ledger_errors,
    ledger_rows,
    tenancy_rows,
)
from verbinding.api.models import ApiClient, IdempotentReply
from verbinding.api.problems import (
    TITLES,
    TYPE_BASE,
    AlreadyRated,
    BulkRejected,
    IdempotencyConflict,
    _flatten,
)
from verbinding.api.scopes import SCOPES
from verbinding.api.serializers import (
    BankafschriftSchrijvenSerializer,
    KwaliteitsmetingsresultaatSchrijvenSerializer,
)
from verbinding.audit.models import AuditAction
from verbinding.audit.services import audit_change, audit_record
from verbinding.feedback.models import Via
from verbinding.feedback.selectors import survey_requests_for
from verbinding.feedback.services import AlreadyAnswered, appreciation_give
from verbinding.imports.ledger_import import ingest_ledger
from verbinding.imports.models import ImportStatus, StatementFamily
from verbinding.imports.outcome import Outcome, Problems, Rejected
from verbinding.imports.parsers.base import ImportProblem, valid_iban
from verbinding.imports.parsers.statement import (
    BankEntry,
    Direction,
    Statement,
    with_external_refs,
)
from verbinding.imports.register_import import upsert_households, upsert_tenancies
from verbinding.imports.services import import_statements_received
from verbinding.ledger import hooks

MAX_ITEMS = 100_000


@transaction.atomic
def api_client_create(
    *,
    name: str,
    user: Any,
    scopes: list[str],
    actor: Any,
    oidc_client_id: str | None = None,
    rate: str = "600/min",
    with_key: bool = True,
) -> tuple[ApiClient, str | None]:
    """A new client; returns it and its API key (shown once; only the hash is kept)."""
    unknown = [s for s in scopes if s not in SCOPES]
    if unknown:
        raise ValueError(f"Unknown scopes: {', '.join(unknown)}")
    client = ApiClient(
        name=name, user=user, scopes=list(scopes), oidc_client_id=oidc_client_id or None, rate=rate
    )
    key = None
    if with_key:
        prefix = secrets.token_hex(4)
        key = f"{KEY_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
        client.key_prefix, client.key_hash = prefix, key_hash(key)
    client.save()
    audit_change(actor=actor, obj=client, before=None, summary=f"API client {name}")
    return client, key


@transaction.atomic
def api_client_new_key(*, client: ApiClient, actor: Any) -> str:
    """Replace the client's key (the old one stops working at once)."""
    prefix = secrets.token_hex(4)
    key = f"{KEY_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    client.key_prefix, client.key_hash = prefix, key_hash(key)
    client.save(update_fields=["key_prefix", "key_hash"])
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=client, summary="API key replaced")
    return key


def _summary(outcome: Outcome) -> dict[str, int]:
    return {
        "aangemaakt": outcome.created,
        "gewijzigd": outcome.updated,
        "ongewijzigd": outcome.unchanged,
    }


def _rejected(errors: list[dict[str, Any]], total: int | None = None) -> BulkRejected:
    count = total if total is not None else len(errors)
    return BulkRejected(
        errors, f"{count} problem(s); the request was refused whole, nothing was written."
    )


def _upsert(
    *,
    items: Any,
    actor: Any,
    parse: Callable[[list[Any]], tuple[Any, Any]],
    upsert: Callable[..., Outcome],
    what: str,
    object_type: str,
) -> dict[str, int]:
    """Parse the items with the importers' row parsers, upsert them, refuse all on any problem."""
    items = check_list(items, MAX_ITEMS)
    try:
        rows, errors = parse(items)
        if errors.errors:
            raise _rejected(errors.errors)
        outcome = upsert(rows=rows, problems=Problems(), actor=actor, summary=f"API bulk {what}")
    except Rejected as exc:
        errors.from_problems(exc.problems)
        raise _rejected(errors.errors, exc.problems.count) from None
    return _done(outcome, actor=actor, what=what, object_type=object_type)


def _done(outcome: Outcome, *, actor: Any, what: str, object_type: str) -> dict[str, int]:
    """After a bulk write: the ledger hooks for changed tenancies, one audit row, the counts."""
    if outcome.changed_tenancy_ids:
        hooks.ledger_changed(tenancy_ids=sorted(outcome.changed_tenancy_ids))
    audit_record(
        actor=actor,
        action=AuditAction.IMPORT,
        object_type=object_type,
        summary=f"API bulk {what}: {_summary(outcome)}",
    )
    return _summary(outcome)


@transaction.atomic
def tenancies_bulk_upsert(*, items: Any, actor: Any) -> dict[str, int]:
    """Create or update huurovereenkomsten (with their eenheden and IBANs) by idExtern."""
    return _upsert(
        items=items,
        actor=actor,
        parse=tenancy_rows,
        upsert=upsert_tenancies,
        what="huurovereenkomsten",
        object_type="households.tenancy",
    )


@transaction.atomic
def households_bulk_upsert(*, items: Any, actor: Any) -> dict[str, int]:
    """Create or update huishoudens (relatiegroepen) and their people by idExtern."""
    return _upsert(
        items=items,
        actor=actor,
        parse=household_rows,
        upsert=upsert_households,
        what="huishoudens",
        object_type="households.household",
    )


@transaction.atomic
def bookings_bulk_add(*, items: Any, actor: Any, client: ApiClient | None) -> dict[str, int]:
    """Add boekingen (rent ledger lines) by idExtern; a booking cannot change once booked."""
    items = check_list(items, MAX_ITEMS)
    errors = ledger_errors()
    problems = Problems()
    try:
        rows = ledger_rows(items, errors, problems)
        outcome = ingest_ledger(
            rows=rows, problems=problems, source=f"api:{client.pk}" if client else "vera-file"
        )
    except Rejected as exc:
        errors.from_problems(exc.problems)
        raise _rejected(errors.errors, max(exc.problems.count, len(errors.errors))) from None
    return _done(outcome, actor=actor, what="boekingen", object_type="ledger.ledgerentry")


def request_hash(data: Any) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


def idempotent(
    *, client: ApiClient, key: str, data: Any, work: Callable[[], tuple[int, Any]]
) -> tuple[int, Any, bool]:
    """Run ``work`` once per (client, key): a retry with the same body gets the stored reply
    (``replayed`` True), another body a 409. The reply is stored in the transaction of the work,
    so a concurrent duplicate loses on the unique constraint and is answered from the winner."""
    digest = request_hash(data)

    def stored() -> IdempotentReply | None:
        return IdempotentReply.objects.filter(client=client, key=key).first()

    def replay(reply: IdempotentReply) -> tuple[int, Any, bool]:
        if reply.request_hash != digest:
            raise IdempotencyConflict()
        return reply.status_code, reply.body, True

    if (reply := stored()) is not None:
        return replay(reply)
    try:
        with transaction.atomic():
            status, body = work()
            IdempotentReply.objects.create(
                client=client, key=key, request_hash=digest, status_code=status, body=body
            )
    except IntegrityError:
        if (reply := stored()) is not None:
            return replay(reply)
        raise
    return status, body, False


# --- bank statements (VERA Bankafschrift) through the same import as CAMT.053 / MT940 ----------

STATEMENT_FIELDS = {"rekening": "rekening", "eindsaldo": "eindsaldo"}


def _cents(value: Any) -> int:
    return int((Decimal(value) * 100).to_integral_value())


def _statement_entry(index: int, row: dict[str, Any], account: str) -> BankEntry:
    """One validated bankafschriftRegel as the importers' BankEntry (line = index + 1)."""
    incoming = _cents(row.get("bijBedrag") or 0)
    outgoing = _cents(row.get("afBedrag") or 0)
    reason = row.get("vb_retourreden", "")
    storno = bool(row.get("vb_storno"))
    if incoming and not storno:
        direction = Direction.PAYMENT
    elif outgoing and (reason or storno):
        direction = Direction.REVERSAL
    else:
        direction = Direction.OTHER
    counterparty = row.get("vb_tegenrekening", "")
    if counterparty:
        try:
            counterparty = valid_iban(counterparty)
        except ValueError as exc:
            raise ImportProblem(index + 1, "vb_tegenrekening", str(exc)) from None
    return BankEntry(
        line=index + 1,
        account_iban=account,
        booked_on=row["valutadatum"],
        amount_cents=incoming or outgoing,
        direction=direction,
        counterparty_name=row.get("vb_tegenpartij", ""),
        counterparty_iban=counterparty,
        remittance=row.get("omschrijving", ""),
        creditor_reference=row.get("betalingskenmerk", ""),
        end_to_end_id=row.get("vb_endToEndId", "").replace("NOTPROVIDED", ""),
        mandate_id=row.get("vb_machtigingskenmerk", ""),
        return_reason=reason,
        bank_reference=row.get("idExtern", ""),
    )


def statement_from_vera(data: dict[str, Any]) -> Statement:
    """A validated VERA Bankafschrift as the importers' Statement; problems per line."""
    problems: list[ImportProblem] = []
    try:
        account = valid_iban(data["rekening"])
    except ValueError as exc:
        raise Rejected.one(ImportProblem(0, "rekening", str(exc))) from None
    entries: list[BankEntry] = []
    movement = 0
    for index, row in enumerate(data["bankafschriftRegels"]):
        try:
            entry = _statement_entry(index, row, account)
        except ImportProblem as problem:
            problems.append(problem)
            continue
        entries.append(entry)
        movement += _cents(row.get("bijBedrag") or 0) - _cents(row.get("afBedrag") or 0)
    if problems:
        rejected = Rejected.one(problems[0])
        rejected.problems.extend(problems[1:])
        raise rejected
    return Statement(
        line=0,
        family=StatementFamily.VERA,
        account_iban=account,
        statement_id=data["idExtern"],
        number=data.get("vb_volgnummer"),
        page=None,
        opening_cents=_cents(data["beginsaldo"]),
        opening_on=data.get("vb_begindatum"),
        closing_cents=_cents(data["eindsaldo"]),
        closing_on=data["vb_einddatum"],
        closing_final=True,
        closing_field="eindsaldo",
        movement_cents=movement,
        entries=with_external_refs(entries, "vera"),
    )


def _pointer(problem: dict[str, Any]) -> str:
    line, field = int(problem.get("line") or 0), str(problem.get("field") or "")
    where = f"/bankafschriftRegels/{line - 1}" if line > 0 else ""
    return f"{where}/{field}" if field else where or "/"


def bank_statement_receive(*, data: Any, actor: Any) -> tuple[int, dict[str, Any]]:
    """Receive one bank statement (VERA JSON) and import it through the same service as a
    CAMT.053 or MT940 file. Returns (status, body): 200 with the counts, or 422 with the problems
    (the rejected import stays on record, as for a file)."""
    serializer = BankafschriftSchrijvenSerializer(data=data)
    if not serializer.is_valid():
        raise BulkRejected(_flatten(serializer.errors), "The statement does not match the schema.")
    valid = serializer.validated_data
    name = f"API bankafschrift {valid['idExtern']}"
    try:
        statement = statement_from_vera(valid)
    except Rejected as exc:
        problems = [p.as_dict() for p in exc.problems.shown]
        raise BulkRejected(
            [{"pointer": _pointer(p), "detail": p["message"]} for p in problems],
            f"{exc.problems.count} problem(s); the statement was refused whole.",
        ) from None
    run = import_statements_received(
        statements=[statement], name=name, digest=request_hash(data), actor=actor
    )
    if run.status == ImportStatus.REJECTED:
        return 422, {
            "type": TYPE_BASE + "unprocessable-content",
            "title": TITLES[422],
            "status": 422,
            "detail": f"{run.message}; the statement was refused whole, nothing was written.",
            "vb_import": str(run.pk),
            "errors": [{"pointer": _pointer(p), "detail": p["message"]} for p in run.problems],
        }
    return 200, {
        "vb_import": str(run.pk),
        "status": run.status,
        "geboekt": run.created_count,
        "ongewijzigd": run.unchanged_count,
        "teBeoordelen": run.unmatched_count,
        "overgeslagen": run.skipped_count,
        "waarschuwingen": [str(w.get("message", "")) for w in run.warnings],
    }


# --- KMT: a survey tool's result (tenant appreciation) ------------------------------------------


def survey_result_receive(*, data: Any, actor: Any) -> tuple[int, dict[str, Any]]:
    """Record a tenant's grade sent by the survey tool, through the feedback service (one answer
    per contact, anonymous unless named). The request must be one the actor may read."""
    serializer = KwaliteitsmetingsresultaatSchrijvenSerializer(data=data)
    if not serializer.is_valid():
        raise BulkRejected(_flatten(serializer.errors), "The result does not match the schema.")
    valid = serializer.validated_data
    raw = str(valid["kwaliteitsmetingsverzoek"]["id"])
    contact = None
    if raw.isascii() and raw.isdigit() and int(raw) <= 2**63 - 1:
        contact = survey_requests_for(user=actor).filter(pk=int(raw)).first()
    if contact is None:
        raise NotFound("No such kwaliteitsmetingsverzoek in the client's reach.")
    today = clock.today()
    day = valid.get("datumReactie") or today
    if not timezone.localdate(contact.occurred_at) <= day <= today:
        raise BulkRejected(
            [{"pointer": "/datumReactie", "detail": "Between the contact's day and today."}],
            "The result was refused.",
        )
    at = clock.now() if day == today else max(clock.start_of(day), contact.occurred_at)
    try:
        appreciation_give(
            contact=contact,
            grade=int(valid["beoordelingsWaarde"]),
            via=Via.SURVEY,
            actor=actor,
            comment=valid.get("toelichtingBeoordeling", ""),
            named=valid["vb_met_naam"],
            at=at,
        )
    except AlreadyAnswered:
        raise AlreadyRated() from None
    return 201, {"kwaliteitsmetingsverzoek": {"id": str(contact.pk)}, "datumReactie": str(day)}
