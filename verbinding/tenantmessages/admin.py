from django.contrib import admin

from verbinding.tenantmessages.models import MessageTemplate


@admin.register(MessageTemplate)
class MessageTemplateAdmin(admin.ModelAdmin):
    """The association's own wording of what the tenant receives (plain Dutch, B1)."""

    list_display = ["kind", "subject", "updated_at"]
