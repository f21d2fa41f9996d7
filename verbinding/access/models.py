"""Break-the-glass grants: an advisor opened a household outside their reach, with a reason."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from verbinding import clock


class AccessGrant(models.Model):
    """Access to one household outside one's reach, until ``expires_at`` (the end of the day).

    Appended, never edited; the privacy officer sees every grant in the register
    (``access:grants``), and the opening itself is in the audit log with the reason."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="access_grants",
        verbose_name=_("staff member"),
    )
    household = models.ForeignKey(
        "households.Household",
        on_delete=models.CASCADE,
        related_name="access_grants",
        verbose_name=_("household"),
    )
    reason = models.CharField(_("reason"), max_length=500)
    granted_at = models.DateTimeField(_("granted at"), default=clock.now)
    expires_at = models.DateTimeField(_("expires at"))

    class Meta:
        ordering = ["-granted_at"]
        verbose_name = _("break-the-glass access")
        verbose_name_plural = _("break-the-glass accesses")
        indexes = [
            models.Index(fields=["user", "household", "expires_at"], name="access_grant_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.household_id}"
