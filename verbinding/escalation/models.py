"""Escalation: handing a claim to a bailiff or collection agency (VERA ExterneIncasso) or starting
court proceedings, with the guardrail checks as they stood and any override by a team lead."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from verbinding.households.models import Household, Tenancy
from verbinding.vera import codes


class StepKind(models.TextChoices):
    DEU = "DEU", _("Hand over to the bailiff (deurwaarder)")
    INC = "INC", _("Hand over to a collection agency")
    COURT = "COURT", _("Start court proceedings (kantonrechter)")


class Escalation(models.Model):
    """One handover or court step. ``checks`` keeps the guardrails as they were at the time."""

    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="escalations")
    tenancy = models.ForeignKey(Tenancy, on_delete=models.PROTECT, related_name="escalations")
    kind = models.CharField(_("step"), max_length=5, choices=StepKind.choices)
    start_reason = models.CharField(
        _("reason (VERA)"), max_length=3, choices=codes.ExterneIncassoStartReden.choices
    )
    handed_over_on = models.DateField(_("date"))
    reason = models.CharField(_("explanation"), max_length=300)
    arrears_cents = models.PositiveIntegerField(_("arrears at the time (cents)"), default=0)
    status = models.CharField(
        _("status"), max_length=3, choices=codes.ExterneIncassoStatus.choices, default="ACT"
    )
    checks = models.JSONField(_("guardrails at the time"), default=list)
    letter = models.ForeignKey(
        "letters.Letter",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("14-day letter the claim rests on"),
    )
    claim_principal_cents = models.PositiveIntegerField(
        _("principal handed over (cents)"), default=0
    )
    claim_costs_cents = models.PositiveIntegerField(_("costs handed over (cents)"), default=0)
    needs_new_letter = models.JSONField(
        _("months due after the letter (need a new letter)"), default=list, blank=True
    )
    overridden = models.BooleanField(_("guardrails overridden"), default=False)
    override_reason = models.CharField(
        _("why the guardrails were overridden"), max_length=300, blank=True
    )
    override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["-handed_over_on", "-id"]
        verbose_name = _("escalation")
        verbose_name_plural = _("escalations")
        indexes = [
            models.Index(fields=["overridden", "handed_over_on"], name="escalation_override_idx")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.handed_over_on}"

    @property
    def new_letter_months(self) -> list[dt.date]:
        """The due dates of the rent terms that need a new 14-dagenbrief."""
        return [dt.date.fromisoformat(d) for d in self.needs_new_letter or []]

    @property
    def missing_codes(self) -> list[str]:
        return [c["code"] for c in self.checks if not c.get("met")]


class LegalOutcomeKind(models.TextChoices):
    """What happened after a handover or a court start (domain.md §1: judgment, eviction)."""

    DISSOLUTION = "dissolution", _("Judgment: lease dissolved (ontbinding)")
    PAYMENT_JUDGMENT = "payment_judgment", _("Judgment: payment only (betalingsvonnis)")
    EVICTION_EXECUTED = "eviction_executed", _("Eviction carried out (ontruiming)")
    EVICTION_CALLED_OFF = "eviction_called_off", _("Eviction called off after the judgment")
    WITHDRAWN = "withdrawn", _("Case withdrawn or settled")


# VERA EXTERNEINCASSOEINDEREDEN where a code fits (Referentiedata.csv); a dissolution judgment and
# an eviction called off have none (the lease's EINDEREDEN ONT applies once the tenancy ends).
VERA_END_REASON = {
    LegalOutcomeKind.PAYMENT_JUDGMENT: "BVO",  # Betalingsvonnis
    LegalOutcomeKind.EVICTION_EXECUTED: "OTR",  # Ontruiming
    LegalOutcomeKind.WITHDRAWN: "TER",  # Teruggenomen door opdrachtgever
}


class LegalOutcome(models.Model):
    """One fact after a handover or court start: a judgment, an eviction carried out or called
    off, or the case withdrawn. Appended, never edited; the latest row is the current state."""

    escalation = models.ForeignKey(Escalation, on_delete=models.PROTECT, related_name="outcomes")
    household = models.ForeignKey(
        Household, on_delete=models.PROTECT, related_name="legal_outcomes"
    )
    tenancy = models.ForeignKey(Tenancy, on_delete=models.PROTECT, related_name="legal_outcomes")
    kind = models.CharField(_("what happened"), max_length=20, choices=LegalOutcomeKind.choices)
    occurred_on = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["occurred_on", "id"]
        verbose_name = _("legal outcome")
        verbose_name_plural = _("legal outcomes")
        indexes = [models.Index(fields=["kind", "occurred_on"], name="legal_outcome_kind_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.occurred_on}"

    @property
    def vera_end_reason(self) -> str:
        """The VERA EXTERNEINCASSOEINDEREDEN code, or "" where VERA has none."""
        return VERA_END_REASON.get(LegalOutcomeKind(self.kind), "")


class StayKind(models.TextChoices):
    """Why collection must wait (issue 11; docs/law.md)."""

    DEBT_HELP = "debt_help", _("Municipal debt help accepted (collection waits 30 days)")
    SETTLEMENT = "settlement", _("Debt settlement (minnelijke schuldregeling)")
    WSNP = "wsnp", _("WSNP (statutory debt rescheduling)")
    COURT = "court", _("Stay ordered by a court")


class CollectionStay(models.Model):
    """A debt-settlement, WSNP or court-ordered stay, or the day the tenant accepted municipal debt
    help: no handover or court start while it runs (accepted debt help: 30 days from ``starts_on``,
    Landelijk Convenant Vroegsignalering). Recorded with its source, e.g. the letter that says so."""

    household = models.ForeignKey(
        Household, on_delete=models.PROTECT, related_name="collection_stays"
    )
    kind = models.CharField(_("what"), max_length=12, choices=StayKind.choices)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("collection stay")
        verbose_name_plural = _("collection stays")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="collection_stay_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.starts_on}"
