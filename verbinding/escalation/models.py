"""Escalation: handing a claim to a bailiff or collection agency (VERA ExterneIncasso) or starting
court proceedings, with the guardrail checks as they stood and any override by a team lead."""

from __future__ import annotations

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
    def missing_codes(self) -> list[str]:
        return [c["code"] for c in self.checks if not c.get("met")]
