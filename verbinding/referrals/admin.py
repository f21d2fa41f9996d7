from django.contrib import admin

from verbinding.referrals.models import Partner


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    """The managed list of partner organisations per municipality (functional administrator)."""

    list_display = ["name", "kind", "municipality", "phone", "email", "active"]
    list_filter = ["kind", "municipality", "active"]
    search_fields = ["name"]
