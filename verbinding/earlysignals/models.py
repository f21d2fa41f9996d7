"""Vroegsignalering (Wgs; Besluit gemeentelijke schuldhulpverlening art. 2): the policy (from how many
days late), dated evidence for the readiness checklist, and the signals sent to municipalities."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from verbinding.areas.models import Municipality
from verbinding.households.models import Household, Tenancy


class SignalPolicy(models.Model):
    """Dated versions; the newest ``valid_from`` on or before a day is in force."""

    valid_from = models.DateField(_("valid from"))
    days_late = models.PositiveSmallIntegerField(
        _("signal from this many days late"),
        default=30,
        help_text=_("VNG defines a rent signal 'from 30 days' (Landelijk Convenant)."),
    )
    while_arrangement = models.BooleanField(
        _("also signal while a payment arrangement is running"), default=True
    )
    waiting_days = models.PositiveSmallIntegerField(
        _("days the tenant has to object after the reminder"),
        default=14,
        help_text=_(
            "The reminder says so ('laat het ons binnen 14 dagen weten'); no signal is sent "
            "before these days have passed."
        ),
    )
    note = models.CharField(_("why this version"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["-valid_from", "-id"]
        verbose_name = _("early-signal policy")
        verbose_name_plural = _("early-signal policies")

    def __str__(self) -> str:
        return f"{self.days_late} ({self.valid_from})"


class EvidenceKind(models.TextChoices):
    CONTACT = "contact", _("(a) Tried to reach the tenant in person")
    DEBT_HELP = "debt_help", _("(b) Pointed the tenant to debt help")
    REMINDER = "reminder", _("(c) Written reminder sent")
    OFFER = "offer", _("(d) Offered in the reminder to pass on the contact details")
    OBJECTION = "objection", _("The tenant objects to passing on the contact details")
    OBJECTION_WITHDRAWN = "withdrawn", _("The tenant withdrew the objection")


class Evidence(models.Model):
    """A dated proof recorded by hand (contact moments and letters count automatically)."""

    household = models.ForeignKey(
        Household, on_delete=models.PROTECT, related_name="signal_evidence"
    )
    kind = models.CharField(_("what"), max_length=12, choices=EvidenceKind.choices)
    on = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["-on", "-id"]
        verbose_name = _("early-signal evidence")
        verbose_name_plural = _("early-signal evidence")
        indexes = [models.Index(fields=["household", "kind"], name="evidence_household_kind_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.on}"


class Outcome(models.TextChoices):
    """What the municipality reports back (VNG data model Vroegsignalering; our codes)."""

    NOT_TAKEN_UP_REPEAT = "not_taken_up_repeat", _("Not taken up: repeat signal")
    NOT_TAKEN_UP_UNJUSTIFIED = "not_taken_up_unjustified", _("Not taken up: unjustified signal")
    NOT_TAKEN_UP_OTHER = "not_taken_up_other", _("Not taken up: other reason")
    NO_HELP_WANTED = "no_help_wanted", _("No help wanted")
    PAID_OR_ARRANGED = "paid_or_arranged", _("Already paid or in an arrangement")
    QUICK_FIX = "quick_fix", _("Quick fix (solved within 30 days)")
    FOLLOW_UP_FINANCIAL = "follow_up_financial", _("Follow-up help: financial")
    FOLLOW_UP_OTHER = "follow_up_other", _("Follow-up help: non-financial")


class ExportBatch(models.Model):
    adapter = models.CharField(_("format"), max_length=40)
    file_format = models.CharField(_("file type"), max_length=10)
    count = models.PositiveIntegerField(_("signals"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("exported"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("signal export")
        verbose_name_plural = _("signal exports")

    def __str__(self) -> str:
        return f"{self.adapter} {self.created_at:%Y-%m-%d} ({self.count})"


# What a signal may carry. The Besluit gemeentelijke schuldhulpverlening art. 2 names the contact
# details and the amount of the arrears (the legal minimum, the default); a municipality may agree
# to more, and the reminder then announces it. Dutch words as the reminder says them.
DATA_FIELDS = {
    "name": "uw naam",
    "address": "adres",
    "phone": "telefoonnummer",
    "email": "e-mailadres",
    "arrears": "het bedrag van de achterstand",
    "arose_on": "de datum waarop de achterstand begon",
    "reference": "het nummer van uw huurcontract",
}
LEGAL_MINIMUM = ("name", "address", "phone", "email", "arrears")


class SignalDataSet(models.Model):
    """Per municipality: the data a signal carries, as agreed with the municipality. Without a row
    the legal minimum applies (contact details and the amount of the arrears)."""

    municipality = models.OneToOneField(
        Municipality, on_delete=models.CASCADE, related_name="signal_data_set"
    )
    fields = models.JSONField(_("data passed on"), default=list)
    note = models.CharField(_("agreement with the municipality"), max_length=300, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("signal data set")
        verbose_name_plural = _("signal data sets")

    def __str__(self) -> str:
        return f"{self.municipality}: {', '.join(self.fields)}"


class Signal(models.Model):
    """One signal as sent: one per tenancy per arrears episode (``episode_started_on``), with
    exactly the data the reminder announced (``fields``; the others stay empty)."""

    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="signals")
    tenancy = models.ForeignKey(Tenancy, on_delete=models.PROTECT, related_name="signals")
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    arose_on = models.DateField(_("arrears arose on"))
    episode_started_on = models.DateField(_("arrears episode started on"), null=True)
    fields = models.JSONField(_("data passed on"), default=list)
    signal_date = models.DateField(_("signal date"))
    arrears_cents = models.PositiveIntegerField(_("arrears (cents)"))
    name = models.CharField(_("name"), max_length=200, blank=True)
    street = models.CharField(_("address"), max_length=150, blank=True)
    postcode = models.CharField(_("postcode"), max_length=7, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.CharField(_("e-mail"), max_length=254, blank=True)
    batch = models.ForeignKey(ExportBatch, on_delete=models.PROTECT, related_name="signals")
    outcome = models.CharField(_("outcome"), max_length=30, choices=Outcome.choices, blank=True)
    outcome_on = models.DateField(_("outcome reported on"), null=True, blank=True)

    class Meta:
        ordering = ["-signal_date", "-id"]
        verbose_name = _("early signal")
        verbose_name_plural = _("early signals")
        constraints = [
            models.UniqueConstraint(
                fields=["tenancy", "episode_started_on"], name="signal_once_per_episode"
            )
        ]

    def __str__(self) -> str:
        return f"{self.household} {self.signal_date}"
