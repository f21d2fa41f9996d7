"""The VERA code lists Verbinding uses (VERA referentiedata, release 4.3, CC0).

Written from ``Referentiedata.csv`` (columns Soort;Code;Naam;...;Parent): the code is VERA's, the
label is VERA's Dutch *Naam*, marked for translation. Only the lists and codes we use are here;
``docs/glossary.md`` maps them to the names in code. A detail code's parent (``Parent``) is in
``PARENTS`` where VERA gives one.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SignaleringSoort(models.TextChoices):
    """SIGNALERINGSOORT: kind of flag on a person or household."""

    AGR = "AGR", _("Aggression")
    ONB = "ONB", _("Support need")
    ONE = "ONE", _("Improper use of the home")
    OVE = "OVE", _("Nuisance")
    SCH = "SCH", _("Rent debt")
    WAN = "WAN", _("Misconduct towards staff")


class SignaleringDetailSoort(models.TextChoices):
    """SIGNALERINGDETAILSOORT: the detail of a flag, e.g. BEZ 'visit in pairs'."""

    AGS = "AGS", _("Aggression")
    AMB = "AMB", _("Ambulant support")
    BET = "BET", _("Payment arrears")
    BEW = "BEW", _("Financial administrator (bewindvoerder)")
    BEZ = "BEZ", _("Visit in pairs")
    CUR = "CUR", _("Under guardianship (curatele)")
    DEU = "DEU", _("Bailiff")
    FYS = "FYS", _("Physical aggression")
    GEL = "GEL", _("Noise nuisance")
    INT = "INT", _("Intimidating")
    VEB = "VEB", _("Verbal aggression")
    VER = "VER", _("Pollution")


SIGNALERING_PARENTS: dict[str, str] = {
    "AGS": "AGR",
    "AMB": "ONB",
    "BET": "SCH",
    "DEU": "SCH",
    "FYS": "AGR",
    "GEL": "OVE",
    "INT": "WAN",
    "VEB": "AGR",
    "VER": "ONE",
}

# Flags that matter for the safety of whoever plans a visit.
SAFETY_DETAILS = frozenset({"BEZ", "AGS", "FYS", "VEB", "INT"})


class SignaleringStatus(models.TextChoices):
    ACT = "ACT", _("Active")
    PAS = "PAS", _("Passive")
    VER = "VER", _("Lapsed")


class OvereenkomstStatus(models.TextChoices):
    """OVEREENKOMSTSTATUS, for a tenancy (huurovereenkomst)."""

    VOO = "VOO", _("Provisional")
    LOP = "LOP", _("Running")
    OPG = "OPG", _("Terminated by notice")
    ONT = "ONT", _("Dissolved")
    BEE = "BEE", _("Ended")


ACTIVE_TENANCY_STATUSES = ("LOP", "OPG")


class BetaalwijzeSoort(models.TextChoices):
    """BETAALWIJZESOORT: how a payment was made."""

    INC = "INC", _("Direct debit")
    OVB = "OVB", _("Bank transfer")
    HND = "HND", _("Manual transfer")
    ONL = "ONL", _("Online")
    PIN = "PIN", _("Card payment")
    CON = "CON", _("Cash")


class BoekingDetailSoort(models.TextChoices):
    """BOEKINGDETAILSOORT used in the rent ledger."""

    PRO = "PRO", _("Monthly rent (prolongatie)")
    BAN = "BAN", _("Bank")
    STO = "STO", _("Reversed direct debit (storno)")
    CRE = "CRE", _("Credit note")
    AFB = "AFB", _("Write-off")
    AAN = "AAN", _("Reminder costs")
    BRT = "BRT", _("Payment arrangement instalment")
    TER = "TER", _("Refund")


class CommunicatieKanaal(models.TextChoices):
    BEZ = "BEZ", _("Home visit")
    TEL = "TEL", _("Phone")
    BRI = "BRI", _("Letter")
    EMA = "EMA", _("E-mail")
    APP = "APP", _("WhatsApp")
    SMS = "SMS", _("Text message")
    BAL = "BAL", _("Front desk")
    INT = "INT", _("Tenant portal")


PERSONAL_CHANNELS = frozenset({"BEZ", "TEL", "BAL"})


class CommunicatieRichting(models.TextChoices):
    INK = "INK", _("Incoming")
    UIT = "UIT", _("Outgoing")


class Vertrouwelijkheid(models.TextChoices):
    OPE = "OPE", _("Public")
    INT = "INT", _("Internal")
    VER = "VER", _("Confidential")
    GEH = "GEH", _("Secret")


class RelatierolSoort(models.TextChoices):
    """RELATIEROLSOORT: roles of people in and around a household."""

    HUU = "HUU", _("Tenant")
    MDH = "MDH", _("Co-tenant")
    MBW = "MBW", _("Co-resident")
    KIN = "KIN", _("Child")
    VOL = "VOL", _("Other adult")
    AMB = "AMB", _("Ambulant support worker")
    BUD = "BUD", _("Budget coach")
    BWI = "BWI", _("Financial administrator (bewindvoerder)")
    CUR = "CUR", _("Guardian (curator)")
    DEU = "DEU", _("Bailiff")
    CPE = "CPE", _("Contact person")


HOUSEHOLD_MEMBER_ROLES = ("HUU", "MDH", "MBW", "KIN", "VOL")


class ZaaktypeSoort(models.TextChoices):
    FIN = "FIN", _("Financial problems")
    SOC = "SOC", _("Social report")
    OMG = "OMG", _("Environmental nuisance")
    WOO = "WOO", _("Housing fraud")


class ZaaktypeDetailSoort(models.TextChoices):
    HUA = "HUA", _("Rent arrears")
    BET = "BET", _("Payment arrangement")
    AGR = "AGR", _("Aggression/threat")
    DIE = "DIE", _("Pets")
    DRU = "DRU", _("Dealing/drug premises")
    GEL = "GEL", _("Noise nuisance")
    HEN = "HEN", _("Cannabis farm")
    ONG = "ONG", _("Vermin")
    OVE = "OVE", _("Other")
    PSY = "PSY", _("Mental health problems")
    RUZ = "RUZ", _("Neighbour dispute")
    STA = "STA", _("Odour nuisance")
    VAN = "VAN", _("Vandalism")
    VER = "VER", _("Addiction problems")
    VUI = "VUI", _("Pollution")
    HAN = "HAN", _("Environmental nuisance")


ZAAKTYPE_PARENTS: dict[str, str] = {
    "HUA": "FIN",
    "BET": "FIN",
    "AGR": "SOC",
    "DIE": "SOC",
    "DRU": "SOC",
    "GEL": "SOC",
    "HEN": "SOC",
    "ONG": "SOC",
    "OVE": "SOC",
    "PSY": "SOC",
    "RUZ": "SOC",
    "STA": "SOC",
    "VAN": "SOC",
    "VER": "SOC",
    "VUI": "SOC",
    "HAN": "OMG",
}


class ZaakstatusSoort(models.TextChoices):
    AAN = "AAN", _("Created")
    INB = "INB", _("In progress")
    INU = "INU", _("Being carried out")
    AFG = "AFG", _("Completed")
    GES = "GES", _("Closed")
    GEA = "GEA", _("Cancelled")


CLOSED_CASE_STATUSES = ("AFG", "GES", "GEA")

# Allowed case status transitions (data, checked by the case service, listed in docs).
CASE_TRANSITIONS: dict[str, tuple[str, ...]] = {
    "AAN": ("INB", "GEA"),
    "INB": ("INU", "AFG", "GEA"),
    "INU": ("INB", "AFG", "GEA"),
    "AFG": ("GES", "INB"),
    "GES": ("INB",),
    "GEA": (),
}


class ZaakRol(models.TextChoices):
    MEL = "MEL", _("Reporter")
    KLG = "KLG", _("Complainant")
    BEK = "BEK", _("Complained-about party")
    OVE = "OVE", _("Other party")
    BEH = "BEH", _("Handler")


class BetalingsregelingStatus(models.TextChoices):
    """BETALINGSREGELINGSTATUS: the status of a payment arrangement (VERA Betalingsregeling)."""

    AAN = "AAN", _("Requested")  # Aangevraagd: created, not yet granted or in force
    ACT = "ACT", _("Active")  # Actief: granted and running
    ANN = "ANN", _("Cancelled")  # Geannuleerd: stopped before it was completed
    BEE = "BEE", _("Ended")  # Beëindigd: completed, every obligation met
    BEV = "BEV", _("Frozen")  # Bevroren: temporarily suspended
    VER = "VER", _("Removed")  # Verwijderd: not granted, or recorded wrongly


# Allowed arrangement status transitions (data, checked by the arrangements service).
ARRANGEMENT_TRANSITIONS: dict[str, tuple[str, ...]] = {
    "AAN": ("ACT", "VER"),
    "ACT": ("BEE", "ANN", "BEV"),
    "BEV": ("ACT", "ANN"),
    "BEE": (),
    "ANN": (),
    "VER": (),
}


class BetalingsregelingEindeReden(models.TextChoices):
    """BETALINGSREGELINGEINDEREDEN: why an arrangement ended.

    Note VERA's meanings: AFB is 'paid off' (afbetaald); VOL is 'the arrangement does not work in
    this situation' (regeling voldoet niet), used when the tenant could not keep it.
    """

    AFB = "AFB", _("Paid off")
    ONI = "ONI", _("Uncollectable")
    SAN = "SAN", _("Remaining debt settled (debt restructuring)")
    VOL = "VOL", _("Arrangement does not work")


class ExterneIncassoSoort(models.TextChoices):
    """EXTERNEINCASSOSOORT: to whom a claim is handed over."""

    DEU = "DEU", _("Bailiff (deurwaarder)")
    INC = "INC", _("Collection agency")


class ExterneIncassoStartReden(models.TextChoices):
    """EXTERNEINCASSOSTARTREDEN (the reasons that apply to a sitting tenant)."""

    ACH = "ACH", _("Arrears of a sitting tenant")
    RNN = "RNN", _("Payment arrangement not kept")
    ONV = "ONV", _("Debtor cannot be found")
    OLA = "OLA", _("Nuisance")
    RVE = "RVE", _("Remaining debt of a departed tenant")


class ExterneIncassoStatus(models.TextChoices):
    NIE = "NIE", _("New")
    ACT = "ACT", _("Active")
    EIN = "EIN", _("Ended")


class ExterneIncassoEindeReden(models.TextChoices):
    """EXTERNEINCASSOEINDEREDEN (the ones a legal outcome maps to, escalation.VERA_END_REASON)."""

    BVO = "BVO", _("Payment judgment")
    OTR = "OTR", _("Eviction")
    TER = "TER", _("Withdrawn by the client")


class ContactgegevenSoort(models.TextChoices):
    """CONTACTGEGEVENSOORT (the ones a person's record holds)."""

    TEL = "TEL", _("Telephone")
    EMA = "EMA", _("E-mail")


class BetaalgegevenSoort(models.TextChoices):
    """BETAALGEGEVENSOORT (a tenancy's known accounts are bank accounts)."""

    BAN = "BAN", _("Bank account")


class CommunicatievoorkeurSoort(models.TextChoices):
    """COMMUNICATIEVOORKEURSOORT (contact about the tenancy is customer contact)."""

    KLA = "KLA", _("Customer contact")


class KwaliteitsmetingVerzoekSoort(models.TextChoices):
    """KWALITEITSMETINGVERZOEKSOORT (a contact with the advisor is general service)."""

    ALG = "ALG", _("General service")
