"""API clients in the admin: the functional administrator registers systems; a new key is shown
once, in the confirmation message, and only its hash is kept."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from verbinding.api import services
from verbinding.api.models import ApiClient, WebhookDelivery, WebhookSubscription


@admin.register(ApiClient)
class ApiClientAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "user", "scopes", "key_prefix", "oidc_client_id", "rate", "is_active"]
    list_filter = ["is_active"]
    readonly_fields = ["key_prefix", "created_at"]
    actions = ["new_key"]

    def save_model(self, request: HttpRequest, obj: ApiClient, form: Any, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        client, key = services.api_client_create(
            name=obj.name,
            user=obj.user,
            scopes=list(obj.scopes or []),
            actor=request.user,
            oidc_client_id=obj.oidc_client_id,
            rate=obj.rate,
            with_key=not obj.oidc_client_id,
        )
        obj.pk = client.pk
        if key:
            messages.warning(
                request, _("The API key (shown only now, copy it): %(key)s") % {"key": key}
            )

    @admin.action(description=gettext_lazy("New API key"))
    def new_key(self, request: HttpRequest, queryset: Any) -> None:
        for client in queryset:
            key = services.api_client_new_key(client=client, actor=request.user)
            messages.warning(
                request,
                _("New API key for %(name)s (shown only now): %(key)s")
                % {"name": client.name, "key": key},
            )


@admin.register(WebhookSubscription)
class WebhookSubscriptionAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "url", "events", "is_active", "after_audit_id"]


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """The delivery log: every event, its attempts and the last answer."""

    list_display = [
        "created_at",
        "subscription",
        "event_type",
        "status",
        "attempts",
        "last_status_code",
        "next_attempt_at",
        "delivered_at",
    ]
    list_filter = ["status", "event_type", "subscription"]
    readonly_fields = [f.name for f in WebhookDelivery._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
