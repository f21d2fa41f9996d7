"""Messages to the tenant: editable texts, the tenant's consent to reminders, and what was sent."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from verbinding.households.models import Household


class MessageKind(models.TextChoices):
    PLAN = "plan", _("Our plan")
    ARRANGEMENT = "arrangement", _("Payment arrangement confirmed")
    APPOINTMENT = "appointment", _("Next appointment")
    INSTALMENT_REMINDER = "instalment", _("Reminder: instalment due")


class MessageTemplate(models.Model):
    """An association's own wording for a kind of message (plain Dutch, B1). Without one, the
    default text in ``texts.py`` is used. Placeholders: {name}, {content}, {advisor}, {phone}."""

    kind = models.CharField(_("kind"), max_length=12, choices=MessageKind.choices, unique=True)
    subject = models.CharField(_("subject"), max_length=150)
    body = models.TextField(_("text"))
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("message text")
        verbose_name_plural = _("message texts")

    def __str__(self) -> str:
        return self.get_kind_display()


class ReminderConsent(models.Model):
    """The tenant agreed to receive reminders (before an instalment or an appointment)."""

    household = models.OneToOneField(
        Household, on_delete=models.CASCADE, related_name="reminder_consent"
    )
    given_on = models.DateField(_("given on"))
    revoked_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("consent to reminders")
        verbose_name_plural = _("consents to reminders")

    def __str__(self) -> str:
        return str(self.household_id)


class SentReminder(models.Model):
    """One reminder sent for one thing (unique: a rerun of the job sends nothing twice)."""

    kind = models.CharField(max_length=12, choices=MessageKind.choices)
    object_id = models.PositiveBigIntegerField()
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="reminder_sent_once")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}"
