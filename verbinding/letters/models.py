"""Letters: editable, versioned templates (reminder, 14-dagenbrief, arrangement confirmation) and
the letters sent from them, with the receipt date of a 14-dagenbrief once it is known."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from verbinding.contacts.models import ContactMoment
from verbinding.households.models import Household, Tenancy


class LetterKind(models.TextChoices):
    REMINDER = "reminder", _("Reminder")
    FOURTEEN_DAY = "fourteen_day", _("14-day letter (veertiendagenbrief)")
    CONFIRMATION = "confirmation", _("Arrangement confirmation")


class LetterTemplate(models.Model):
    """One version of a letter text. Editing makes a new version; letters keep theirs."""

    kind = models.CharField(_("kind"), max_length=20, choices=LetterKind.choices)
    version = models.PositiveIntegerField(_("version"))
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(
        _("text"),
        help_text=_("Django template syntax with a fixed set of fields, e.g. {{ name }}."),
    )
    offers_signal = models.BooleanField(
        _("offers to pass on the contact details to the municipality"),
        default=False,
        help_text=_("Vroegsignalering (d): the reminder offers to pass on the contact details."),
    )
    note = models.CharField(_("why this version"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["kind", "-version"]
        verbose_name = _("letter template")
        verbose_name_plural = _("letter templates")
        constraints = [
            models.UniqueConstraint(fields=["kind", "version"], name="letter_template_version")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} v{self.version}"


class Letter(models.Model):
    """A letter as it was sent: the text is frozen; the PDF is made from it on request."""

    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="letters")
    tenancy = models.ForeignKey(Tenancy, on_delete=models.PROTECT, related_name="letters")
    kind = models.CharField(_("kind"), max_length=20, choices=LetterKind.choices)
    template = models.ForeignKey(LetterTemplate, on_delete=models.PROTECT, related_name="letters")
    arrangement = models.ForeignKey(
        "arrangements.PaymentArrangement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="letters",
    )
    addressee = models.CharField(_("to"), max_length=200)
    address_lines = models.CharField(_("address"), max_length=300)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("text"))
    offers_signal = models.BooleanField(_("offers to pass on the contact details"), default=False)
    signal_fields = models.JSONField(
        _("data announced to pass on to the municipality"), default=list, blank=True
    )
    arrears_cents = models.PositiveIntegerField(_("arrears stated (cents)"), default=0)
    costs_cents = models.PositiveIntegerField(_("collection costs stated (cents)"), default=0)
    vat_cents = models.PositiveIntegerField(_("VAT on the costs (cents)"), default=0)
    months = models.JSONField(
        _("principal per month"),
        default=list,
        blank=True,
        help_text=_("The rent terms in default the letter claims: due date and unpaid part."),
    )
    send_reason = models.CharField(
        _("why it was sent although an arrangement was in play"), max_length=300, blank=True
    )
    sent_on = models.DateField(_("sent on"))
    contact = models.ForeignKey(
        ContactMoment, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    received_on = models.DateField(_("received by the tenant on"), null=True, blank=True)
    receipt_evidence = models.CharField(_("proof of receipt"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-sent_on", "-id"]
        verbose_name = _("letter")
        verbose_name_plural = _("letters")
        indexes = [models.Index(fields=["household", "kind"], name="letter_household_kind_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.sent_on}"

    @property
    def term_expires_on(self):  # type: ignore[no-untyped-def]
        from verbinding.letters.rules import term_last_day

        return term_last_day(self.received_on) if self.received_on else None
