"""The joint plan (samen-plan): goals in the tenant's own words and agreements, each with an owner,
a due date and an appended status history."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from verbinding.households.models import Household
from verbinding.network.models import NetworkMember


class Plan(models.Model):
    household = models.ForeignKey(
        Household, on_delete=models.PROTECT, related_name="plans", verbose_name=_("household")
    )
    advisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="plans",
        verbose_name=_("advisor to call"),
    )
    created_at = models.DateTimeField(_("made"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("joint plan")
        verbose_name_plural = _("joint plans")
        # One plan per household: parallel first goals must not start two (issue 13).
        constraints = [models.UniqueConstraint(fields=["household"], name="plan_one_per_household")]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.household}"


class Goal(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="goals")
    text = models.CharField(_("goal, in the tenant's own words"), max_length=300)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )

    class Meta:
        ordering = ["plan", "id"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")

    def __str__(self) -> str:
        return self.text


class OwnerKind(models.TextChoices):
    TENANT = "tenant", _("The tenant")
    NETWORK = "network", _("Someone from the network")
    ADVISOR = "advisor", _("The advisor")
    AGENCY = "agency", _("An agency")


class AgreementState(models.TextChoices):
    OPEN = "open", _("To do")
    DONE = "done", _("Done")
    NOT_DONE = "not_done", _("Did not work out")
    CANCELLED = "cancelled", _("Cancelled")


class Agreement(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="agreements")
    goal = models.ForeignKey(
        Goal, on_delete=models.SET_NULL, null=True, blank=True, related_name="agreements"
    )
    what = models.CharField(_("what we agreed"), max_length=300)
    owner_kind = models.CharField(_("who does it"), max_length=10, choices=OwnerKind.choices)
    owner_member = models.ForeignKey(
        NetworkMember,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreements",
        verbose_name=_("network member"),
    )
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreements",
        verbose_name=_("advisor"),
    )
    owner_name = models.CharField(_("name of who does it"), max_length=120, blank=True)
    due_on = models.DateField(_("by when"), null=True, blank=True)
    # Current status: a copy of the newest AgreementStatus row, kept by the service.
    status = models.CharField(
        _("status"), max_length=10, choices=AgreementState.choices, default=AgreementState.OPEN
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )

    class Meta:
        ordering = ["plan", "due_on", "id"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        indexes = [models.Index(fields=["status", "due_on"], name="agreement_status_due_idx")]

    def __str__(self) -> str:
        return self.what


class AgreementStatus(models.Model):
    """One status of an agreement; appended, never edited."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="history")
    status = models.CharField(_("status"), max_length=10, choices=AgreementState.choices)
    at = models.DateTimeField(_("when"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("agreement status")
        verbose_name_plural = _("agreement statuses")

    def __str__(self) -> str:
        return f"{self.agreement_id} {self.status}"


def owner_label(
    agreement: Agreement, *, for_tenant: bool = False, member_name: str | None = None
) -> str:
    """Who does it, in words: 'You' on the tenant's own copy, else 'The tenant'.

    ``member_name``: the owning network member's name if the caller read it (the worklist reads
    it per row instead of joining every network member)."""
    if agreement.owner_kind == OwnerKind.TENANT:
        return str(_("You") if for_tenant else _("The tenant"))
    if agreement.owner_kind == OwnerKind.ADVISOR and agreement.owner_user is not None:
        user = agreement.owner_user
        return str(user.get_full_name() or user.username)  # type: ignore[attr-defined]
    if agreement.owner_name:
        return agreement.owner_name
    if agreement.owner_member_id is None:
        return ""
    if member_name is not None:
        return member_name
    return agreement.owner_member.name if agreement.owner_member else ""
