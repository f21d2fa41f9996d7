"""Nuisance cases (woonoverlast, VERA Zaak of type SOC with a nuisance detail).

A ``NuisanceCase`` is one-to-one with a foundation ``cases.Case``: the case carries the type
(ZAAKTYPEDETAILSOORT), handler and status history; the case's household is the main
complained-about party. Everything nuisance-specific hangs off ``NuisanceCase``: the parties
(VERA ZAAKROL), the reports (meldingen), each party's own account, the invitations to the
complained-about party, the factual incident log, the steps taken on the suggested ladder, the
mediation referrals, and recurrence. Every table is appended to; only a mediation's outcome and a
report's acknowledgement are filled in later (audited with before/after).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from verbinding.cases.models import Case
from verbinding.households.models import Household
from verbinding.vera import codes

# The nuisance kinds (VERA ZAAKTYPEDETAILSOORT under SOC) offered for a nuisance case.
NUISANCE_DETAILS: tuple[str, ...] = (
    "GEL",
    "RUZ",
    "VUI",
    "DIE",
    "STA",
    "DRU",
    "HEN",
    "PSY",
    "VER",
    "AGR",
    "ONG",
    "VAN",
    "OVE",
)
NUISANCE_DETAIL_CHOICES = [(c, codes.ZaaktypeDetailSoort(c).label) for c in NUISANCE_DETAILS]
PARTY_ROLES = ("MEL", "KLG", "BEK", "OVE")
PARTY_ROLE_CHOICES = [(c, codes.ZaakRol(c).label) for c in PARTY_ROLES]
REPORTER_ROLES = ("MEL", "KLG")


class ReportSource(models.TextChoices):
    TENANT = "tenant", _("Tenant (neighbour)")
    RESIDENT = "resident", _("Other local resident")
    COLLEAGUE = "colleague", _("Colleague")
    POLICE = "police", _("Police")
    MUNICIPALITY = "municipality", _("Municipality")
    CARE = "care", _("Care partner (e.g. GGZ)")
    OTHER = "other", _("Other")


class Frequency(models.TextChoices):
    ONCE = "once", _("Once")
    SOMETIMES = "sometimes", _("Now and then")
    WEEKLY = "weekly", _("Every week")
    DAILY = "daily", _("(Almost) every day")


class TalkedToNeighbour(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    UNSAFE = "unsafe", _("No, does not feel safe")


class Step(models.TextChoices):
    """The suggested ladder (domain.md §4). A suggestion, never a workflow."""

    OWN = "own", _("Own attempt by the reporter")
    TALK = "talk", _("Conversation with a party")
    MEDIATION = "mediation", _("Neighbourhood mediation (buurtbemiddeling)")
    WARNING = "warning", _("Warning letter")
    CARE = "care", _("Care partner / case conference")
    ORDER = "order", _("Behaviour order or court")


LADDER: tuple[str, ...] = tuple(Step.values)


class MediationOutcome(models.TextChoices):
    RESOLVED = "resolved", _("Resolved")
    PARTLY = "partly", _("Partly resolved")
    NOT_RESOLVED = "not_resolved", _("Not resolved")
    REFUSED = "refused", _("Refused by a party")


class RecurrenceAction(models.TextChoices):
    REOPENED = "reopened", _("Closed case reopened")
    LINKED = "linked", _("New case linked to the closed one")


class NuisanceCase(models.Model):
    case = models.OneToOneField(
        Case, on_delete=models.PROTECT, related_name="nuisance", verbose_name=_("case")
    )
    previous = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="followers",
        verbose_name=_("earlier case about the same party"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("nuisance case")
        verbose_name_plural = _("nuisance cases")

    def __str__(self) -> str:
        return str(self.case)


class Party(models.Model):
    """A party to the case (VERA ZAAKROL): a household, or a person/organisation outside it."""

    nuisance_case = models.ForeignKey(
        NuisanceCase, on_delete=models.CASCADE, related_name="parties"
    )
    role = models.CharField(_("role"), max_length=3, choices=PARTY_ROLE_CHOICES)
    household = models.ForeignKey(
        Household,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nuisance_parties",
        verbose_name=_("household"),
    )
    name = models.CharField(_("name"), max_length=150, blank=True)
    organisation = models.CharField(_("organisation"), max_length=150, blank=True)
    contact = models.CharField(_("phone or e-mail"), max_length=150, blank=True)
    share_identity = models.BooleanField(
        _("may be named to the other party"),
        default=False,
        help_text=_("Only with the reporter's explicit consent."),
    )
    added_on = models.DateField(_("added"))

    class Meta:
        ordering = ["nuisance_case", "role", "id"]
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        indexes = [models.Index(fields=["household", "role"], name="nuisance_party_hh_role_idx")]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The name staff see (never shown to the other party)."""
        if self.household_id is not None:
            return str(self.household)
        return ", ".join(p for p in (self.name, self.organisation) if p) or "?"

    @property
    def is_reporter(self) -> bool:
        return self.role in REPORTER_ROLES


