from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from verbinding.accounts.models import Team, User
from verbinding.audit.admin_audit import AuditedAdmin


@admin.register(User)
class UserAdmin(AuditedAdmin, DjangoUserAdmin):
    """Staff accounts: one role each, a team, and the neighbourhoods an advisor works in."""

    list_display = ("username", "first_name", "last_name", "role", "team", "is_active")
    list_filter = ("role", "team", "is_active")
    filter_horizontal = ("neighbourhoods", "groups", "user_permissions")
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        (_("Verbinding"), {"fields": ("role", "team", "neighbourhoods", "phone")}),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        (_("Verbinding"), {"fields": ("role", "team")}),
    )


@admin.register(Team)
class TeamAdmin(AuditedAdmin):
    list_display = ("name",)
    filter_horizontal = ("neighbourhoods",)
