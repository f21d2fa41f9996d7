"""Writes for letters: template versions (manager), sending (records a contact moment, channel
BRI, outcome 'sent'), and the receipt date of a 14-dagenbrief. Every write is audited."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from verbinding import clock
from verbinding.accounts.roles import Role
from verbinding.arrears import history
from verbinding.arrears import rules as arrears_rules
from verbinding.arrears.history import policy_on
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


def postcode(code: str) -> str:
    """A Dutch postcode as written on an envelope: "7401JT" → "7401 JT"."""
    flat = code.replace(" ", "").upper()
    return f"{flat[:4]} {flat[4:]}" if len(flat) == 6 else code


def month_label(due: dt.date) -> str:
    return date_format(due, "F Y")


class LetterNeedsReason(LetterError):
    """Sending now needs a reason (an arrangement is being kept or waits for the team lead)."""


@dataclass(frozen=True)
class Prepared:
    """A letter ready to render: its context and what it states."""

    context: dict[str, Any]
    arrears_cents: int
    costs_cents: int
    vat_cents: int = 0
    claim: rules.Claim | None = None
    refusal: str = ""  # why a 14-dagenbrief cannot be sent now ("" when it can)
    warnings: tuple[str, ...] = ()  # why sending now needs a reason


def _warnings(tenancy: Tenancy) -> tuple[str, ...]:
    """Sending a 14-dagenbrief while help is working needs a reason (issue 11)."""
    from verbinding.arrangements.models import ApprovalState, InstalmentStatus, PaymentArrangement

    found = []
    for arrangement in PaymentArrangement.objects.filter(
        tenancy=tenancy, status__in=("AAN", "ACT")
    ).prefetch_related("instalments"):
        if arrangement.status == "AAN" and arrangement.approval == ApprovalState.PENDING:
            found.append(
                _("An arrangement request from %(day)s is waiting for the team lead.")
                % {"day": date_format(arrangement.created_on, "j F Y")}
            )
        elif arrangement.status == "ACT" and not any(
            i.status == InstalmentStatus.MISSED for i in arrangement.instalments.all()
        ):
            found.append(
                _("The tenant keeps to a payment arrangement agreed on %(day)s.")
                % {"day": date_format(arrangement.decided_on or arrangement.created_on, "j F Y")}
            )
    return tuple(found)


def _reminded(tenancy: Tenancy, on: dt.date) -> bool:
    """Whether a reminder was in fact sent in the current arrears episode."""
    from verbinding.arrears.episodes import current_episode

    episode = current_episode(tenancy.id, on=on, rent_cents=tenancy.rent_cents)
    if episode is None:
        return False
    return Letter.objects.filter(
        tenancy=tenancy, kind=LetterKind.REMINDER, sent_on__gte=episode.start, sent_on__lte=on
    ).exists()


def letter_prepare(
    *,
    household: Household,
    tenancy: Tenancy,
    kind: str,
    actor: Any,
    on: dt.date,
    arrangement: Any = None,
) -> Prepared:
    """The fixed context for a letter and what it states. A 14-dagenbrief claims only the rent in
    default, with costs over that principal (``rules.claim``); see docs/law.md."""
    grace = policy_on(on).grace_days
    entries = history.entries([tenancy.id], upto=on).get(tenancy.id, [])
    balance = sum(e.amount_cents for e in entries)
    facts = arrears_rules.overdue(entries, balance, on, grace, tenancy.rent_cents)
    unit = tenancy.unit
    context: dict[str, Any] = {
        "name": _addressee(household),
        "address": f"{unit.address}, {postcode(unit.postcode)} {unit.city}",
        "association": settings.ASSOCIATION_NAME,
        "date": date_format(on, "j F Y"),
        "contract": tenancy.external_id,
        "reference": tenancy.payment_reference,
        "iban": settings.ASSOCIATION_IBAN,
        "rent": format_euro(tenancy.rent_cents),
        "arrears": format_euro(facts.arrears_cents),
        "costs": format_euro(0),
        "total": format_euro(facts.arrears_cents),
        "advisor": actor.get_full_name() or actor.username,
        "advisor_phone": getattr(actor, "phone", "") or settings.ASSOCIATION_PHONE,
        "advisor_email": getattr(actor, "email", "") or settings.ASSOCIATION_EMAIL,
        "team_phone": settings.ASSOCIATION_PHONE,
        "team_email": settings.ASSOCIATION_EMAIL,
    }
    if kind == LetterKind.REMINDER:
        context.update(_signal_context(tenancy, on))
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
    if kind != LetterKind.FOURTEEN_DAY:
        return Prepared(context, facts.arrears_cents, 0)
    found = rules.claim(entries, balance, on, grace)
    vat = rules.vat_cents(found.costs_cents, settings.LETTERS_VAT_PERCENT)
    costs = found.costs_cents + vat
    refusal = ""
    if not found.months:
        if found.not_in_default:
            due, _cents = found.not_in_default[0]
            refusal = _(
                "No rent is in default yet: the rent due on %(due)s counts as unpaid only from "
                "%(day)s (due date plus %(grace)s days). A 14-dagenbrief can claim costs only "
                "after default (art. 6:96 lid 6 BW)."
            ) % {
                "due": date_format(due, "j F Y"),
                "day": date_format(due + dt.timedelta(days=grace), "j F Y"),
                "grace": grace,
            }
        else:
            refusal = _("There is no rent in arrears to write about.")
    context.update(
        months=[f"{month_label(d)}: {format_euro(c)}" for d, c in found.months],
        principal=format_euro(found.principal_cents),
        costs=format_euro(costs),
        costs_vat=format_euro(vat) if vat else "",
        vat_percent=settings.LETTERS_VAT_PERCENT if vat else 0,
        other=format_euro(found.other_cents) if found.other_cents else "",
        not_yet_due=[f"{month_label(d)}: {format_euro(c)}" for d, c in found.not_in_default],
        total=format_euro(found.principal_cents + costs),
        reminded=_reminded(tenancy, on),
    )
    return Prepared(
        context,
        found.principal_cents,
        costs,
        vat,
        found,
        str(refusal),
        _warnings(tenancy),
    )


def _signal_context(tenancy: Tenancy, on: dt.date) -> dict[str, Any]:
    """What a reminder announces about the early signal: the waiting days and the data set."""
    from verbinding.earlysignals import selectors as signal_selectors

    policy = signal_selectors.policy_current(on=on)
    fields = signal_selectors.data_set_for(tenancy=tenancy)
    return {
        "waiting_days": policy.waiting_days,
        "signal_data": signal_selectors.data_set_words(fields),
    }


def _announced(tenancy: Tenancy) -> list[str]:
    """The data set a reminder announces to pass on to the municipality (stored with the letter,
    so that the signal exports exactly that)."""
    from verbinding.earlysignals import selectors as signal_selectors

    return list(signal_selectors.data_set_for(tenancy=tenancy))


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
    prepared = letter_prepare(
        household=household,
        tenancy=tenancy,
        kind=kind,
        actor=actor,
        on=on,
        arrangement=arrangement,
    )
    return prepared.context, prepared.arrears_cents, prepared.costs_cents


@transaction.atomic
def letter_send(
    *,
    household: Household,
    tenancy: Tenancy,
    kind: str,
    actor: Any,
    sent_on: dt.date | None = None,
    arrangement: Any = None,
    reason: str = "",
) -> Letter:
    """Make the letter from the current template and record it as sent (contact moment BRI).

    A 14-dagenbrief is refused, with the reason, when no rent is in default; while an arrangement
    is being kept or waits for the team lead it needs a ``reason`` (recorded and audited)."""
    day = sent_on or clock.today()
    if tenancy.household_id != household.id:
        raise LetterError("The tenancy belongs to another household.")
    if kind == LetterKind.CONFIRMATION and arrangement is None:
        raise LetterError("A confirmation needs an arrangement.")
    if arrangement is not None and arrangement.household_id != household.id:
        raise LetterError("The arrangement belongs to another household.")
    template = template_current(kind=kind)
    prepared = letter_prepare(
        household=household,
        tenancy=tenancy,
        kind=kind,
        actor=actor,
        on=day,
        arrangement=arrangement,
    )
    context = prepared.context
    if prepared.refusal:
        raise LetterError(prepared.refusal)
    if prepared.warnings and not reason.strip():
        raise LetterNeedsReason(" ".join(prepared.warnings))
    unit = tenancy.unit
    contact = contact_record(
        household=household,
        channel="BRI",
        outcome=Outcome.SENT,
        actor=actor,
        note=f"{LetterKind(kind).label}: {sandbox.render(template.subject, context)}",
        # A letter of an earlier day counts from 9:00 that day; one sent today is dated now at the
        # latest (just after midnight 9:00 would lie in the future, which contacts refuse).
        occurred_at=min(timezone.make_aware(dt.datetime.combine(day, dt.time(9, 0))), clock.now()),
    )
    found = prepared.claim
    letter = Letter.objects.create(
        household=household,
        tenancy=tenancy,
        kind=kind,
        template=template,
        arrangement=arrangement,
        addressee=context["name"],
        address_lines=f"{unit.address}\n{postcode(unit.postcode)} {unit.city}",
        subject=sandbox.render(template.subject, context).strip(),
        body=sandbox.render(template.body, context).strip(),
        offers_signal=template.offers_signal,
        signal_fields=_announced(tenancy) if template.offers_signal else [],
        arrears_cents=prepared.arrears_cents,
        costs_cents=prepared.costs_cents,
        vat_cents=prepared.vat_cents,
        months=[{"due": d.isoformat(), "cents": c} for d, c in found.months] if found else [],
        send_reason=reason.strip()[:300] if prepared.warnings else "",
        sent_on=day,
        contact=contact,
        created_by=actor,
    )
    audit_change(
        actor=actor,
        obj=letter,
        before=None,
        household_id=household.id,
        summary="letter sent"
        + (" despite: " + " ".join(prepared.warnings) if prepared.warnings else ""),
        reason=letter.send_reason,
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
