"""Network map (ecomap): people and organisations around a household, with versioned ties and
consent. VERA has no entity for this (domain.md §8 'Gaps'); roles use VERA RELATIEROLSOORT where one
fits, and our own codes otherwise (marked in ``SupportRole``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from verbinding.households.models import Household


class Category(models.TextChoices):
    """Where someone stands in relation to the household (domain.md §5, proposed list)."""

    HOUSEHOLD = "household", _("Household")
    FAMILY = "family", _("Family")
    FRIENDS = "friends", _("Friends")
    NEIGHBOURS = "neighbours", _("Neighbours")
    WORK = "work", _("Work or school")
    VOLUNTEERS = "volunteers", _("Volunteers")
    PROFESSIONALS = "professionals", _("Professionals and agencies")


class SupportRole(models.TextChoices):
    """A professional's role. Three-letter codes are VERA RELATIEROLSOORT; longer ones are ours."""

    BWI = "BWI", _("Financial administrator (bewindvoerder)")
    BUD = "BUD", _("Budget coach")
    AMB = "AMB", _("Ambulant support worker")
    CUR = "CUR", _("Guardian (curator)")
    DEU = "DEU", _("Bailiff")
    CPE = "CPE", _("Contact person")
    WIJKTEAM = "wijkteam", _("Neighbourhood team (wijkteam)")
    SHV = "shv", _("Debt counselling (schuldhulpverlening)")
    GGZ = "ggz", _("Mental health care (GGZ)")
    GP = "gp", _("GP (huisarts)")
    POLICE = "police", _("Police")
    SOCIAL_WORK = "social_work", _("Social work")
    MEDIATION = "mediation", _("Neighbourhood mediation")
    OTHER = "other", _("Other")


class Strength(models.TextChoices):
    STRONG = "strong", _("Strong")
    NORMAL = "normal", _("Normal")
    WEAK = "weak", _("Weak")


class Support(models.TextChoices):
    """Direction of support, seen from the household."""

    TO_HOUSEHOLD = "to", _("Supports the household")
    FROM_HOUSEHOLD = "from", _("Is supported by the household")
    BOTH = "both", _("Both ways")
    NONE = "none", _("No support")
    UNKNOWN = "unk", _("Not known yet")


class NetworkMember(models.Model):
    """A person or organisation in the household's network (a node of the ecomap)."""

    household = models.ForeignKey(
        Household, on_delete=models.PROTECT, related_name="network", verbose_name=_("household")
    )
    name = models.CharField(_("name"), max_length=120)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    role = models.CharField(_("role"), max_length=20, choices=SupportRole.choices, blank=True)
    organisation = models.CharField(_("organisation"), max_length=120, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    # Optimistic concurrency: an edit made on an older version is refused, not overwritten.
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )

    class Meta:
        ordering = ["household", "category", "name", "id"]
        verbose_name = _("network member")
        verbose_name_plural = _("network members")

    def __str__(self) -> str:
        return self.name

    @property
    def is_professional(self) -> bool:
        return self.category == Category.PROFESSIONALS


class Tie(models.Model):
    """The household's tie with a member during [valid_from, valid_to). Editing appends a new tie
    and closes the previous one; nothing is overwritten, so the map can be drawn as it was."""

    member = models.ForeignKey(NetworkMember, on_delete=models.PROTECT, related_name="ties")
    strength = models.CharField(
        _("strength"), max_length=10, choices=Strength.choices, default=Strength.NORMAL
    )
    stressful = models.BooleanField(_("stressful"), default=False)
    support = models.CharField(
        _("support"), max_length=5, choices=Support.choices, default=Support.UNKNOWN
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    valid_from = models.DateField(_("from"))
    valid_to = models.DateField(_("until"), null=True, blank=True)
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )

    class Meta:
        ordering = ["member", "valid_from", "id"]
        verbose_name = _("tie")
        verbose_name_plural = _("ties")
        indexes = [models.Index(fields=["member", "valid_to"], name="tie_member_current_idx")]

    def __str__(self) -> str:
        return f"{self.member_id} {self.strength} {self.valid_from}..{self.valid_to or ''}"


class ConsentKind(models.TextChoices):
    CONTACT = "contact", _("We may contact this person")
    SHARE = "share", _("We may share information with them")


class LegalBasis(models.TextChoices):
    """AVG art. 6 grounds (domain.md §7)."""

    CONSENT = "consent", _("Consent of the tenant")
    CONTRACT = "contract", _("Performing the tenancy")
    LEGAL = "legal", _("Legal obligation")
    INTEREST = "interest", _("Legitimate interest")


class Consent(models.Model):
    """One recorded decision about contacting or sharing; appended. The newest per member and
    kind is the current one (a withdrawal is a new row with ``given=False``)."""

    member = models.ForeignKey(NetworkMember, on_delete=models.PROTECT, related_name="consents")
    kind = models.CharField(_("about"), max_length=10, choices=ConsentKind.choices)
    given = models.BooleanField(_("given"))
    purpose = models.CharField(_("purpose"), max_length=200)
    legal_basis = models.CharField(
        _("legal basis"), max_length=10, choices=LegalBasis.choices, default=LegalBasis.CONSENT
    )
    decided_on = models.DateField(_("date"))
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )

    class Meta:
        ordering = ["member", "kind", "decided_on", "id"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")

    def __str__(self) -> str:
        return f"{self.member_id} {self.kind} {'yes' if self.given else 'no'} {self.decided_on}"
