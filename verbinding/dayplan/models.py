"""The advisor's round for a day: the households they mean to visit, in walking order."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from verbinding.contacts.models import ContactMoment
from verbinding.households.models import Household


class DayPlan(models.Model):
    """One advisor's round on one day (at most one per advisor per day)."""

    advisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="day_plans"
    )
    day = models.DateField(_("day"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-day"]
        verbose_name = _("day plan")
        verbose_name_plural = _("day plans")
        constraints = [
            models.UniqueConstraint(fields=["advisor", "day"], name="dayplan_one_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.advisor_id} {self.day}"


class VisitOutcome(models.TextChoices):
    PLANNED = "planned", _("Planned")
    NOT_HOME = "not_home", _("Not at home, card left")
    DONE = "done", _("Visited")


class PlannedVisit(models.Model):
    """A household on a day plan; ``position`` is the walking order (postcode, house number)."""

    plan = models.ForeignKey(DayPlan, on_delete=models.CASCADE, related_name="visits")
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField(_("order"))
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=VisitOutcome.choices, default=VisitOutcome.PLANNED
    )
    contact = models.ForeignKey(
        ContactMoment, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["plan", "position"]
        verbose_name = _("planned visit")
        verbose_name_plural = _("planned visits")
        constraints = [
            models.UniqueConstraint(fields=["plan", "household"], name="dayplan_household_once")
        ]

    def __str__(self) -> str:
        return f"{self.plan_id}: {self.household_id}"
