"""The core register, named after VERA: persons, households (relatiegroep), units (eenheid),
tenancies (huurovereenkomst) with their known IBANs, and safety flags (signalering)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from verbinding.areas.models import Neighbourhood
from verbinding.vera import codes


class Person(models.Model):
    """VERA NatuurlijkPersoon (only what an advisor needs; no BSN)."""

    initials = models.CharField(_("initials"), max_length=20, blank=True)
    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    surname_prefix = models.CharField(_("surname prefix"), max_length=20, blank=True)
    surname = models.CharField(_("surname"), max_length=100)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    preferred_language = models.CharField(_("preferred language"), max_length=10, blank=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        parts = [self.first_name or self.initials, self.surname_prefix, self.surname]
        return " ".join(p for p in parts if p)


class Household(models.Model):
    """VERA Relatiegroep: the people living together under one tenancy."""

    external_id = models.CharField(_("ERP number"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=150)
    preferred_channel = models.CharField(
        _("preferred way of contact"),
        max_length=3,
        choices=codes.CommunicatieKanaal.choices,
        blank=True,
    )
    contact_notes = models.CharField(
        _("how to reach them"),
        max_length=300,
        blank=True,
        help_text=_("E.g. 'works mornings, call after 14:00', 'speaks Arabic, son translates'."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # The one named advisor who owns the household (issue 12); set by the team lead, history in
    # OwnerChange. An absence is covered by a Cover, without changing the owner.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="owned_households",
        verbose_name=_("advisor"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("household")
        verbose_name_plural = _("households")
        # The household list's page by name among an advisor's ~2,000 ids (households.selectors.
        # household_list_page): read along this index, from the index alone, stopping after the
        # page, instead of a scan of every household and a sort (~8 -> 0.3 ms at 100k)
        indexes = [models.Index(fields=["name", "id"], name="household_name_idx")]

    def __str__(self) -> str:
        return self.name


class HouseholdMember(models.Model):
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(
        _("role"),
        max_length=3,
        choices=[(c, codes.RelatierolSoort(c).label) for c in codes.HOUSEHOLD_MEMBER_ROLES],
        default=codes.RelatierolSoort.HUU,
    )
    start_date = models.DateField(_("from"), null=True, blank=True)
    end_date = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        ordering = ["household", "role", "id"]
        verbose_name = _("household member")
        verbose_name_plural = _("household members")

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()})"


class Unit(models.Model):
    """VERA Eenheid: a home, with its address and neighbourhood."""

    external_id = models.CharField(_("unit number"), max_length=40, unique=True)
    street = models.CharField(_("street"), max_length=100)
    house_number = models.PositiveIntegerField(_("house number"))
    house_letter = models.CharField(_("house letter"), max_length=1, blank=True)
    house_number_addition = models.CharField(_("addition"), max_length=10, blank=True)
    postcode = models.CharField(_("postcode"), max_length=7)
    city = models.CharField(_("city"), max_length=100)
    neighbourhood = models.ForeignKey(
        Neighbourhood,
        on_delete=models.PROTECT,
        related_name="units",
        verbose_name=_("neighbourhood"),
    )

    class Meta:
        ordering = ["street", "house_number", "house_letter", "house_number_addition"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        # The access rule reads a neighbourhood's unit ids (verbinding.access.selectors): from the
        # index alone instead of one table page per unit (~2,400 per advisor at 100k households)
        indexes = [models.Index(fields=["neighbourhood", "id"], name="unit_area_idx")]

    def __str__(self) -> str:
        return self.address

    @property
    def postcode_display(self) -> str:
        """1234AB is stored, 1234 AB is shown."""
        return postcode_display(self.postcode)

    @property
    def address(self) -> str:
        return unit_address(
            self.street, self.house_number, self.house_letter, self.house_number_addition
        )


def postcode_display(postcode: str) -> str:
    """``Unit.postcode_display`` of this postcode (for rows read as values)."""
    code = postcode.replace(" ", "")
    return f"{code[:4]} {code[4:]}" if len(code) == 6 else postcode


def unit_address(street: str, number: int, letter: str, addition: str) -> str:
    """``Unit.address`` of these fields (for rows read as values)."""
    house = f"{number}{letter}"
    if addition:
        house = f"{house}-{addition}"
    return f"{street} {house}"


class Tenancy(models.Model):
    """VERA Huurovereenkomst: who rents which unit, from when, for how much."""

    external_id = models.CharField(_("contract number"), max_length=40, unique=True)
    household = models.ForeignKey(
        Household, on_delete=models.PROTECT, related_name="tenancies", verbose_name=_("household")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="tenancies", verbose_name=_("unit")
    )
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"), null=True, blank=True)
    rent_cents = models.PositiveIntegerField(_("gross monthly rent (cents)"))
    payment_reference = models.CharField(
        _("payment reference"), max_length=40, unique=True, help_text=_("Betalingskenmerk")
    )
    payment_method = models.CharField(
        _("payment method"),
        max_length=3,
        choices=codes.BetaalwijzeSoort.choices,
        default=codes.BetaalwijzeSoort.INC,
    )
    status = models.CharField(
        _("status"),
        max_length=3,
        choices=codes.OvereenkomstStatus.choices,
        default=codes.OvereenkomstStatus.LOP,
    )
    # The unit's neighbourhood, kept by the database itself (triggers on the tenancy's unit and
    # on the unit's neighbourhood: migration 0006), whatever writes the rows (the ORM, imports,
    # COPY, a database tool); whatever is written here is replaced. The access rule finds an
    # area's tenancies by it in one index range (issue 16), not by one index probe per unit.
    neighbourhood = models.ForeignKey(
        Neighbourhood,
        on_delete=models.DO_NOTHING,
        null=True,
        editable=False,
        related_name="+",
        db_index=False,
        verbose_name=_("neighbourhood"),
    )

    class Meta:
        ordering = ["-start_date"]
        verbose_name = _("tenancy")
        verbose_name_plural = _("tenancies")
        indexes = [
            models.Index(fields=["unit", "status"], name="tenancy_unit_status_idx"),
            # Covers the access rule's "households renting in these neighbourhoods" (access.reach):
            # one range of the index per neighbourhood, no lookup of each tenancy row.
            models.Index(
                fields=["neighbourhood", "end_date", "household"], name="tenancy_area_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.external_id} {self.unit}"

    @property
    def is_active(self) -> bool:
        return self.status in codes.ACTIVE_TENANCY_STATUSES


class TenancyIban(models.Model):
    """An IBAN known to pay for this tenancy (used to match bank transfers)."""

    tenancy = models.ForeignKey(Tenancy, on_delete=models.CASCADE, related_name="ibans")
    iban = models.CharField(_("IBAN"), max_length=34, db_index=True)
    holder_name = models.CharField(_("account holder"), max_length=140, blank=True)

    class Meta:
        verbose_name = _("known IBAN")
        verbose_name_plural = _("known IBANs")
        constraints = [
            models.UniqueConstraint(fields=["tenancy", "iban"], name="tenancy_iban_unique")
        ]

    def __str__(self) -> str:
        return self.iban


class SafetyFlag(models.Model):
    """VERA Signalering on a household, e.g. 'visit in pairs' (BEZ) or aggression (AGR)."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="flags")
    kind = models.CharField(_("kind"), max_length=3, choices=codes.SignaleringSoort.choices)
    detail = models.CharField(
        _("detail"), max_length=3, choices=codes.SignaleringDetailSoort.choices, blank=True
    )
    status = models.CharField(
        _("status"),
        max_length=3,
        choices=codes.SignaleringStatus.choices,
        default=codes.SignaleringStatus.ACT,
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        ordering = ["-start_date"]
        verbose_name = _("safety flag")
        verbose_name_plural = _("safety flags")

    def __str__(self) -> str:
        return self.get_detail_display() or self.get_kind_display()

    @property
    def is_safety_related(self) -> bool:
        return self.detail in codes.SAFETY_DETAILS or self.kind == codes.SignaleringSoort.AGR


class OwnerChange(models.Model):
    """Who owns a household from when, and why: appended, never edited."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="owner_changes")
    previous = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    at = models.DateTimeField(_("when"), auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        ordering = ["household", "at", "id"]
        verbose_name = _("change of advisor")
        verbose_name_plural = _("changes of advisor")

    def __str__(self) -> str:
        return f"{self.household_id}: {self.previous_id} → {self.owner_id}"


class Cover(models.Model):
    """An absence covered by a colleague: from ``starts_on`` to ``ends_on`` (inclusive) the
    absent advisor's households go to the substitute, with a handover note; then they come back."""

    absent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="covers_for_absence",
        verbose_name=_("absent advisor"),
    )
    substitute = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="covers_taken",
        verbose_name=_("covered by"),
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    note = models.TextField(_("handover note"))
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("cover")
        verbose_name_plural = _("covers")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="cover_period_valid"
            ),
            models.CheckConstraint(
                condition=~models.Q(absent=models.F("substitute")), name="cover_not_oneself"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.absent_id} → {self.substitute_id} {self.starts_on}..{self.ends_on}"
