"""The rent ledger: charges, payments, corrections and reversed direct debits, in cents."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from verbinding.households.models import Tenancy
from verbinding.vera import codes


class EntryKind(models.TextChoices):
    CHARGE = "charge", _("Charge")
    PAYMENT = "payment", _("Payment")
    REVERSAL = "reversal", _("Reversed direct debit")
    CORRECTION = "correction", _("Correction")


class LedgerEntry(models.Model):
    """One booking (VERA Boeking) on a tenancy.

    ``amount_cents`` is signed from the tenant's point of view: a charge or a reversed direct debit
    adds to what is owed (positive), a payment or a credit reduces it (negative). The balance of a
    tenancy is the sum. ``source`` says where the row came from (``seed``, ``erp:<import id>``,
    ``bank:<import id>``) and ``external_ref`` makes re-imports idempotent.
    """

    tenancy = models.ForeignKey(
        Tenancy, on_delete=models.PROTECT, related_name="ledger_entries", verbose_name=_("tenancy")
    )
    booked_on = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=10, choices=EntryKind.choices)
    detail = models.CharField(
        _("booking type"), max_length=3, choices=codes.BoekingDetailSoort.choices, blank=True
    )
    amount_cents = models.BigIntegerField(_("amount (cents)"))
    method = models.CharField(
        _("payment method"), max_length=3, choices=codes.BetaalwijzeSoort.choices, blank=True
    )
    description = models.CharField(_("description"), max_length=200, blank=True)
    return_reason = models.CharField(
        _("return reason"), max_length=4, blank=True, help_text=_("SEPA reason code, e.g. AM04")
    )
    source = models.CharField(_("source"), max_length=40)
    external_ref = models.CharField(
        _("reference"), max_length=80, null=True, blank=True, unique=True
    )

    class Meta:
        ordering = ["booked_on", "id"]
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        indexes = [models.Index(fields=["tenancy", "booked_on"], name="ledger_tenancy_date_idx")]

    def __str__(self) -> str:
        return f"{self.booked_on} {self.kind} {self.amount_cents}"
