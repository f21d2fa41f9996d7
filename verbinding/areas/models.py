"""Municipalities, districts (wijken) and neighbourhoods (buurten), keyed by their CBS codes."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Municipality(models.Model):
    """A gemeente, e.g. GM0150 Deventer."""

    cbs_code = models.CharField(_("CBS code"), max_length=6, unique=True)  # GM + 4 digits
    name = models.CharField(_("name"), max_length=100)
    receives_signals = models.BooleanField(
        _("agreed to receive early signals"),
        default=False,
        help_text=_(
            "Vroegsignalering: signals go only to municipalities that agreed to receive them."
        ),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self) -> str:
        return self.name


class District(models.Model):
    """A wijk, e.g. WK015001."""

    cbs_code = models.CharField(_("CBS code"), max_length=8, unique=True)  # WK + 6 digits
    name = models.CharField(_("name"), max_length=100)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="districts"
    )

    class Meta:
        ordering = ["cbs_code"]
        verbose_name = _("district (wijk)")
        verbose_name_plural = _("districts (wijken)")

    def __str__(self) -> str:
        return self.name


class Neighbourhood(models.Model):
    """A buurt, e.g. BU01500101: the unit that advisors and teams are assigned to."""

    cbs_code = models.CharField(_("CBS code"), max_length=10, unique=True)  # BU + 8 digits
    name = models.CharField(_("name"), max_length=100)
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="neighbourhoods")

    class Meta:
        ordering = ["cbs_code"]
        verbose_name = _("neighbourhood (buurt)")
        verbose_name_plural = _("neighbourhoods (buurten)")

    def __str__(self) -> str:
        return self.name
