"""Arrears per tenancy and early signals, derived from the rent ledger (recomputed, never typed in).

- ``ArrearsPolicy``: the thresholds, as dated versions (a change is a new row; history stays).
- ``TenancyArrears``: one row per tenancy with the derived arrears state (fast to read).
- ``ArrearsSignal``: the current set of early signals per tenancy, each with the day it started.
- ``SignalRun``: one row per recompute (what ran, how long, the ledger high-water mark).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from verbinding.households.models import Household, Tenancy


class ArrearsPolicy(models.Model):
    """Thresholds for the early signals. Defaults follow domain.md §1-§2.

    The policy in force on a day is the newest version whose ``valid_from`` is on or before it.
    """

    valid_from = models.DateField(_("valid from"))
    grace_days = models.PositiveSmallIntegerField(
        _("days after the due date before a payment counts as missed"), default=5
    )
    later_than_usual_days = models.PositiveSmallIntegerField(
        _("days later than the tenant's usual payment day"), default=5
    )
    storno_days = models.PositiveSmallIntegerField(
        _("days a reversed direct debit stays a signal"), default=35
    )
    months_first = models.DecimalField(
        _("arrears, first step (months of rent)"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("1"),
    )
    months_home_visit = models.DecimalField(
        _("arrears, home visit advised (months of rent)"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("2"),
    )
    months_court = models.DecimalField(
        _("arrears, court threshold (months of rent)"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("3"),
    )
    trend_months = models.PositiveSmallIntegerField(_("trend over (months)"), default=3)
    trend_tolerance_percent = models.PositiveSmallIntegerField(
        _("trend tolerance (percent of monthly rent)"), default=10
    )
    relapse_months = models.PositiveSmallIntegerField(
        _("look back for a cleared earlier arrears (months)"), default=12
    )
    recent_contact_days = models.PositiveSmallIntegerField(
        _("personal contact counts as recent for (days)"), default=30
    )
    note = models.CharField(_("why this change"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        ordering = ["-valid_from", "-id"]
        verbose_name = _("arrears policy")
        verbose_name_plural = _("arrears policies")

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.valid_from}"


class Trend(models.TextChoices):
    GROWING = "growing", _("growing")
    SHRINKING = "shrinking", _("shrinking")
    STABLE = "stable", _("stable")


class TenancyArrears(models.Model):
    """The derived arrears state of one tenancy (one row per tenancy, recomputed)."""

    tenancy = models.OneToOneField(
        Tenancy, on_delete=models.CASCADE, primary_key=True, related_name="arrears_state"
    )
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="+")
    rent_cents = models.PositiveIntegerField(_("monthly rent (cents)"))
    balance_cents = models.BigIntegerField(_("balance (cents)"))
    arrears_cents = models.BigIntegerField(_("arrears (cents)"), db_index=True)
    months_of_rent = models.DecimalField(_("months of rent"), max_digits=6, decimal_places=2)
    arose_on = models.DateField(_("arrears arose on"), null=True, blank=True)
    trend = models.CharField(_("trend"), max_length=10, choices=Trend.choices)
    usual_payment_day = models.PositiveSmallIntegerField(
        _("usual payment day"), null=True, blank=True
    )
    usual_method = models.CharField(_("usual payment method"), max_length=3, blank=True)
    last_payment_on = models.DateField(_("last payment"), null=True, blank=True)
    last_entry_id = models.BigIntegerField(_("last ledger entry"), default=0)
    computed_on = models.DateField(_("computed for"))

    class Meta:
        verbose_name = _("arrears state")
        verbose_name_plural = _("arrears states")

    def __str__(self) -> str:
        return f"{self.tenancy_id}: {self.arrears_cents}"


class SignalKind(models.TextChoices):
    ARREARS_COURT = "arrears_3m", _("Arrears at court threshold")
    ARREARS_HOME_VISIT = "arrears_2m", _("Arrears: home visit advised")
    RELAPSE = "relapse", _("Arrears growing again after being cleared")
    STORNO = "storno", _("Reversed direct debit")
    ARREARS_FIRST = "arrears_1m", _("One month of arrears")
    PARTIAL = "partial", _("Partial payment")
    MISSED = "missed", _("Missed or late payment")
    LATER_THAN_USUAL = "later", _("Later than usual")


class ArrearsSignal(models.Model):
    """One current early signal on a tenancy. ``params`` hold the figures for the reason text."""

    tenancy = models.ForeignKey(Tenancy, on_delete=models.CASCADE, related_name="arrears_signals")
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=12, choices=SignalKind.choices)
    started_on = models.DateField(_("since"))
    params = models.JSONField(_("figures"), default=dict)
    computed_on = models.DateField(_("computed for"))

    class Meta:
        ordering = ["tenancy", "kind"]
        verbose_name = _("early signal")
        verbose_name_plural = _("early signals")
        constraints = [
            models.UniqueConstraint(fields=["tenancy", "kind"], name="arrears_signal_unique")
        ]
        indexes = [models.Index(fields=["household", "kind"], name="arrears_signal_hh_idx")]

    def __str__(self) -> str:
        return f"{self.tenancy_id} {self.kind} {self.started_on}"


class SignalRun(models.Model):
    """One recompute: what it covered and the ledger high-water mark it saw."""

    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    today = models.DateField(_("computed for"))
    scope = models.CharField(_("scope"), max_length=20)  # full / changed / since / tenancies
    tenancies = models.PositiveIntegerField(_("tenancies"), default=0)
    changed = models.PositiveIntegerField(_("states changed"), default=0)
    signals_added = models.PositiveIntegerField(_("signals added"), default=0)
    signals_ended = models.PositiveIntegerField(_("signals ended"), default=0)
    max_entry_id = models.BigIntegerField(_("ledger high-water mark"), default=0)
    seconds = models.FloatField(_("duration (s)"), default=0)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("signal run")
        verbose_name_plural = _("signal runs")

    def __str__(self) -> str:
        return f"{self.scope} {self.today}"


class RentDueDay(models.Model):
    """The day of the month a tenancy's rent falls due, where the association agreed a day other
    than the 1st (e.g. the 5th, when the tenant's benefit arrives then). Dated versions: a change
    is a new row, so arrears on an earlier date use the day in force then."""

    tenancy = models.ForeignKey(Tenancy, on_delete=models.CASCADE, related_name="due_days")
    valid_from = models.DateField(_("valid from"))
    day = models.PositiveSmallIntegerField(_("rent due on day"))
    reason = models.CharField(_("why"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        ordering = ["tenancy", "-valid_from"]
        verbose_name = _("agreed due day")
        verbose_name_plural = _("agreed due days")
        constraints = [
            models.UniqueConstraint(fields=["tenancy", "valid_from"], name="rent_due_day_unique"),
            models.CheckConstraint(
                condition=models.Q(day__gte=1, day__lte=28), name="rent_due_day_1_to_28"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tenancy_id}: {self.day} ({self.valid_from})"
