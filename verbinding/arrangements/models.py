"""Payment arrangements (VERA Betalingsregeling and BetalingsregelingTermijn), the association's
margins for them (a dated, versioned policy), and the beslagvrije voet as dated reference data."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from verbinding.arrangements import rules
from verbinding.households.models import Household, Tenancy
from verbinding.vera import codes


class ArrangementPolicy(models.Model):
    """One version of the margins. A change is a new row; arrangements point at the version."""

    version = models.PositiveIntegerField(_("version"), unique=True)
    valid_from = models.DateField(_("valid from"))
    small_band_months = models.DecimalField(
        _("small arrears: up to (months of rent)"),
        max_digits=4,
        decimal_places=1,
        default=Decimal("1.0"),
    )
    max_term_small = models.PositiveSmallIntegerField(
        _("maximum term for small arrears (months)"), default=6
    )
    max_term_large = models.PositiveSmallIntegerField(
        _("maximum term for larger arrears (months)"), default=12
    )
    min_instalment_cents = models.PositiveIntegerField(
        _("minimum instalment on top of the rent (cents)"), default=5000
    )
    max_per_year = models.PositiveSmallIntegerField(
        _("arrangements allowed per 12 months"), default=1
    )
    min_tenancy_months = models.PositiveSmallIntegerField(
        _("eligible after this many months of tenancy"), default=0
    )
    max_arrears_months = models.DecimalField(
        _("eligible up to this many months of rent in arrears"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        help_text=_("Leave empty for no limit."),
    )
    advisor_max_term = models.PositiveSmallIntegerField(
        _("the advisor may agree up to (months) without asking"),
        null=True,
        blank=True,
        help_text=_("Leave empty: the maximum term of the arrears band is the advisor's limit."),
    )
    grace_days = models.PositiveSmallIntegerField(
        _("days after the due date before an instalment counts as missed"), default=5
    )
    note = models.CharField(_("why this version"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["-valid_from", "-version"]
        verbose_name = _("arrangement policy")
        verbose_name_plural = _("arrangement policies")

    def __str__(self) -> str:
        return f"v{self.version} ({self.valid_from})"

    def margins(self) -> rules.Margins:
        return rules.Margins(
            small_band_months=self.small_band_months,
            max_term_small=self.max_term_small,
            max_term_large=self.max_term_large,
            min_instalment_cents=self.min_instalment_cents,
            max_per_year=self.max_per_year,
            min_tenancy_months=self.min_tenancy_months,
            max_arrears_months=self.max_arrears_months,
            advisor_max_term=self.advisor_max_term,
        )


class HouseholdKind(models.TextChoices):
    SINGLE = "single", _("Single (also single parent)")
    COUPLE = "couple", _("Married or living together")


class ProtectedIncome(models.Model):
    """Reference data: the beslagvrije voet (income protected from seizure), dated.

    Update when it is re-indexed (usually 1 January and 1 July): add rows with a new ``valid_from``.
    """

    valid_from = models.DateField(_("valid from"))
    household_kind = models.CharField(
        _("household type"), max_length=10, choices=HouseholdKind.choices
    )
    amount_cents = models.PositiveIntegerField(_("amount per month (cents)"))
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        ordering = ["-valid_from", "household_kind"]
        verbose_name = _("beslagvrije voet (reference data)")
        verbose_name_plural = _("beslagvrije voet (reference data)")
        constraints = [
            models.UniqueConstraint(
                fields=["valid_from", "household_kind"], name="protected_income_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_household_kind_display()} {self.valid_from}"


class ApprovalState(models.TextChoices):
    NOT_NEEDED = "not_needed", _("Inside the margins")
    PENDING = "pending", _("Waiting for the team lead")
    APPROVED = "approved", _("Approved by the team lead")
    DECLINED = "declined", _("Declined by the team lead")
    REPLACED = "replaced", _("Replaced by a newer proposal")


# Requested, active or frozen: the arrangement is in play. At most one per tenancy (a partial
# unique constraint below, and the service checks it under a lock on the tenancy).
ACTIVE_STATUSES = ("AAN", "ACT", "BEV")


class PaymentArrangement(models.Model):
    """VERA Betalingsregeling: paying off arrears in monthly instalments on top of the rent."""

    household = models.ForeignKey(
        Household,
        on_delete=models.PROTECT,
        related_name="arrangements",
        verbose_name=_("household"),
    )
    tenancy = models.ForeignKey(
        Tenancy, on_delete=models.PROTECT, related_name="arrangements", verbose_name=_("tenancy")
    )
    policy = models.ForeignKey(
        ArrangementPolicy,
        on_delete=models.PROTECT,
        related_name="arrangements",
        verbose_name=_("decided under policy"),
    )
    # The tenant's proposal: kept as it was proposed, whatever the decision.
    amount_cents = models.PositiveIntegerField(_("amount to pay off (cents)"))
    instalment_cents = models.PositiveIntegerField(_("monthly instalment (cents)"))
    first_due_on = models.DateField(_("first instalment due"))
    term_months = models.PositiveSmallIntegerField(_("number of instalments"))
    rent_cents = models.PositiveIntegerField(_("monthly rent at the time (cents)"))
    # The verdict at the time of the proposal.
    inside_margins = models.BooleanField(_("inside the margins"))
    breaches = models.JSONField(_("rules outside the margins"), default=list, blank=True)
    exception_reason = models.CharField(_("reason for an exception"), max_length=300, blank=True)
    approval = models.CharField(
        _("approval"),
        max_length=12,
        choices=ApprovalState.choices,
        default=ApprovalState.NOT_NEEDED,
    )
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="arrangements_to_approve",
        verbose_name=_("team lead asked"),
    )
    approval_note = models.CharField(_("team lead's note"), max_length=300, blank=True)
    # The affordability worksheet, as filled in at the kitchen table (optional).
    household_kind = models.CharField(
        _("household type"), max_length=10, choices=HouseholdKind.choices, blank=True
    )
    income_cents = models.PositiveIntegerField(_("net income per month (cents)"), null=True)
    fixed_costs_cents = models.PositiveIntegerField(
        _("fixed costs besides the rent (cents)"), null=True
    )
    protected_income = models.ForeignKey(
        ProtectedIncome, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )  # earlier arrangements only: the 2021 table is no longer used (docs/law.md)
    # The beslagvrije voet as the official calculator gave it, with the day it was calculated.
    protected_income_cents = models.PositiveIntegerField(
        _("beslagvrije voet from the official calculator (cents)"), null=True, blank=True
    )
    protected_income_on = models.DateField(
        _("beslagvrije voet calculated on"), null=True, blank=True
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    # Current status: a copy of the newest ArrangementStatus row, kept by the service.
    status = models.CharField(
        _("status"), max_length=3, choices=codes.BetalingsregelingStatus.choices, default="AAN"
    )
    end_reason = models.CharField(
        _("end reason"), max_length=3, choices=codes.BetalingsregelingEindeReden.choices, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_on = models.DateField(_("proposed on"))
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)

    class Meta:
        ordering = ["-created_on", "-id"]
        verbose_name = _("payment arrangement")
        verbose_name_plural = _("payment arrangements")
        indexes = [
            models.Index(fields=["status", "tenancy"], name="arrangement_status_idx"),
            models.Index(fields=["approval", "approver"], name="arrangement_approval_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["tenancy"],
                condition=models.Q(status__in=ACTIVE_STATUSES),
                name="arrangement_one_active_per_tenancy",
            )
        ]

    def __str__(self) -> str:
        return f"{self.household} {self.created_on}"

    def breach_messages(self) -> list[str]:
        return [b.get("message", "") for b in self.breaches or []]


class ArrangementStatus(models.Model):
    """One status of an arrangement; appended, never edited."""

    arrangement = models.ForeignKey(
        PaymentArrangement, on_delete=models.CASCADE, related_name="history"
    )
    status = models.CharField(
        _("status"), max_length=3, choices=codes.BetalingsregelingStatus.choices
    )
    end_reason = models.CharField(
        _("end reason"), max_length=3, choices=codes.BetalingsregelingEindeReden.choices, blank=True
    )
    on = models.DateField(_("date"))
    at = models.DateTimeField(_("recorded"), auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("arrangement status")
        verbose_name_plural = _("arrangement statuses")

    def __str__(self) -> str:
        return f"{self.arrangement_id} {self.status}"


class InstalmentStatus(models.TextChoices):
    """Our own list: VERA names BETALINGSREGELINGTERMIJNSTATUS but publishes no codes for it."""

    OPEN = "open", _("Not yet due")
    PAID = "paid", _("Paid")
    PARTLY_PAID = "partly_paid", _("Partly paid")
    MISSED = "missed", _("Missed")


class Instalment(models.Model):
    """VERA BetalingsregelingTermijn: one monthly instalment, tracked against the ledger."""

    arrangement = models.ForeignKey(
        PaymentArrangement, on_delete=models.CASCADE, related_name="instalments"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    due_on = models.DateField(_("due"))
    amount_cents = models.PositiveIntegerField(_("amount (cents)"))
    paid_cents = models.PositiveIntegerField(_("paid (cents)"), default=0)
    status = models.CharField(
        _("status"), max_length=12, choices=InstalmentStatus.choices, default=InstalmentStatus.OPEN
    )

    class Meta:
        ordering = ["arrangement", "number"]
        verbose_name = _("instalment")
        verbose_name_plural = _("instalments")
        constraints = [
            models.UniqueConstraint(fields=["arrangement", "number"], name="instalment_unique")
        ]

    def __str__(self) -> str:
        return f"{self.arrangement_id} #{self.number}"


class OfferResponse(models.TextChoices):
    OPEN = "open", _("No answer yet")
    ACCEPTED = "accepted", _("Accepted by the tenant")
    DECLINED = "declined", _("Declined by the tenant")


class ArrangementOffer(models.Model):
    """An arrangement offered to the tenant, with its terms: an offer whether or not the tenant
    took it up (a guardrail before the bailiff counts offers, not the tenant's answer)."""

    household = models.ForeignKey(
        Household, on_delete=models.PROTECT, related_name="arrangement_offers"
    )
    offered_on = models.DateField(_("offered on"))
    channel = models.CharField(_("how"), max_length=3, choices=codes.CommunicatieKanaal.choices)
    terms = models.CharField(
        _("terms offered"),
        max_length=300,
        blank=True,
        help_text=_("E.g. 6 instalments of € 120 on top of the rent, from 1 July."),
    )
    response = models.CharField(
        _("tenant's answer"),
        max_length=10,
        choices=OfferResponse.choices,
        default=OfferResponse.OPEN,
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["-offered_on", "-id"]
        verbose_name = _("arrangement offer")
        verbose_name_plural = _("arrangement offers")

    def __str__(self) -> str:
        return f"{self.household} {self.offered_on}"
