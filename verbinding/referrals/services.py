"""Writes of the warm referral: refer with consent, revoke consent, the partner's answer."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Collection
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from verbinding import clock
from verbinding.audit.models import AuditAction
from verbinding.audit.services import audit_record
from verbinding.cases.models import Case
from verbinding.households.models import Household
from verbinding.referrals import rules
from verbinding.referrals.models import SHAREABLE, Partner, Referral, ReferralStatus


class ReferralError(ValueError):
    """A referral or an answer that cannot be recorded (the message is for the user)."""


@transaction.atomic
def referral_create(
    *,
    household: Household,
    partner: Partner,
    question: str,
    shared: Collection[str],
    purpose: str,
    consent_until: dt.date,
    actor: Any,
    base_url: str = "",
    case: Case | None = None,
) -> tuple[Referral, str]:
    """Refer the household to ``partner`` with the tenant's explicit consent, recorded as what
    is shared, with whom, for what purpose and until when. Returns the referral and the one-time
    link (shown once; only its hash is kept), which is also e-mailed to the partner."""
    today = clock.today()
    if not partner.active:
        raise ReferralError(_("This partner no longer takes referrals."))
    unknown = set(shared) - set(SHAREABLE)
    if unknown or not shared:
        raise ReferralError(_("Choose what the tenant agreed to share."))
    if consent_until <= today:
        raise ReferralError(_("The consent must run until a date after today."))
    if not question.strip() or not purpose.strip():
        raise ReferralError(_("Write the question and the purpose."))
    if case is not None and case.household_id != household.id:
        raise ReferralError(_("That case belongs to another household."))
    token = secrets.token_urlsafe(24)
    referral = Referral.objects.create(
        household=household,
        case=case,
        partner=partner,
        question=question.strip(),
        shared=sorted(set(shared)),
        purpose=purpose.strip(),
        consent_until=consent_until,
        consent_given_on=today,
        token_hash=rules.token_hash(token),
        link_expires_at=clock.now() + dt.timedelta(days=rules.LINK_VALID_DAYS),
        created_at=clock.now(),
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=referral,
        household_id=household.id,
        summary="warm referral",
        after={"partner": partner.pk, "shared": referral.shared, "case": referral.case_id},
    )
    link = base_url + reverse("referrals:answer", args=[token])
    if partner.email:
        send_mail(
            subject=_("A referral from %(association)s")
            % {"association": settings.ASSOCIATION_NAME},
            message=_(
                "We would like to introduce a tenant to you, with their consent. "
                "Open this link to see the referral and answer (valid for %(days)d days): %(link)s"
            )
            % {"days": rules.LINK_VALID_DAYS, "link": link},
            from_email=None,
            recipient_list=[partner.email],
        )
    return referral, link


def link_usable(referral: Referral) -> bool:
    """A link works while it has not expired, the consent runs and has not been revoked."""
    now = clock.now()
    return (
        referral.consent_revoked_at is None
        and referral.link_expires_at > now
        and referral.consent_until >= clock.today()
    )


def referral_for_token(token: str) -> Referral | None:
    """The referral behind a partner's link, if the link is still usable; audited on open."""
    referral = (
        Referral.objects.select_related("partner", "household")
        .filter(token_hash=rules.token_hash(token))
        .first()
    )
    if referral is None or not link_usable(referral):
        return None
    audit_record(
        actor=None,
        action=AuditAction.VIEW,
        obj=referral,
        household_id=referral.household_id,
        summary="referral opened by partner",
    )
    return referral


@transaction.atomic
def referral_answer(
    *, token: str, status: str, note: str = "", intake_on: dt.date | None = None
) -> Referral:
    """The partner's answer through the link: accepted / intake planned / not for us / closed."""
    referral = (
        Referral.objects.select_for_update().filter(token_hash=rules.token_hash(token)).first()
    )
    if referral is None or not link_usable(referral):
        raise ReferralError(_("This link no longer works."))
    if status not in {s for s in ReferralStatus.values if s != ReferralStatus.SENT}:
        raise ReferralError(_("Choose an answer."))
    if status == ReferralStatus.INTAKE and intake_on is None:
        raise ReferralError(_("Give the date of the intake."))
    if status == ReferralStatus.DECLINED and not note.strip():
        raise ReferralError(_("Say why the referral is not for you."))
    referral.status = status
    referral.intake_on = intake_on if status == ReferralStatus.INTAKE else None
    referral.answer = note.strip()
    referral.answered_at = clock.now()
    referral.save(update_fields=["status", "intake_on", "answer", "answered_at"])
    audit_record(
        actor=None,
        action=AuditAction.UPDATE,
        obj=referral,
        household_id=referral.household_id,
        summary="referral answered by partner",
        after={"status": status},
    )
    return referral


@transaction.atomic
def consent_revoke(*, referral: Referral, actor: Any) -> Referral:
    """The tenant withdraws consent: the partner's link stops working at once."""
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    if referral.consent_revoked_at is None:
        referral.consent_revoked_at = clock.now()
        referral.save(update_fields=["consent_revoked_at"])
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=referral,
            household_id=referral.household_id,
            summary="referral consent revoked",
        )
    return referral
