"""Shared lessons (ervaringen delen): what worked, in which situation, anonymised.

A lesson keeps a link to its case only so that one case gets one lesson per author; the link is
never shown, exported or searchable. The author is shown only when they chose to sign.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from verbinding.cases.models import Case
from verbinding.vera import codes


class Lesson(models.Model):
    case = models.ForeignKey(Case, on_delete=models.SET_NULL, null=True, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signed = models.BooleanField(
        _("show my name"),
        default=False,
        help_text=_("Without this, colleagues see 'a colleague' and not whose case it was."),
    )
    # The situation, copied from the case when the lesson is written (for browsing).
    case_kind = models.CharField(
        _("kind of case"), max_length=3, choices=codes.ZaaktypeSoort.choices
    )
    case_detail = models.CharField(
        _("situation"), max_length=3, choices=codes.ZaaktypeDetailSoort.choices
    )
    # Network categories that played a part, stored as ",family,professionals," for a plain
    # LIKE filter that works the same on SQLite and PostgreSQL.
    network_types = models.CharField(_("network involved"), max_length=200, blank=True)
    title = models.CharField(_("in one line: what worked"), max_length=150)
    situation = models.TextField(_("the situation"), max_length=2000)
    what_worked = models.TextField(_("what worked, and why"), max_length=3000)
    written_on = models.DateField(_("written on"), db_index=True)

    class Meta:
        ordering = ["-written_on", "-id"]
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")
        constraints = [
            models.UniqueConstraint(fields=["case", "author"], name="lesson_one_per_case_author")
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def network_type_list(self) -> list[str]:
        return [t for t in self.network_types.split(",") if t]
