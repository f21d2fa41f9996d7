"""Cases (VERA Zaak): typed by ZAAKTYPESOORT/ZAAKTYPEDETAILSOORT, with a handler and an
appended status history (VERA Zaakstatus)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from verbinding.households.models import Household
from verbinding.vera import codes


class Case(models.Model):
    household = models.ForeignKey(
        Household, on_delete=models.PROTECT, related_name="cases", verbose_name=_("household")
    )
    kind = models.CharField(_("kind"), max_length=3, choices=codes.ZaaktypeSoort.choices)
    detail = models.CharField(_("detail"), max_length=3, choices=codes.ZaaktypeDetailSoort.choices)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="handled_cases",
        verbose_name=_("handler (behandelaar)"),
    )
    summary = models.CharField(_("summary"), max_length=200, blank=True)
    # Current status: a copy of the newest CaseStatus row, kept by the service for fast filtering.
    status = models.CharField(
        _("status"), max_length=3, choices=codes.ZaakstatusSoort.choices, default="AAN"
    )
    opened_on = models.DateField(_("opened"))
    closed_on = models.DateField(_("closed"), null=True, blank=True)

    class Meta:
        ordering = ["-opened_on", "-id"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        indexes = [
            models.Index(fields=["handler", "status"], name="case_handler_status_idx"),
            # The open cases' households per handler, from the index alone: the access rule
            # (verbinding.access.selectors; a team lead's reach read every open case without it)
            models.Index(
                fields=["handler", "household"],
                condition=~models.Q(status__in=codes.CLOSED_CASE_STATUSES),
                name="case_open_handler_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_detail_display()} ({self.household})"

    @property
    def is_open(self) -> bool:
        return self.status not in codes.CLOSED_CASE_STATUSES


class CaseStatus(models.Model):
    """One status of a case; appended, never edited."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="history")
    status = models.CharField(_("status"), max_length=3, choices=codes.ZaakstatusSoort.choices)
    at = models.DateTimeField(_("when"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("case status")
        verbose_name_plural = _("case statuses")

    def __str__(self) -> str:
        return f"{self.case_id} {self.status}"
