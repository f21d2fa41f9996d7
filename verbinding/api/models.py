"""Systems that use the API, and the replies kept for idempotent retries."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ApiClient(models.Model):
    """A system (the ERP, the municipality's platform) or a staff member's own token.

    The client acts as ``user``: every read goes through that user's selectors (neighbourhoods,
    cases, role) and every write is audited as that user, with the channel ``api`` and the
    client's name. An API key is stored as its SHA-256 hash (keys are 256 random bits), shown once
    when created; an OAuth2 client is recognised by its ``client_id`` (the token's ``azp``).
    """

    name = models.CharField(_("name"), max_length=100, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="api_clients",
        verbose_name=_("acts as"),
        help_text=_("Reads and writes follow this staff account's access rules."),
    )
    scopes = models.JSONField(_("scopes"), default=list, blank=True)
    key_prefix = models.CharField(
        _("key prefix"), max_length=16, unique=True, null=True, blank=True, editable=False
    )
    key_hash = models.CharField(_("key hash"), max_length=64, blank=True, editable=False)
    oidc_client_id = models.CharField(
        _("OAuth2 client id"),
        max_length=200,
        unique=True,
        null=True,
        blank=True,
        help_text=_("The client_id (azp) in the tokens of the association's OIDC provider."),
    )
    rate = models.CharField(
        _("rate limit"), max_length=20, default="600/min", help_text=_("E.g. 600/min or 10/s.")
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("API client")
        verbose_name_plural = _("API clients")

    def __str__(self) -> str:
        return self.name

    def has_scope(self, scope: str) -> bool:
        return scope in (self.scopes or [])


class IdempotentReply(models.Model):
    """The reply to a write sent with an ``Idempotency-Key``: a retry gets the same reply."""

    client = models.ForeignKey(ApiClient, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=200)
    request_hash = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField()
    body = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["client", "key"], name="api_idempotency_key_unique")
        ]

    def __str__(self) -> str:
        return self.key


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("waiting")
    DELIVERED = "delivered", _("delivered")
    FAILED = "failed", _("given up")


class WebhookSubscription(models.Model):
    """A system that wants to hear about events (the ERP, the municipality's platform)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    url = models.URLField(_("address (URL)"), max_length=500)
    secret = models.CharField(
        _("signing secret"),
        max_length=200,
        help_text=_("Shared with the subscriber; each delivery is signed with HMAC-SHA256."),
    )
    events = models.JSONField(_("events"), default=list, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    after_audit_id = models.BigIntegerField(
        _("events after audit row"),
        default=0,
        help_text=_("Events are taken from the audit log after this row (set when created)."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("webhook subscription")
        verbose_name_plural = _("webhook subscriptions")

    def __str__(self) -> str:
        return self.name


class WebhookDelivery(models.Model):
    """One event for one subscriber, with its attempts (the delivery log)."""

    subscription = models.ForeignKey(
        WebhookSubscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    event_type = models.CharField(_("event"), max_length=60)
    event_key = models.CharField(_("event key"), max_length=120)
    payload = models.JSONField(_("payload"))
    status = models.CharField(
        _("status"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), db_index=True)
    last_status_code = models.PositiveSmallIntegerField(
        _("last HTTP status"), null=True, blank=True
    )
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "event_key"], name="api_webhook_event_once"
            )
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="api_webhook_due_idx")]

    def __str__(self) -> str:
        return f"{self.event_type} → {self.subscription}"
