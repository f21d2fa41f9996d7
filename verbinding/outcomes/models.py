"""Month-end balances of every tenancy, derived from the rent ledger.

This is the one thing the dashboard keeps: a derived table, recomputed in full by
``verbinding outcomes_refresh`` (nightly, after the ledger imports) and by the demo seed. Summing
five million ledger rows per request is too slow for a 100,000-household association, so the
ledger-based figures (arrears trend, arrears cleared and still paying, court threshold reached)
read this table instead. The dashboard says when it was last computed.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class MonthEnd(models.Model):
    tenancy_id = models.BigIntegerField(_("tenancy"))
    month = models.IntegerField(_("month (year * 12 + month - 1)"))
    balance_cents = models.BigIntegerField(_("balance at month end (cents)"))
    rent_cents = models.BigIntegerField(_("monthly rent (cents)"))
    prev_balance_cents = models.BigIntegerField(null=True)
    # The balance twelve months later (only when that month has a row) and the highest balance in
    # the twelve months after: for 'cleared and still paying a year later'.
    balance_12_cents = models.BigIntegerField(null=True)
    worst_12_cents = models.BigIntegerField(null=True)
    # Arrears in hundredths of a month's rent (300 = three months), and whether a month's rent of
    # arrears was cleared at this month end: indexed, so the dashboard reads few rows.
    months_x100 = models.IntegerField(default=0)
    cleared = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("month-end balance")
        verbose_name_plural = _("month-end balances")
        indexes = [
            models.Index(fields=["month", "balance_cents"], name="monthend_month_idx"),
            models.Index(fields=["months_x100", "month"], name="monthend_months_idx"),
            models.Index(fields=["cleared", "month"], name="monthend_cleared_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["tenancy_id", "month"], name="monthend_unique")
        ]

    def __str__(self) -> str:
        return f"{self.tenancy_id} {self.month}: {self.balance_cents}"


class Refresh(models.Model):
    """One recompute of :class:`MonthEnd`."""

    at = models.DateTimeField(_("computed at"), auto_now_add=True)
    through = models.DateField(_("ledger through"))
    rows = models.PositiveIntegerField(_("rows"))
    seconds = models.FloatField(_("duration (s)"))

    class Meta:
        ordering = ["-at"]
        verbose_name = _("month-end refresh")
        verbose_name_plural = _("month-end refreshes")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M}"


class Snapshot(models.Model):
    """The dashboard's figures for one scope over its default period (the twelve months up to
    ``as_of``), computed by the nightly refresh in one language, so that a manager's request reads
    one row instead of aggregating the whole association. The key holds everything that decides
    what the figures show: the scope (association or team), the period, the day and the language;
    the role only decides which scope a user may ask for and is applied before the look-up."""

    key = models.CharField(_("scope, period, day and language"), max_length=200, unique=True)
    as_of = models.DateField(_("as of"))
    computed_at = models.DateTimeField(_("computed at"))
    figures = models.JSONField(_("figures"))

    class Meta:
        verbose_name = _("dashboard snapshot")
        verbose_name_plural = _("dashboard snapshots")

    def __str__(self) -> str:
        return self.key
