"""The columns of the three ERP exports, with their VERA names (the source of docs/formats.md).

Headers are matched case-insensitively, ignoring spaces, ``_``, ``-`` and ``.``; each column also
answers to a few aliases that Tobias AX, ViewPoint and Empire exports use.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    key: str  # our name in code
    header: str  # the header we write in examples
    vera: str  # the VERA entity.field it carries
    required: bool
    description: str
    aliases: tuple[str, ...] = ()


def normalise_header(text: str) -> str:
    return "".join(ch for ch in text.strip().lower() if ch.isalnum())


HOUSEHOLD_COLUMNS: tuple[Column, ...] = (
    Column(
        "household_number",
        "huishoudnummer",
        "Relatiegroep.id",
        True,
        "The household's number in the ERP; the key for re-imports.",
        ("relatiegroep", "relatiegroepnummer", "huishouden", "householdnumber", "householdid"),
    ),
    Column(
        "household_name",
        "huishoudnaam",
        "Relatiegroep.naam",
        True,
        "How the household is called, e.g. 'Huishouden Jansen'.",
        ("naamhuishouden", "relatiegroepnaam", "householdname"),
    ),
    Column(
        "role",
        "rol",
        "Relatierol.soort (RELATIEROLSOORT)",
        True,
        "HUU tenant, MDH co-tenant, MBW co-resident, KIN child, VOL other adult.",
        ("relatierol", "rolsoort", "role"),
    ),
    Column(
        "initials",
        "voorletters",
        "NatuurlijkPersoon.voorletters",
        False,
        "E.g. 'J.P.'.",
        ("initials",),
    ),
    Column(
        "first_name",
        "voornaam",
        "NatuurlijkPersoon.roepnaam",
        False,
        "First name.",
        ("roepnaam", "firstname"),
    ),
    Column(
        "surname_prefix",
        "tussenvoegsel",
        "NatuurlijkPersoon.voorvoegsels",
        False,
        "E.g. 'de', 'van der'.",
        ("voorvoegsel", "voorvoegsels", "prefix"),
    ),
    Column(
        "surname",
        "achternaam",
        "NatuurlijkPersoon.geslachtsnaam",
        True,
        "Surname.",
        ("geslachtsnaam", "surname", "lastname"),
    ),
    Column(
        "birth_date",
        "geboortedatum",
        "NatuurlijkPersoon.geboortedatum",
        False,
        "dd-mm-jjjj (also jjjj-mm-dd).",
        ("birthdate",),
    ),
    Column(
        "phone",
        "telefoon",
        "Contactgegeven (TEL)",
        False,
        "Phone number.",
        ("telefoonnummer", "mobiel", "phone"),
    ),
    Column(
        "email", "email", "Contactgegeven (EMA)", False, "E-mail address.", ("emailadres", "e-mail")
    ),
    Column(
        "language",
        "voorkeurstaal",
        "NatuurlijkPersoon.voorkeurstaal",
        False,
        "Preferred language, e.g. 'nl', 'ar', 'tr'.",
        ("taal", "language"),
    ),
    Column(
        "preferred_channel",
        "voorkeurskanaal",
        "Relatie.voorkeurskanaal (COMMUNICATIEKANAAL)",
        False,
        "BEZ, TEL, BRI, EMA, APP, SMS, BAL or INT; the first filled-in value counts.",
        ("kanaal", "communicatiekanaal", "preferredchannel"),
    ),
    Column(
        "member_from",
        "lid_vanaf",
        "Relatierol.begindatum",
        False,
        "Date the person joined the household.",
        ("begindatum", "vanaf"),
    ),
    Column(
        "member_until",
        "lid_tot",
        "Relatierol.einddatum",
        False,
        "Date the person left the household.",
        ("einddatum", "tot"),
    ),
)

TENANCY_COLUMNS: tuple[Column, ...] = (
    Column(
        "contract_number",
        "contractnummer",
        "Huurovereenkomst.id",
        True,
        "The tenancy's number in the ERP; the key for re-imports.",
        ("overeenkomstnummer", "huurovereenkomst", "contractnr", "contractnumber"),
    ),
    Column(
        "household_number",
        "huishoudnummer",
        "Huurovereenkomst.relatiegroep",
        True,
        "The household renting; must be imported before (households file) or already known.",
        ("relatiegroep", "relatiegroepnummer", "householdnumber"),
    ),
    Column(
        "unit_number",
        "eenheidnummer",
        "Eenheid.id",
        True,
        "The home's number in the ERP (VHE/OGE number).",
        ("eenheid", "vhenummer", "ogenummer", "unitnumber"),
    ),
    Column("street", "straat", "Eenheid.adres.straatnaam", True, "Street name.", ("street",)),
    Column(
        "house_number",
        "huisnummer",
        "Eenheid.adres.huisnummer",
        True,
        "Whole number.",
        ("housenumber",),
    ),
    Column(
        "house_letter",
        "huisletter",
        "Eenheid.adres.huisletter",
        False,
        "One letter.",
        ("houseletter",),
    ),
    Column(
        "addition",
        "toevoeging",
        "Eenheid.adres.huisnummertoevoeging",
        False,
        "E.g. '2', 'bis'.",
        ("huisnummertoevoeging", "addition"),
    ),
    Column(
        "postcode",
        "postcode",
        "Eenheid.adres.postcode",
        True,
        "E.g. '7411 AB'.",
        ("postalcode", "zipcode"),
    ),
    Column("city", "plaats", "Eenheid.adres.woonplaats", True, "Town.", ("woonplaats", "city")),
    Column(
        "neighbourhood_code",
        "buurtcode",
        "Eenheid.buurt (CBS buurtcode)",
        True,
        "CBS code of the neighbourhood, e.g. BU01500101; it must be known in Verbinding.",
        ("buurt", "cbsbuurtcode", "neighbourhoodcode"),
    ),
    Column(
        "start_date",
        "ingangsdatum",
        "Huurovereenkomst.ingangsdatum",
        True,
        "Start of the tenancy.",
        ("begindatum", "startdatum", "startdate"),
    ),
    Column(
        "end_date",
        "einddatum",
        "Huurovereenkomst.einddatum",
        False,
        "End of the tenancy, if ended or given notice.",
        ("enddate",),
    ),
    Column(
        "rent",
        "brutohuur",
        "Huurovereenkomst.brutohuur",
        True,
        "Gross monthly rent in euros, e.g. '712,45'.",
        ("huur", "maandhuur", "rent"),
    ),
    Column(
        "payment_reference",
        "betalingskenmerk",
        "Huurovereenkomst.betalingskenmerk",
        True,
        "The reference the tenant quotes when paying; unique per tenancy.",
        ("kenmerk", "paymentreference"),
    ),
    Column(
        "payment_method",
        "betaalwijze",
        "Huurovereenkomst.betaalwijze (BETAALWIJZESOORT)",
        False,
        "INC direct debit (default), OVB transfer, HND, ONL, PIN, CON.",
        ("betaalwijzesoort", "paymentmethod"),
    ),
    Column(
        "status",
        "status",
        "Huurovereenkomst.status (OVEREENKOMSTSTATUS)",
        False,
        "VOO, LOP (default), OPG, ONT or BEE.",
        ("overeenkomststatus",),
    ),
    Column(
        "ibans",
        "iban",
        "Rekening.iban",
        False,
        "Known IBAN(s) the rent is paid from; several separated by a space or '|'.",
        ("rekeningnummer", "ibans"),
    ),
    Column(
        "holder_name",
        "rekeninghouder",
        "Rekening.tenaamstelling",
        False,
        "Name on that account.",
        ("tenaamstelling", "accountholder"),
    ),
)

LEDGER_COLUMNS: tuple[Column, ...] = (
    Column(
        "booking_number",
        "boekingsnummer",
        "Boeking.id",
        True,
        "Unique number of the booking in the ERP; the key for re-imports.",
        ("boekingnummer", "boekingsid", "mutatienummer", "bookingnumber"),
    ),
    Column(
        "contract_number",
        "contractnummer",
        "Boeking.overeenkomst (Huurovereenkomst.id)",
        True,
        "The tenancy the booking is on.",
        ("overeenkomstnummer", "contractnr", "contractnumber"),
    ),
    Column(
        "booked_on",
        "boekdatum",
        "Boeking.boekdatum",
        True,
        "dd-mm-jjjj (also jjjj-mm-dd).",
        ("datum", "boekingsdatum", "bookingdate"),
    ),
    Column(
        "detail",
        "soort",
        "Boeking.detailsoort (BOEKINGDETAILSOORT)",
        True,
        "PRO rent, AAN reminder costs, BAN bank payment, BRT arrangement instalment, "
        "STO reversed direct debit, CRE credit note, AFB write-off, TER refund.",
        ("boekingsoort", "detailsoort", "type"),
    ),
    Column(
        "amount",
        "bedrag",
        "Boeking.bedrag",
        True,
        "Euros, from the tenant's side: positive adds to what is owed (rent, storno), "
        "negative reduces it (payment, credit). '-712,45' and '712,45-' both work.",
        ("amount",),
    ),
    Column(
        "method",
        "betaalwijze",
        "Boeking.betaalwijze (BETAALWIJZESOORT)",
        False,
        "For payments: INC, OVB, HND, ONL, PIN, CON.",
        ("betaalwijzesoort", "method"),
    ),
    Column(
        "description",
        "omschrijving",
        "Boeking.omschrijving",
        False,
        "Free text.",
        ("description", "tekst"),
    ),
    Column(
        "return_reason",
        "retourreden",
        "Boeking.retourreden (SEPA reason code)",
        False,
        "For STO: the SEPA return code, e.g. AM04, MD06, MS02.",
        ("reden", "returnreason"),
    ),
)

COLUMNS_BY_KIND: dict[str, tuple[Column, ...]] = {
    "households": HOUSEHOLD_COLUMNS,
    "tenancies": TENANCY_COLUMNS,
    "ledger": LEDGER_COLUMNS,
}


def header_index(columns: tuple[Column, ...]) -> dict[str, str]:
    """normalised header or alias → column key."""
    index: dict[str, str] = {}
    for col in columns:
        for name in (col.header, col.key, *col.aliases):
            index.setdefault(normalise_header(name), col.key)
    return index
