"""Staff: users with one role, teams, and the neighbourhoods they are assigned to."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from verbinding.accounts.roles import Role
from verbinding.areas.models import Neighbourhood


class Team(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    neighbourhoods = models.ManyToManyField(
        Neighbourhood, related_name="teams", blank=True, verbose_name=_("neighbourhoods")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A member of staff. Tenants never log in; they reach us through one-time links."""

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.ADVISOR)
    team = models.ForeignKey(
        Team,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("team"),
    )
    neighbourhoods = models.ManyToManyField(
        Neighbourhood,
        related_name="advisors",
        blank=True,
        verbose_name=_("assigned neighbourhoods"),
        help_text=_("The neighbourhoods this advisor works in."),
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff members")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def is_advisor(self) -> bool:
        return self.role == Role.ADVISOR

    @property
    def is_team_lead(self) -> bool:
        return self.role == Role.TEAM_LEAD

    @property
    def is_manager(self) -> bool:
        return self.role == Role.MANAGER

    @property
    def is_privacy_officer(self) -> bool:
        return self.role == Role.PRIVACY_OFFICER

    @property
    def works_with_households(self) -> bool:
        """Advisors and team leads open household files; managers see aggregates only."""
        return self.role in (Role.ADVISOR, Role.TEAM_LEAD)
