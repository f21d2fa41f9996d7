"""Send the tenant what was agreed, through the tenant's preferred channel, and record it as a
contact moment. Reminders go only where the tenant agreed to receive them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from verbinding import clock
from verbinding.arrangements.models import Instalment, PaymentArrangement
from verbinding.audit.services import audit_change, snapshot
from verbinding.contacts import services as contacts
from verbinding.contacts.models import ContactMoment, Outcome
from verbinding.households.models import Household
from verbinding.plans.models import Agreement, AgreementState
from verbinding.plans.pdf import latin1
from verbinding.tenantmessages import texts
from verbinding.tenantmessages.models import MessageKind, ReminderConsent, SentReminder
from verbinding.tenantmessages.sms import send_sms
from verbinding.web.templatetags.verbinding import format_euro


class MessageError(ValueError):
    """A message that cannot be sent (the message is for the user)."""


@dataclass(frozen=True)
class Sent:
    channel: str  # VERA COMMUNICATIEKANAAL: EMA, SMS or BRI (a letter to print)
    contact: ContactMoment
    pdf: bytes | None = None  # the letter, when the channel is post


def _tenant(household: Household) -> Any:
    member = household.members.filter(role="HUU").select_related("person").first()
    return member.person if member else None


def _content(kind: str, household: Household, today: dt.date) -> str:
    if kind == MessageKind.PLAN:
        agreements = Agreement.objects.filter(
            plan__household=household, status=AgreementState.OPEN
        ).order_by("due_on", "id")
        lines = [
            f"- {a.what}" + (f" ({date_format(a.due_on, 'j F')})" if a.due_on else "")
            for a in agreements
        ]
        if not lines:
            raise MessageError(_("The plan has no open agreements to send."))
        return "\n".join(lines)
    if kind == MessageKind.ARRANGEMENT:
        arrangement = (
            PaymentArrangement.objects.filter(household=household, status="ACT")
            .order_by("-id")
            .first()
        )
        if arrangement is None:
            raise MessageError(_("There is no running payment arrangement to confirm."))
        open_terms = arrangement.instalments.order_by("number")
        lines = [
            _("%(amount)s on %(date)s")
            % {"amount": format_euro(i.amount_cents), "date": date_format(i.due_on, "j F Y")}
            for i in open_terms
            if i.due_on >= today
        ]
        total = format_euro(arrangement.amount_cents)
        return (
            _("In total %(total)s, in these instalments:") % {"total": total}
            + "\n"
            + "\n".join(f"- {line}" for line in lines)
        )
    if kind == MessageKind.APPOINTMENT:
        planned = (
            ContactMoment.objects.filter(household=household, follow_up_on__gte=today)
            .order_by("follow_up_on")
            .first()
        )
        if planned is None or planned.follow_up_on is None:
            raise MessageError(_("No next appointment is planned."))
        return _("We see each other again on %(date)s.") % {
            "date": date_format(planned.follow_up_on, "l j F Y")
        }
    raise MessageError(_("Unknown kind of message."))


def _letter_pdf(subject: str, body: str) -> bytes:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 15)
    pdf.multi_cell(0, 8, latin1(subject))
    pdf.ln(4)
    pdf.set_font("Helvetica", "", 11)
    pdf.multi_cell(0, 6, latin1(body))
    return bytes(pdf.output())


@transaction.atomic
def send_to_tenant(
    *, household: Household, kind: str, actor: Any, content: str | None = None
) -> Sent:
    """Send ``kind`` (plan, arrangement, appointment) to the tenant by their preferred channel:
    e-mail, SMS (or app), otherwise a letter to print. Recorded as a contact moment."""
    today = clock.today()
    person = _tenant(household)
    if person is None:
        raise MessageError(_("The household has no tenant to write to."))
    body_content = content if content is not None else _content(kind, household, today)
    subject, body = texts.render(
        kind,
        {
            "name": person.full_name,
            "content": body_content,
            "advisor": actor.get_full_name() or actor.username,
            "phone": getattr(actor, "phone", "") or "",
        },
    )
    preferred = household.preferred_channel
    pdf = None
    if preferred == "EMA":
        if not person.email:
            raise MessageError(_("No e-mail address is known for the tenant."))
        send_mail(subject, body, None, [person.email])
        channel = "EMA"
    elif preferred in ("SMS", "APP"):
        if not person.phone:
            raise MessageError(_("No phone number is known for the tenant."))
        send_sms(person.phone, f"{subject}\n{body}")
        channel = "SMS"
    else:
        pdf = _letter_pdf(subject, body)
        channel = "BRI"
    contact = contacts.contact_record(
        household=household,
        channel=channel,
        outcome=Outcome.SENT,
        actor=actor,
        note=_("Sent to the tenant: %(what)s") % {"what": MessageKind(kind).label},
    )
    return Sent(channel, contact, pdf)


@transaction.atomic
def reminder_consent_set(
    *, household: Household, given: bool, actor: Any
) -> ReminderConsent | None:
    """Record that the tenant agreed to reminders (again), or withdrew; audited on the household
    (the API's communicatievoorkeuren pull it as a change)."""
    today = clock.today()
    consent = ReminderConsent.objects.select_for_update().filter(household=household).first()
    before = snapshot(consent) if consent is not None else None
    if given:
        if consent is None:
            consent = ReminderConsent.objects.create(
                household=household, given_on=today, recorded_by=actor
            )
        else:
            consent.given_on, consent.revoked_on, consent.recorded_by = today, None, actor
            consent.save(update_fields=["given_on", "revoked_on", "recorded_by"])
    elif consent is not None and consent.revoked_on is None:
        consent.revoked_on = today
        consent.save(update_fields=["revoked_on"])
    else:
        return consent
    audit_change(
        actor=actor,
        obj=consent,
        before=before,
        household_id=household.pk,
        summary="reminder consent " + ("given" if given else "withdrawn"),
    )
    return consent


def send_instalment_reminders(*, today: dt.date, days_ahead: int = 3) -> int:
    """Remind tenants who agreed to reminders of an instalment due in ``days_ahead`` days, once
    per instalment (a rerun sends nothing twice). Returns how many were sent."""
    due = today + dt.timedelta(days=days_ahead)
    instalments = Instalment.objects.filter(
        due_on=due,
        status="open",
        arrangement__status="ACT",
        arrangement__household__reminder_consent__revoked_on__isnull=True,
        arrangement__household__reminder_consent__isnull=False,
    ).select_related("arrangement__household", "arrangement__created_by")
    sent = 0
    for instalment in instalments:
        household = instalment.arrangement.household
        try:
            with transaction.atomic():
                SentReminder.objects.create(
                    kind=MessageKind.INSTALMENT_REMINDER,
                    object_id=instalment.id,
                    household=household,
                    sent_at=clock.now(),
                )
                send_to_tenant(
                    household=household,
                    kind=MessageKind.INSTALMENT_REMINDER,
                    actor=instalment.arrangement.created_by,
                    content=_("On %(date)s your instalment of %(amount)s is due.")
                    % {
                        "date": date_format(instalment.due_on, "l j F"),
                        "amount": format_euro(instalment.amount_cents),
                    },
                )
        except IntegrityError:
            continue  # already sent (another run)
        except MessageError:
            continue  # no address for the preferred channel: nothing to send
        sent += 1
    return sent
