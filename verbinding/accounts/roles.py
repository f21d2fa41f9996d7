"""The four staff roles, importable without loading models (used by app configs for the menu)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADVISOR = "advisor", _("Neighbourhood advisor")
    TEAM_LEAD = "team_lead", _("Team lead")
    MANAGER = "manager", _("Manager")
    PRIVACY_OFFICER = "privacy_officer", _("Privacy officer / functional administrator")


ALL_ROLES: tuple[str, ...] = tuple(Role.values)
# Roles that open household files (advisors and team leads).
FIELD_ROLES: tuple[str, ...] = (Role.ADVISOR, Role.TEAM_LEAD)
MANAGEMENT_ROLES: tuple[str, ...] = (Role.MANAGER,)
PRIVACY_ROLES: tuple[str, ...] = (Role.PRIVACY_OFFICER,)
