"""Contact moments (VERA Contactmoment): every channel, failed attempts included."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from verbinding.cases.models import Case
from verbinding.households.models import Household
from verbinding.vera import codes


class Outcome(models.TextChoices):
    """The result of a contact attempt. Failed attempts count as proof that contact was tried."""

    SPOKE = "spoke", _("Spoke with them")
    NOT_HOME = "not_home", _("Not at home")
    CARD_LEFT = "card_left", _("Not at home, card left")
    DOOR_NOT_OPENED = "door_closed", _("Door not opened")
    REFUSED = "refused", _("Refused contact")
    NO_ANSWER = "no_answer", _("No answer")
    VOICEMAIL = "voicemail", _("Voicemail left")
    WRONG_NUMBER = "wrong_number", _("Wrong number")
    SENT = "sent", _("Sent")


SUCCESSFUL_OUTCOMES = frozenset({Outcome.SPOKE})


class ContactMoment(models.Model):
    household = models.ForeignKey(
        Household, on_delete=models.PROTECT, related_name="contacts", verbose_name=_("household")
    )
    case = models.ForeignKey(
        Case,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contacts",
        verbose_name=_("case"),
    )
    occurred_at = models.DateTimeField(_("when"), db_index=True)
    channel = models.CharField(_("channel"), max_length=3, choices=codes.CommunicatieKanaal.choices)
    direction = models.CharField(
        _("direction"),
        max_length=3,
        choices=codes.CommunicatieRichting.choices,
        default=codes.CommunicatieRichting.UIT,
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    note = models.TextField(_("note"), blank=True)
    tenant_words = models.TextField(_("in the tenant's own words"), blank=True)
    agreed = models.TextField(_("what was agreed"), blank=True)
    follow_up_on = models.DateField(_("follow up on"), null=True, blank=True, db_index=True)
    follow_up_done = models.BooleanField(_("follow-up done"), default=False)
    confidentiality = models.CharField(
        _("confidentiality"),
        max_length=3,
        choices=[
            (c, codes.Vertrouwelijkheid(c).label)
            for c in (
                codes.Vertrouwelijkheid.INT,
                codes.Vertrouwelijkheid.VER,
                codes.Vertrouwelijkheid.GEH,
            )
        ],
        default=codes.Vertrouwelijkheid.INT,
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="contact_moments",
        verbose_name=_("author"),
    )
    shared_with = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="shared_contact_moments",
        verbose_name=_("shared with"),
        help_text=_("For secret (GEH) notes: colleagues who may read them too."),
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    # Set by a device that recorded the contact offline (ADR 0017): the same key is recorded once.
    idempotency_key = models.UUIDField(
        _("idempotency key"), null=True, blank=True, unique=True, editable=False
    )

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name = _("contact moment")
        verbose_name_plural = _("contact moments")
        indexes = [
            models.Index(fields=["household", "-occurred_at"], name="contact_household_time_idx"),
            # Covers the dashboard's contacts per staff member and channel in a period (index
            # only: looking up 66,000 wide rows of a year took ~0.2 s at 100,000 households).
            models.Index(
                fields=["occurred_at", "author", "channel"], name="contact_time_author_idx"
            ),
            # The open follow-ups by date, with what the worklist reads of them (index only: the
            # worklist's follow-up source read ~1,100 table pages per request at 100k households)
            models.Index(
                fields=["follow_up_on", "household", "occurred_at", "author", "id"],
                condition=models.Q(follow_up_on__isnull=False, follow_up_done=False),
                name="contact_open_follow_up_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.occurred_at:%Y-%m-%d}"

    @property
    def is_personal(self) -> bool:
        """Home visit, phone or front desk (domain.md §6: personal versus digital contact)."""
        return self.channel in codes.PERSONAL_CHANNELS

    @property
    def reached(self) -> bool:
        return self.outcome in SUCCESSFUL_OUTCOMES