class Report(models.Model):
    """A melding: one reporter's report of what happened."""

    nuisance_case = models.ForeignKey(
        NuisanceCase, on_delete=models.CASCADE, related_name="reports"
    )
    reporter = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="reports", verbose_name=_("reporter")
    )
    source = models.CharField(_("reported by"), max_length=20, choices=ReportSource.choices)
    channel = models.CharField(
        _("received by"),
        max_length=3,
        choices=codes.CommunicatieKanaal.choices,
        default=codes.CommunicatieKanaal.TEL,
    )
    received_on = models.DateField(_("received"), db_index=True)
    occurred_on = models.DateField(_("date of the nuisance"))
    occurred_time = models.TimeField(_("time"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    what_happened = models.TextField(_("what happened"))
    frequency = models.CharField(_("how often"), max_length=10, choices=Frequency.choices)
    talked_to_neighbour = models.CharField(
        _("talked to the neighbour yourself?"), max_length=10, choices=TalkedToNeighbour.choices
    )
    acknowledged_on = models.DateField(_("taken up"), null=True, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")

    def __str__(self) -> str:
        return f"{self.received_on} {self.reporter}"


class Account(models.Model):
    """A party's account, in their own words (both sides are recorded the same way)."""

    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="accounts")
    heard_on = models.DateField(_("heard on"))
    channel = models.CharField(
        _("how"), max_length=3, choices=codes.CommunicatieKanaal.choices, default="BEZ"
    )
    words = models.TextField(_("in their own words"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["heard_on", "id"]
        verbose_name = _("account")
        verbose_name_plural = _("accounts")

    def __str__(self) -> str:
        return f"{self.party} {self.heard_on}"


class Invitation(models.Model):
    """An invitation to give one's side (a second one if there was no response)."""

    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="invitations")
    sent_on = models.DateField(_("sent on"))
    channel = models.CharField(_("how"), max_length=3, choices=codes.CommunicatieKanaal.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["sent_on", "id"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.party} {self.sent_on}"


class Incident(models.Model):
    """One fact in the incident log: what was seen or heard, when, by whom. No opinions."""

    class Observer(models.TextChoices):
        REPORTER = "reporter", _("A reporter")
        STAFF = "staff", _("Staff of the association")
        POLICE = "police", _("Police")
        MUNICIPALITY = "municipality", _("Municipality (e.g. enforcement officer)")
        OTHER = "other", _("Someone else")

    nuisance_case = models.ForeignKey(
        NuisanceCase, on_delete=models.CASCADE, related_name="incidents"
    )
    occurred_on = models.DateField(_("date"))
    occurred_time = models.TimeField(_("time"), null=True, blank=True)
    fact = models.TextField(_("what was seen or heard"))
    observer_kind = models.CharField(_("observed by"), max_length=20, choices=Observer.choices)
    observer_party = models.ForeignKey(
        Party,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="observations",
        verbose_name=_("observing party"),
    )
    observer_name = models.CharField(_("observer's name"), max_length=150, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["occurred_on", "occurred_time", "id"]
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")

    def __str__(self) -> str:
        return f"{self.occurred_on} {self.fact[:40]}"


class StepTaken(models.Model):
    """A step the advisor chose, with why, and what the rules suggested at that moment."""

    nuisance_case = models.ForeignKey(NuisanceCase, on_delete=models.CASCADE, related_name="steps")
    step = models.CharField(_("step"), max_length=20, choices=Step.choices)
    party = models.ForeignKey(
        Party,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="steps",
        verbose_name=_("with party"),
    )
    taken_on = models.DateField(_("date"))
    reason = models.CharField(_("why this step"), max_length=500)
    suggested = models.CharField(
        _("suggested at the time"), max_length=20, choices=Step.choices, blank=True
    )
    follow_up_on = models.DateField(_("follow up on"), null=True, blank=True, db_index=True)
    follow_up_done = models.BooleanField(_("follow-up done"), default=False)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["taken_on", "id"]
        verbose_name = _("step taken")
        verbose_name_plural = _("steps taken")

    def __str__(self) -> str:
        return f"{self.get_step_display()} {self.taken_on}"


class Mediation(models.Model):
    """A referral to neighbourhood mediation (buurtbemiddeling) and, later, its outcome."""

    nuisance_case = models.ForeignKey(
        NuisanceCase, on_delete=models.CASCADE, related_name="mediations"
    )
    referred_on = models.DateField(_("referred on"))
    organisation = models.CharField(_("mediation service"), max_length=150)
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=MediationOutcome.choices, blank=True
    )
    outcome_on = models.DateField(_("outcome on"), null=True, blank=True)
    outcome_note = models.CharField(_("about the outcome"), max_length=500, blank=True)
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["referred_on", "id"]
        verbose_name = _("mediation referral")
        verbose_name_plural = _("mediation referrals")

    def __str__(self) -> str:
        return f"{self.organisation} {self.referred_on}"


class Recurrence(models.Model):
    """A new report about a party within 12 months of a closed case about them."""

    nuisance_case = models.ForeignKey(
        NuisanceCase, on_delete=models.CASCADE, related_name="recurrences"
    )
    previous = models.ForeignKey(
        NuisanceCase,
        on_delete=models.PROTECT,
        related_name="recurred_as",
        verbose_name=_("closed case"),
    )
    report = models.OneToOneField(Report, on_delete=models.PROTECT, related_name="recurrence")
    action = models.CharField(_("what happened"), max_length=10, choices=RecurrenceAction.choices)
    previous_closed_on = models.DateField(_("closed case was closed on"))
    detected_on = models.DateField(_("detected on"), db_index=True)

    class Meta:
        ordering = ["-detected_on", "-id"]
        verbose_name = _("recurrence")
        verbose_name_plural = _("recurrences")

    def __str__(self) -> str:
        return f"{self.previous_id} → {self.nuisance_case_id} {self.detected_on}"
