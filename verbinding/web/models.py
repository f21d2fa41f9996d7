"""One-time form tokens: the same form submitted twice (a double tap, a resend) records once."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from verbinding import clock


class UsedFormToken(models.Model):
    """A form token that has been submitted. The unique constraint decides a race."""

    token = models.CharField(_("token"), max_length=64, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    path = models.CharField(_("address"), max_length=200)
    used_at = models.DateTimeField(_("used at"), default=clock.now, db_index=True)

    class Meta:
        verbose_name = _("used form token")
        verbose_name_plural = _("used form tokens")

    def __str__(self) -> str:
        return self.token
