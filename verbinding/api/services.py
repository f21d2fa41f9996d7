"""Writes of the API: clients and their keys, bulk upserts (through the importers' own code),
idempotent replies. Each is atomic and audited, as any service."""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, transaction

from verbinding.api.auth import KEY_PREFIX, key_hash
from verbinding.api.bulk import (
    check_list,
    household_rows,
    ledger_errors,
    ledger_rows,
    tenancy_rows,
)
from verbinding.api.models import ApiClient, IdempotentReply
from verbinding.api.problems import BulkRejected, IdempotencyConflict
from verbinding.api.scopes import SCOPES
from verbinding.audit.models import AuditAction
from verbinding.audit.services import audit_change, audit_record
from verbinding.imports.ledger_import import ingest_ledger
from verbinding.imports.outcome import Outcome, Problems, Rejected
from verbinding.imports.register_import import upsert_households, upsert_tenancies
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


@transaction.atomic
def tenancies_bulk_upsert(*, items: Any, actor: Any) -> dict[str, int]:
    """Create or update huurovereenkomsten (with their eenheden and IBANs) by idExtern."""
    items = check_list(items, MAX_ITEMS)
    try:
        rows, errors = tenancy_rows(items)
        if errors.errors:
            raise _rejected(errors.errors)
        outcome = upsert_tenancies(
            rows=rows, problems=Problems(), actor=actor, summary="API bulk huurovereenkomsten"
        )
    except Rejected as exc:
        errors.from_problems(exc.problems)
        raise _rejected(errors.errors, exc.problems.count) from None
    if outcome.changed_tenancy_ids:
        hooks.ledger_changed(tenancy_ids=sorted(outcome.changed_tenancy_ids))
    audit_record(
        actor=actor,
        action=AuditAction.IMPORT,
        object_type="households.tenancy",
        summary=f"API bulk huurovereenkomsten: {_summary(outcome)}",
    )
    return _summary(outcome)


@transaction.atomic
def households_bulk_upsert(*, items: Any, actor: Any) -> dict[str, int]:
    """Create or update huishoudens (relatiegroepen) and their people by idExtern."""
    items = check_list(items, MAX_ITEMS)
    try:
        rows, errors = household_rows(items)
        if errors.errors:
            raise _rejected(errors.errors)
        outcome = upsert_households(
            rows=rows, problems=Problems(), actor=actor, summary="API bulk huishoudens"
        )
    except Rejected as exc:
        errors.from_problems(exc.problems)
        raise _rejected(errors.errors, exc.problems.count) from None
    audit_record(
        actor=actor,
        action=AuditAction.IMPORT,
        object_type="households.household",
        summary=f"API bulk huishoudens: {_summary(outcome)}",
    )
    return _summary(outcome)


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
    if outcome.changed_tenancy_ids:
        hooks.ledger_changed(tenancy_ids=sorted(outcome.changed_tenancy_ids))
    audit_record(
        actor=actor,
        action=AuditAction.IMPORT,
        object_type="ledger.ledgerentry",
        summary=f"API bulk boekingen: {_summary(outcome)}",
    )
    return _summary(outcome)


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
