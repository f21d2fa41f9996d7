"""Tenant appreciation (klantwaardering): a grade 1-10 and an optional comment after a contact
moment, as the Aedes benchmark and KWH measure it (domain.md §6).

Maps to VERA ``Kwaliteitsmetingsresultaat``: ``beoordelingsSchaal`` = a report grade 1-10
(:data:`VERA_SCALE`), ``beoordelingsWaarde`` = :attr:`Appreciation.grade`.

Anonymous towards the advisor by default: individual answers are never shown to the advisor
whose contact it was, only aggregates of at least :data:`MIN_GROUP` answers, unless the tenant
chose to give their name (:attr:`Appreciation.named`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from verbinding.contacts.models import ContactMoment
from verbinding.vera import codes

VERA_SCALE = "Rapportcijfer 1-10"  # beoordelingsSchaal (free text in VERA KMT: no code list yet)
MIN_GROUP = 5  # no figure is shown for fewer answers than this
LINK_DAYS = 30  # a link or QR code on a letter works this many days


class Via(models.TextChoices):
    KITCHEN = "kitchen", _("On the advisor's phone")
    LINK = "link", _("Through a link or QR code")
    SURVEY = "survey", _("Through the survey tool (API)")


class FeedbackLink(models.Model):
    """A one-time link to give a grade for one contact. Only a hash of the token is stored."""

    contact = models.ForeignKey(
        ContactMoment, on_delete=models.CASCADE, related_name="feedback_links"
    )
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("feedback link")
        verbose_name_plural = _("feedback links")

    def __str__(self) -> str:
        return f"link for contact {self.contact_id}"


class Appreciation(models.Model):
    """One answer per contact moment (enforced by the database)."""

    contact = models.OneToOneField(
        ContactMoment, on_delete=models.CASCADE, related_name="appreciation"
    )
    # The channel of the contact, copied when the answer is given, so that figures per channel
    # are one GROUP BY on this table.
    channel = models.CharField(_("channel"), max_length=3, choices=codes.CommunicatieKanaal.choices)
    grade = models.PositiveSmallIntegerField(_("grade (1-10)"))
    comment = models.TextField(_("comment"), blank=True, max_length=1000)
    via = models.CharField(_("given"), max_length=10, choices=Via.choices)
    named = models.BooleanField(
        _("the tenant gave their name"),
        default=False,
        help_text=_("Anonymous unless the tenant chose to let the advisor see the answer."),
    )
    answered_at = models.DateTimeField(_("answered"), db_index=True)

    class Meta:
        ordering = ["-answered_at"]
        verbose_name = _("tenant appreciation")
        verbose_name_plural = _("tenant appreciations")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(grade__gte=1, grade__lte=10), name="appreciation_grade_1_10"
            )
        ]
        indexes = [models.Index(fields=["channel", "answered_at"], name="appreciation_ch_time_idx")]

    def __str__(self) -> str:
        return f"appreciation for contact {self.contact_id}"


class LinkAttempt(models.Model):
    """One opening of a public link page, for rate limiting. The address is kept only as a keyed
    hash, and rows older than a day are removed."""

    client = models.CharField(max_length=64, db_index=True)
    at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("link attempt")
        verbose_name_plural = _("link attempts")

    def __str__(self) -> str:
        return f"attempt at {self.at:%Y-%m-%d %H:%M}"
