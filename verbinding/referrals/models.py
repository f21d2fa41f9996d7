"""Warm referral (warme overdracht): the advisor introduces the tenant to a partner organisation,
with the tenant's explicit consent about what is shared, and the partner answers through a
one-time link without an account."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from verbinding.areas.models import Municipality
from verbinding.cases.models import Case
from verbinding.households.models import Household


class PartnerKind(models.TextChoices):
    DEBT_HELP = "debt_help", _("Municipal debt help (schuldhulpverlening)")
    NEIGHBOURHOOD_TEAM = "wijkteam", _("Neighbourhood team (wijkteam)")
    MENTAL_HEALTH = "ggz", _("Mental health care (GGZ)")
    SOCIAL_WORK = "social_work", _("Social work (maatschappelijk werk)")
    BUDGET_COACH = "budget_coach", _("Budget coach")


class Partner(models.Model):
    """A partner organisation in a municipality (managed by the functional administrator)."""

    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=20, choices=PartnerKind.choices)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="partners"
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    accepts = models.CharField(_("what they accept"), max_length=300, blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["municipality", "kind", "name"]
        verbose_name = _("partner organisation")
        verbose_name_plural = _("partner organisations")

    def __str__(self) -> str:
        return self.name


class ReferralStatus(models.TextChoices):
    SENT = "sent", _("Sent, waiting for an answer")
    ACCEPTED = "accepted", _("Accepted")
    INTAKE = "intake", _("Intake planned")
    DECLINED = "declined", _("Not for us")
    CLOSED = "closed", _("Closed")


# What the tenant may agree to share (the data set; the legal basis is consent, art. 6(1)(a) AVG).
SHAREABLE = {
    "contact": _("Name, address and phone number"),
    "arrears": _("The rent arrears (amount and since when)"),
    "question": _("The question in the advisor's words"),
    "household": _("Who lives in the household"),
}


class Referral(models.Model):
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="referrals")
    case = models.ForeignKey(
        Case, on_delete=models.SET_NULL, null=True, blank=True, related_name="referrals"
    )
    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="referrals")
    question = models.TextField(_("what we ask the partner"))
    shared = models.JSONField(_("what the tenant agreed to share"), default=list)
    purpose = models.CharField(_("purpose of sharing"), max_length=300)
    consent_until = models.DateField(_("consent valid until"))
    consent_given_on = models.DateField(_("consent given on"))
    consent_revoked_at = models.DateTimeField(_("consent revoked"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ReferralStatus.choices, default=ReferralStatus.SENT
    )
    intake_on = models.DateField(_("intake on"), null=True, blank=True)
    answer = models.TextField(_("answer of the partner"), blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    token_hash = models.CharField(max_length=64, unique=True)
    link_expires_at = models.DateTimeField(_("link valid until"))
    created_at = models.DateTimeField(_("created"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        indexes = [models.Index(fields=["household", "status"], name="referral_hh_status_idx")]

    def __str__(self) -> str:
        return f"{self.household_id} → {self.partner_id}"
