"""Writes for letters: template versions (manager), sending (records a contact moment, channel
BRI, outcome 'sent'), and the receipt date of a 14-dagenbrief. Every write is audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format

from verbinding import clock
from verbinding.accounts.roles import Role
from verbinding.arrears.history import arrears_for
from verbinding.audit.services import audit_change, snapshot
from verbinding.contacts.models import Outcome
from verbinding.contacts.services import contact_record
from verbinding.households.models import Household, Tenancy
from verbinding.letters import defaults, rules, sandbox
from verbinding.letters.models import Letter, LetterKind, LetterTemplate
from verbinding.web.templatetags.verbinding import format_euro


class LetterError(ValueError):
    pass


def template_current(*, kind: str) -> LetterTemplate:
    """The newest version of a kind (the first versions are created when missing)."""
    current = LetterTemplate.objects.filter(kind=kind).order_by("-version").first()
    if current is None:
        defaults.load(LetterTemplate)
        current = LetterTemplate.objects.filter(kind=kind).order_by("-version").first()
    assert current is not None
    return current


@transaction.atomic
def template_new_version(
    *, kind: str, subject: str, body: str, actor: Any, offers_signal: bool = False, note: str = ""
) -> LetterTemplate:
    if getattr(actor, "role", None) != Role.MANAGER:
        raise LetterError("Only a manager edits the letter texts.")
    if kind not in LetterKind.values:
        raise LetterError(f"Unknown letter kind {kind!r}")
    problem = sandbox.check(body) or sandbox.check(subject)
    if problem:
        raise LetterError(problem)
    latest = LetterTemplate.objects.filter(kind=kind).aggregate(v=Max("version"))["v"] or 0
    template = LetterTemplate.objects.create(
        kind=kind,
        version=latest + 1,
        subject=subject.strip(),
        body=body.replace("\r\n", "\n"),
        offers_signal=offers_signal,
        note=note.strip()[:300],
        created_by=actor,
    )
    audit_change(actor=actor, obj=template, before=None, summary="letter template")
    return template


def _addressee(household: Household) -> str:
    members = [m for m in household.members.all() if m.role in ("HUU", "MDH")]
    names = [m.person.full_name for m in members if m.end_date is None]
    return " en ".join(names) or household.name


def letter_context(
    *,
    household: Household,
    tenancy: Tenancy,
    kind: str,
    actor: Any,
    on: dt.date,
    arrangement: Any = None,
) -> tuple[dict[str, Any], int, int]:
    """The fixed context for a letter, and the arrears and costs it states (cents)."""
    facts = arrears_for(tenancy.id, today=on)
    costs = rules.collection_costs(facts.arrears_cents) if kind == LetterKind.FOURTEEN_DAY else 0
    unit = tenancy.unit
    context: dict[str, Any] = {
        "name": _addressee(household),
        "address": f"{unit.address}, {unit.postcode} {unit.city}",
        "association": settings.ASSOCIATION_NAME,
        "date": date_format(on, "j F Y"),
        "contract": tenancy.external_id,
        "reference": tenancy.payment_reference,
        "rent": format_euro(tenancy.rent_cents),
        "arrears": format_euro(facts.arrears_cents),
        "costs": format_euro(costs),
        "total": format_euro(facts.arrears_cents + costs),
        "advisor": actor.get_full_name() or actor.username,
        "advisor_phone": getattr(actor, "phone", ""),
    }
    if arrangement is not None:
        instalments = list(arrangement.instalments.order_by("number"))
        context.update(
            amount=format_euro(arrangement.amount_cents),
            instalment=format_euro(arrangement.instalment_cents),
            instalments=len(instalments),
            first_due=date_format(arrangement.first_due_on, "j F Y"),
            schedule=[
                f"{date_format(i.due_on, 'j F Y')}: {format_euro(i.amount_cents)}"
                for i in instalments
            ],
        )
    return context, facts.arrears_cents, costs


@transaction.atomic
def letter_send(
    *,
    household: Household,
    tenancy: Tenancy,
    kind: str,
    actor: Any,
    sent_on: dt.date | None = None,
    arrangement: Any = None,
) -> Letter:
    """Make the letter from the current template and record it as sent (contact moment BRI)."""
    day = sent_on or clock.today()
    if tenancy.household_id != household.id:
        raise LetterError("The tenancy belongs to another household.")
    if kind == LetterKind.CONFIRMATION and arrangement is None:
        raise LetterError("A confirmation needs an arrangement.")
    if arrangement is not None and arrangement.household_id != household.id:
        raise LetterError("The arrangement belongs to another household.")
    template = template_current(kind=kind)
    context, arrears, costs = letter_context(
        household=household,
        tenancy=tenancy,
        kind=kind,
        actor=actor,
        on=day,
        arrangement=arrangement,
    )
    if kind == LetterKind.FOURTEEN_DAY and arrears <= 0:
        raise LetterError("There are no arrears to write about.")
    unit = tenancy.unit
    contact = contact_record(
        household=household,
        channel="BRI",
        outcome=Outcome.SENT,
        actor=actor,
        note=f"{LetterKind(kind).label}: {sandbox.render(template.subject, context)}",
        occurred_at=timezone.make_aware(dt.datetime.combine(day, dt.time(9, 0))),
    )
    letter = Letter.objects.create(
        household=household,
        tenancy=tenancy,
        kind=kind,
        template=template,
        arrangement=arrangement,
        addressee=context["name"],
        address_lines=f"{unit.address}\n{unit.postcode} {unit.city}",
        subject=sandbox.render(template.subject, context).strip(),
        body=sandbox.render(template.body, context).strip(),
        offers_signal=template.offers_signal,
        arrears_cents=arrears,
        costs_cents=costs,
        sent_on=day,
        contact=contact,
        created_by=actor,
    )
    audit_change(
        actor=actor, obj=letter, before=None, household_id=household.id, summary="letter sent"
    )
    return letter


@transaction.atomic
def letter_record_receipt(
    *, letter: Letter, received_on: dt.date, evidence: str, actor: Any
) -> Letter:
    """The date the tenant received a 14-dagenbrief (the creditor must be able to prove it)."""
    if received_on < letter.sent_on:
        raise LetterError("A letter cannot be received before it was sent.")
    if received_on > clock.today():
        raise LetterError("The receipt date cannot be in the future.")
    if not evidence.strip():
        raise LetterError("Say how you know the receipt date.")
    before = snapshot(letter)
    letter.received_on = received_on
    letter.receipt_evidence = evidence.strip()[:200]
    letter.save(update_fields=["received_on", "receipt_evidence"])
    audit_change(
        actor=actor,
        obj=letter,
        before=before,
        household_id=letter.household_id,
        summary="letter receipt date",
    )
    return letter
