"""Read serializers, named after VERA (Relaties, Overeenkomsten, INC, Dossier); our own fields
start with ``vb_``."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers as S

from verbinding.arrangements.models import Instalment, PaymentArrangement
from verbinding.cases.models import Case
from verbinding.contacts.models import ContactMoment
from verbinding.contacts.models import Outcome as ContactOutcome
from verbinding.earlysignals.models import Signal
from verbinding.escalation.models import Escalation, LegalOutcome
from verbinding.feedback.models import VERA_SCALE
from verbinding.households.models import Household, HouseholdMember, Person, Tenancy, TenancyIban
from verbinding.imports.models import BankStatement, BankTransaction
from verbinding.vera import codes

from .fields import EuroField, SleutelField, SleutelSerializer, referentie, vera_code


class PersoonSerializer(S.Serializer[HouseholdMember]):
    """VERA Relatierol of a NatuurlijkPersoon in the household (no BSN)."""

    id = S.CharField(source="person.id", read_only=True)
    rol = referentie(codes.RelatierolSoort, "RELATIEROLSOORT")(source="role")
    voorletters = S.CharField(source="person.initials")
    voornaam = S.CharField(source="person.first_name")
    tussenvoegsels = S.CharField(source="person.surname_prefix")
    achternaam = S.CharField(source="person.surname")
    geboortedatum = S.DateField(source="person.birth_date", allow_null=True)
    begindatum = S.DateField(source="start_date", allow_null=True)
    einddatum = S.DateField(source="end_date", allow_null=True)


class HuishoudenSerializer(S.Serializer[Household]):
    """VERA Relatiegroep (huishouden)."""

    id = S.CharField(read_only=True)
    idExtern = S.CharField(source="external_id")
    naam = S.CharField(source="name")
    vb_voorkeurskanaal = referentie(codes.CommunicatieKanaal, "COMMUNICATIEKANAAL")(
        source="preferred_channel", allow_null=True
    )
    relaties = PersoonSerializer(source="members", many=True, read_only=True)


class BetaalgegevenSerializer(S.Serializer[TenancyIban]):
    """VERA Betaalgegeven: a known IBAN paying for the tenancy."""

    iban = S.CharField()
    rekeninghouder = S.CharField(source="holder_name")


class EenheidSerializer(S.Serializer[Any]):
    """VERA Eenheid (only the address and the CBS buurtcode)."""

    idExtern = S.CharField(source="external_id")
    straatnaam = S.CharField(source="street")
    huisnummer = S.IntegerField(source="house_number")
    huisletter = S.CharField(source="house_letter")
    huisnummerToevoeging = S.CharField(source="house_number_addition")
    postcode = S.CharField()
    woonplaats = S.CharField(source="city")
    buurtcode = S.CharField(source="neighbourhood.cbs_code")


class HuurovereenkomstSerializer(S.Serializer[Tenancy]):
    """VERA Huurovereenkomst."""

    id = S.CharField(read_only=True)
    idExtern = S.CharField(source="external_id")
    status = referentie(codes.OvereenkomstStatus, "OVEREENKOMSTSTATUS")()
    begindatum = S.DateField(source="start_date")
    einddatum = S.DateField(source="end_date", allow_null=True)
    brutohuur = EuroField(source="rent_cents")
    betaalwijze = referentie(codes.BetaalwijzeSoort, "BETAALWIJZESOORT")(source="payment_method")
    vb_betalingskenmerk = S.CharField(source="payment_reference")
    vb_huishouden = SleutelField(source="household")
    eenheden = S.SerializerMethodField()
    betaalgegevens = BetaalgegevenSerializer(source="ibans", many=True, read_only=True)

    @extend_schema_field(EenheidSerializer(many=True))
    def get_eenheden(self, obj: Tenancy) -> Any:
        return EenheidSerializer([obj.unit], many=True).data


class TermijnSerializer(S.Serializer[Instalment]):
    """VERA BetalingsregelingTermijn."""

    id = S.CharField(read_only=True)
    code = S.CharField(source="number")
    vervaldatum = S.DateField(source="due_on")
    bedrag = EuroField(source="amount_cents")
    vb_betaald = EuroField(source="paid_cents")
    vb_status = S.ChoiceField(source="status", choices=Instalment._meta.get_field("status").choices)  # type: ignore[arg-type]


class BetalingsregelingSerializer(S.Serializer[PaymentArrangement]):
    """VERA Betalingsregeling (INC), with its termijnen."""

    id = S.CharField(read_only=True)
    status = referentie(codes.BetalingsregelingStatus, "BETALINGSREGELINGSTATUS")()
    eindeReden = referentie(codes.BetalingsregelingEindeReden, "BETALINGSREGELINGEINDEREDEN")(
        source="end_reason", allow_null=True
    )
    afspraakdatum = S.DateField(source="decided_on", allow_null=True)
    begindatum = S.DateField(source="first_due_on")
    einddatum = S.DateField(source="ended_on", allow_null=True)
    bedrag = EuroField(source="amount_cents")
    termijnenAantal = S.IntegerField(source="term_months")
    overeenkomst = SleutelField(source="tenancy")
    vb_huishouden = SleutelField(source="household")
    vb_termijnbedrag = EuroField(source="instalment_cents")
    vb_binnen_marges = S.BooleanField(source="inside_margins")
    termijnen = TermijnSerializer(source="instalments", many=True, read_only=True)


class ContactmomentSerializer(S.Serializer[ContactMoment]):
    """VERA Contactmoment. The note is empty where the client's account may not read it."""

    id = S.CharField(read_only=True)
    datum = S.DateTimeField(source="occurred_at")
    kanaal = referentie(codes.CommunicatieKanaal, "COMMUNICATIEKANAAL")(source="channel")
    richting = referentie(codes.CommunicatieRichting, "COMMUNICATIERICHTING")(source="direction")
    zaak = S.SerializerMethodField()
    vb_huishouden = SleutelField(source="household")
    vb_resultaat = S.ChoiceField(source="outcome", choices=ContactOutcome.choices)
    omschrijving = S.SerializerMethodField()
    vb_vervolg_op = S.DateField(source="follow_up_on", allow_null=True)

    def get_zaak(self, obj: ContactMoment) -> str | None:
        return str(obj.case_id) if obj.case_id else None

    def get_omschrijving(self, obj: ContactMoment) -> str:
        return obj.note if getattr(obj, "readable", False) else ""


class ZaakSerializer(S.Serializer[Case]):
    """VERA Zaak (Dossier)."""

    id = S.CharField(read_only=True)
    zaaktype = referentie(codes.ZaaktypeDetailSoort, "ZAAKTYPEDETAILSOORT")(source="detail")
    vb_zaaktypesoort = referentie(codes.ZaaktypeSoort, "ZAAKTYPESOORT")(source="kind")
    status = referentie(codes.ZaakstatusSoort, "ZAAKSTATUSSOORT")()
    omschrijving = S.CharField(source="summary")
    begindatum = S.DateField(source="opened_on")
    einddatum = S.DateField(source="closed_on", allow_null=True)
    vb_huishouden = SleutelField(source="household")


class VroegsignaleringSerializer(S.Serializer[Signal]):
    """An early signal sent to the municipality (our own resource, VNG vroegsignalering)."""

    id = S.CharField(read_only=True)
    signaaldatum = S.DateField(source="signal_date")
    vb_achterstand_sinds = S.DateField(source="arose_on")
    vb_achterstand = EuroField(source="arrears_cents")
    gemeentecode = S.CharField(source="municipality.cbs_code")
    vb_uitkomst = S.CharField(source="outcome")
    vb_huishouden = SleutelField(source="household")
    overeenkomst = SleutelField(source="tenancy")


class WerkitemSerializer(S.Serializer[Any]):
    """One reason on the worklist (our own resource)."""

    vb_bron = S.CharField(source="source")
    vb_soort = S.CharField(source="kind")
    vb_urgentie = S.IntegerField(source="rank")
    vb_reden = S.CharField(source="reason")
    vb_suggestie = S.CharField(source="suggestion")
    vb_sinds = S.DateField(source="since", allow_null=True)


class WerklijstregelSerializer(S.Serializer[Any]):
    """One household on the worklist, with its reasons, most urgent first."""

    vb_huishouden = S.CharField(source="household_id")
    naam = S.CharField(source="name")
    adres = S.CharField(source="address")
    buurt = S.CharField(source="neighbourhood")
    items = WerkitemSerializer(many=True)


# --- bulk writes (the schema; the items are checked by the importers' own row parsers) ----------


class SleutelSchrijvenSerializer(S.Serializer[Any]):
    idExtern = S.CharField(max_length=40)


class EenheidSchrijvenSerializer(S.Serializer[Any]):
    idExtern = S.CharField(max_length=40)
    straatnaam = S.CharField(max_length=100)
    huisnummer = S.IntegerField(min_value=1, max_value=99999)
    huisletter = S.CharField(max_length=1, required=False, allow_blank=True)
    huisnummerToevoeging = S.CharField(max_length=10, required=False, allow_blank=True)
    postcode = S.RegexField(r"^[1-9]\d{3}\s?[A-Za-z]{2}$")
    woonplaats = S.CharField(max_length=100)
    buurtcode = S.RegexField(r"^BU\d{8}$", help_text="CBS buurtcode")


class BetaalgegevenSchrijvenSerializer(S.Serializer[Any]):
    iban = S.CharField(max_length=34)
    rekeninghouder = S.CharField(max_length=140, required=False, allow_blank=True)


class HuurovereenkomstSchrijvenSerializer(S.Serializer[Any]):
    """One huurovereenkomst to create or update, matched on idExtern (the contract number)."""

    idExtern = S.CharField(max_length=40)
    vb_huishouden = SleutelSchrijvenSerializer(help_text="The household, by its idExtern.")
    eenheden = EenheidSchrijvenSerializer(many=True, min_length=1, max_length=1)  # type: ignore[call-arg]
    begindatum = S.DateField()
    einddatum = S.DateField(required=False, allow_null=True)
    brutohuur = S.DecimalField(max_digits=9, decimal_places=2, min_value=0, coerce_to_string=False)  # type: ignore[arg-type]
    vb_betalingskenmerk = S.CharField(max_length=40)
    betaalwijze = referentie(codes.BetaalwijzeSoort, "BETAALWIJZESOORT")(required=False)
    status = referentie(codes.OvereenkomstStatus, "OVEREENKOMSTSTATUS")(required=False)
    betaalgegevens = BetaalgegevenSchrijvenSerializer(many=True, required=False)


class PersoonSchrijvenSerializer(S.Serializer[Any]):
    rol = referentie(codes.RelatierolSoort, "RELATIEROLSOORT")(required=False)
    voorletters = S.CharField(max_length=20, required=False, allow_blank=True)
    voornaam = S.CharField(max_length=100, required=False, allow_blank=True)
    tussenvoegsels = S.CharField(max_length=20, required=False, allow_blank=True)
    achternaam = S.CharField(max_length=100)
    geboortedatum = S.DateField(required=False, allow_null=True)
    vb_telefoon = S.CharField(max_length=30, required=False, allow_blank=True)
    vb_email = S.EmailField(max_length=254, required=False, allow_blank=True)
    voorkeurstaal = S.CharField(max_length=10, required=False, allow_blank=True)
    begindatum = S.DateField(required=False, allow_null=True)
    einddatum = S.DateField(required=False, allow_null=True)


class HuishoudenSchrijvenSerializer(S.Serializer[Any]):
    """One huishouden to create or update, matched on idExtern; people on (achternaam, voornaam
    or voorletters, geboortedatum). Nobody is removed."""

    idExtern = S.CharField(max_length=40)
    naam = S.CharField(max_length=150)
    vb_voorkeurskanaal = referentie(codes.CommunicatieKanaal, "COMMUNICATIEKANAAL")(required=False)
    relaties = PersoonSchrijvenSerializer(many=True, min_length=1)  # type: ignore[call-arg]


class BoekingSchrijvenSerializer(S.Serializer[Any]):
    """One boeking (rent ledger line), by its idExtern (booking number). Once booked it cannot
    change: the same idExtern with the same contract, date and amount is 'unchanged'."""

    idExtern = S.CharField(max_length=76)
    overeenkomst = SleutelSchrijvenSerializer(help_text="The huurovereenkomst, by its idExtern.")
    boekdatum = S.DateField()
    detailSoort = referentie(codes.BoekingDetailSoort, "BOEKINGDETAILSOORT")()
    bedrag = S.DecimalField(
        max_digits=12,
        decimal_places=2,
        coerce_to_string=False,
        help_text="Euros from the tenant's side: positive adds to what is owed.",
    )
    betaalwijze = referentie(codes.BetaalwijzeSoort, "BETAALWIJZESOORT")(required=False)
    omschrijving = S.CharField(max_length=200, required=False, allow_blank=True)
    vb_retourreden = S.RegexField(r"^[A-Z]{2}\d{2}$", required=False, allow_blank=True)


# --- Relaties: natuurlijk-personen, betaalgegevens, communicatievoorkeuren -----------------------


class ContactgegevenSerializer(S.Serializer[Any]):
    """VERA Contactgegeven: a phone number or e-mail address (CONTACTGEGEVENSOORT)."""

    soort = referentie(codes.ContactgegevenSoort, "CONTACTGEGEVENSOORT")()
    waarde = S.CharField()


class PersoonRolSerializer(S.Serializer[HouseholdMember]):
    """The person's role in one household in reach (VERA Relatierol)."""

    rol = referentie(codes.RelatierolSoort, "RELATIEROLSOORT")(source="role")
    groep = SleutelField(source="household")
    begindatum = S.DateField(source="start_date", allow_null=True)
    einddatum = S.DateField(source="end_date", allow_null=True)


class NatuurlijkPersoonSerializer(S.Serializer[Person]):
    """VERA NatuurlijkPersoon (Relaties), without BSN; only the households in reach are named."""

    id = S.CharField(read_only=True)
    voorletters = S.CharField(source="initials")
    voornaam = S.CharField(source="first_name")
    tussenvoegsels = S.CharField(source="surname_prefix")
    achternaam = S.CharField(source="surname")
    geboortedatum = S.DateField(source="birth_date", allow_null=True)
    voorkeurstaal = S.CharField(source="preferred_language")
    contactgegevens = S.SerializerMethodField()
    rollen = PersoonRolSerializer(source="memberships_in_reach", many=True, read_only=True)

    @extend_schema_field(ContactgegevenSerializer(many=True))
    def get_contactgegevens(self, obj: Person) -> Any:
        found = [("TEL", obj.phone), ("EMA", obj.email)]
        rows = [{"soort": code, "waarde": value} for code, value in found if value]
        return ContactgegevenSerializer(rows, many=True).data


class BetaalgegevenDetailSerializer(S.Serializer[TenancyIban]):
    """VERA Betaalgegeven (Relaties): a bank account known to pay for a tenancy, with the
    tenancy's payment reference (betalingskenmerk) as our extension."""

    id = S.CharField(read_only=True)
    soort = S.SerializerMethodField()
    iban = S.CharField()
    rekeninghouder = S.CharField(source="holder_name")
    overeenkomst = SleutelField(source="tenancy")
    vb_huishouden = SleutelField(source="tenancy.household")
    vb_betalingskenmerk = S.CharField(source="tenancy.payment_reference")

    @extend_schema_field(referentie(codes.BetaalgegevenSoort, "BETAALGEGEVENSOORT"))
    def get_soort(self, obj: TenancyIban) -> Any:
        return vera_code(codes.BetaalgegevenSoort.BAN)


class CommunicatievoorkeurSerializer(S.Serializer[Household]):
    """VERA Communicatievoorkeur for contact with the household (soort KLA, Klantcontact): the
    channel it prefers (our ``vb_kanaal``), how to reach it, and its consent to reminders."""

    id = S.CharField(read_only=True)
    soort = S.SerializerMethodField()
    vb_kanaal = referentie(codes.CommunicatieKanaal, "COMMUNICATIEKANAAL")(
        source="preferred_channel", allow_null=True
    )
    vb_toelichting = S.CharField(source="contact_notes")
    vb_huishouden = S.SerializerMethodField()
    vb_herinneringen_sinds = S.DateField(source="reminder_consent.given_on", allow_null=True)
    vb_herinneringen_tot = S.DateField(source="reminder_consent.revoked_on", allow_null=True)

    @extend_schema_field(referentie(codes.CommunicatievoorkeurSoort, "COMMUNICATIEVOORKEURSOORT"))
    def get_soort(self, obj: Household) -> Any:
        return vera_code(codes.CommunicatievoorkeurSoort.KLA)

    @extend_schema_field(SleutelSerializer)
    def get_vb_huishouden(self, obj: Household) -> Any:
        return {"id": str(obj.pk), "idExtern": obj.external_id}


# --- INC: externe-incassos --------------------------------------------------------------------


class ExterneIncassoSerializer(S.Serializer[Escalation]):
    """VERA ExterneIncasso (INC): a claim handed to a bailiff (DEU) or collection agency (INC)."""

    id = S.CharField(read_only=True)
    soort = referentie(codes.ExterneIncassoSoort, "EXTERNEINCASSOSOORT")(source="kind")
    status = S.SerializerMethodField()
    vb_startreden = referentie(codes.ExterneIncassoStartReden, "EXTERNEINCASSOSTARTREDEN")(
        source="start_reason"
    )
    omschrijving = S.CharField(source="reason")
    overdrachtsdatum = S.DateField(source="handed_over_on")
    begindatum = S.DateField(source="handed_over_on")
    einddatum = S.SerializerMethodField()
    vb_eindereden = S.SerializerMethodField()
    bedrag = S.SerializerMethodField()
    vb_kosten = EuroField(source="claim_costs_cents")
    overeenkomsten = S.SerializerMethodField()
    vb_huishouden = SleutelField(source="household")

    def _end(self, obj: Escalation) -> LegalOutcome | None:
        """The latest legal outcome if it ends the handover (it has a VERA end reason)."""
        outcomes = list(obj.outcomes.all())  # prefetched, oldest first
        last = outcomes[-1] if outcomes else None
        return last if last is not None and last.vera_end_reason else None

    @extend_schema_field(referentie(codes.ExterneIncassoStatus, "EXTERNEINCASSOSTATUS"))
    def get_status(self, obj: Escalation) -> Any:
        code = "EIN" if self._end(obj) else obj.status
        return vera_code(codes.ExterneIncassoStatus(code))

    @extend_schema_field(S.DateField(allow_null=True))
    def get_einddatum(self, obj: Escalation) -> Any:
        end = self._end(obj)
        return end.occurred_on.isoformat() if end else None

    @extend_schema_field(
        referentie(codes.ExterneIncassoEindeReden, "EXTERNEINCASSOEINDEREDEN")(allow_null=True)
    )
    def get_vb_eindereden(self, obj: Escalation) -> Any:
        end = self._end(obj)
        if end is None:
            return None
        return vera_code(codes.ExterneIncassoEindeReden(end.vera_end_reason))

    @extend_schema_field(EuroField(help_text="Handed over: principal + costs (else the arrears)."))
    def get_bedrag(self, obj: Escalation) -> Any:
        claim = obj.claim_principal_cents + obj.claim_costs_cents
        return EuroField().to_representation(claim or obj.arrears_cents)

    @extend_schema_field(SleutelSerializer(many=True))
    def get_overeenkomsten(self, obj: Escalation) -> Any:
        return [{"id": str(obj.tenancy_id), "idExtern": obj.tenancy.external_id}]


# --- Financien: bankafschriften and bankafschrift-regels --------------------------------------


class BankafschriftRegelSchrijvenSerializer(S.Serializer[Any]):
    """One line of a bank statement (VERA BankafschriftRegel). Exactly one of bijBedrag (money
    in) and afBedrag (money out) is above zero."""

    idExtern = S.CharField(
        max_length=140, required=False, allow_blank=True, help_text="The bank's own reference."
    )
    valutadatum = S.DateField()
    bijBedrag = S.DecimalField(
        max_digits=12, decimal_places=2, min_value=0, required=False, coerce_to_string=False
    )  # type: ignore[arg-type]
    afBedrag = S.DecimalField(
        max_digits=12, decimal_places=2, min_value=0, required=False, coerce_to_string=False
    )  # type: ignore[arg-type]
    betalingskenmerk = S.CharField(max_length=140, required=False, allow_blank=True)
    omschrijving = S.CharField(max_length=500, required=False, allow_blank=True)
    vb_tegenrekening = S.CharField(max_length=34, required=False, allow_blank=True)
    vb_tegenpartij = S.CharField(max_length=140, required=False, allow_blank=True)
    vb_endToEndId = S.CharField(max_length=140, required=False, allow_blank=True)
    vb_machtigingskenmerk = S.CharField(max_length=140, required=False, allow_blank=True)
    vb_retourreden = S.RegexField(
        r"^[A-Z0-9]{4}$",
        required=False,
        allow_blank=True,
        help_text="SEPA return reason (e.g. AM04) of a reversed direct debit.",
    )
    vb_storno = S.BooleanField(
        required=False, default=False, help_text="A reversal (storno) of a collected amount."
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        incoming, outgoing = attrs.get("bijBedrag") or 0, attrs.get("afBedrag") or 0
        if (incoming > 0) == (outgoing > 0):
            raise S.ValidationError("Exactly one of bijBedrag and afBedrag is above zero.")
        return attrs


class BankafschriftSchrijvenSerializer(S.Serializer[Any]):
    """One bank statement of the association's account (VERA Bankafschrift), with its lines. It
    must add up: beginsaldo + the lines = eindsaldo."""

    idExtern = S.CharField(max_length=140, help_text="The statement's reference at the bank.")
    rekening = S.CharField(max_length=34, help_text="The association's account (IBAN).")
    vb_volgnummer = S.IntegerField(
        min_value=0, max_value=2_147_483_647, required=False, allow_null=True
    )
    beginsaldo = S.DecimalField(max_digits=15, decimal_places=2, coerce_to_string=False)  # type: ignore[arg-type]
    eindsaldo = S.DecimalField(max_digits=15, decimal_places=2, coerce_to_string=False)  # type: ignore[arg-type]
    vb_begindatum = S.DateField(required=False, allow_null=True)
    vb_einddatum = S.DateField()
    bankafschriftRegels = BankafschriftRegelSchrijvenSerializer(many=True, max_length=100_000)  # type: ignore[call-arg]


class BankafschriftOntvangenSerializer(S.Serializer[Any]):
    """What became of a statement: the import record and its counts and warnings."""

    vb_import = S.CharField()
    status = S.CharField()
    geboekt = S.IntegerField()
    ongewijzigd = S.IntegerField()
    teBeoordelen = S.IntegerField(help_text="Lines put on the review list (no tenancy found).")
    overgeslagen = S.IntegerField(help_text="Outgoing payments that are not rent.")
    waarschuwingen = S.ListField(child=S.CharField())


class BankafschriftSerializer(S.Serializer[BankStatement]):
    """VERA Bankafschrift as stored (from a file or the API)."""

    id = S.CharField(read_only=True)
    idExtern = S.CharField(source="statement_id")
    rekening = S.CharField(source="account_iban")
    vb_volgnummer = S.IntegerField(source="number", allow_null=True)
    beginsaldo = EuroField(source="opening_cents", allow_null=True)
    eindsaldo = EuroField(source="closing_cents", allow_null=True)
    vb_begindatum = S.DateField(source="opening_on", allow_null=True)
    vb_einddatum = S.DateField(source="closing_on", allow_null=True)
    postenAantal = S.IntegerField(source="entry_count")
    vb_formaat = S.CharField(source="get_family_display")
    vb_sluit = S.BooleanField(source="balanced", help_text="Opening + lines = closing.")
    vb_import = S.CharField(source="import_run_id")


class BankafschriftRegelSerializer(S.Serializer[BankTransaction]):
    """VERA BankafschriftRegel as stored: rent payments and stornos (other outgoing lines are
    not kept), with the tenancy it was booked on, if any."""

    id = S.CharField(read_only=True)
    idExtern = S.CharField(source="external_ref")
    bankafschrift = S.SerializerMethodField()
    valutadatum = S.DateField(source="booked_on")
    bijBedrag = S.SerializerMethodField()
    afBedrag = S.SerializerMethodField()
    vb_tegenrekening = S.CharField(source="counterparty_iban")
    vb_endToEndId = S.CharField(source="end_to_end_id")
    vb_machtigingskenmerk = S.CharField(source="mandate_id")
    vb_storno = S.SerializerMethodField()
    vb_overeenkomst = S.SerializerMethodField()
    vb_zelfde_als = S.SerializerMethodField()

    @extend_schema_field(SleutelSerializer)
    def get_bankafschrift(self, obj: BankTransaction) -> Any:
        return {"id": str(obj.statement_id), "idExtern": obj.statement.statement_id}

    def _euros(self, obj: BankTransaction, reversal: bool) -> Any:
        if (obj.direction == "reversal") != reversal:
            return 0.0
        return EuroField().to_representation(obj.amount_cents)

    @extend_schema_field(S.DecimalField(max_digits=12, decimal_places=2, coerce_to_string=False))  # type: ignore[arg-type]
    def get_bijBedrag(self, obj: BankTransaction) -> Any:
        return self._euros(obj, reversal=False)

    @extend_schema_field(S.DecimalField(max_digits=12, decimal_places=2, coerce_to_string=False))  # type: ignore[arg-type]
    def get_afBedrag(self, obj: BankTransaction) -> Any:
        return self._euros(obj, reversal=True)

    @extend_schema_field(S.BooleanField())
    def get_vb_storno(self, obj: BankTransaction) -> bool:
        return obj.direction == "reversal"

    @extend_schema_field(S.CharField(allow_null=True))
    def get_vb_overeenkomst(self, obj: BankTransaction) -> str | None:
        tenancy = getattr(obj, "booked_tenancy_id", None)
        return str(tenancy) if tenancy else None

    @extend_schema_field(S.CharField(allow_null=True))
    def get_vb_zelfde_als(self, obj: BankTransaction) -> str | None:
        return str(obj.same_as_id) if obj.same_as_id else None


# --- KMT: kwaliteitsmetingsverzoeken / -resultaten (tenant appreciation) -----------------------


class KwaliteitsmetingsverzoekSerializer(S.Serializer[ContactMoment]):
    """VERA Kwaliteitsmetingsverzoek: a contact the tenant may rate (soort ALG, general service).
    The id is the contact moment's. ``vb_beantwoord`` says whether an answer came in; the grade
    itself is never served (answers are anonymous)."""

    id = S.CharField(read_only=True)
    soort = S.SerializerMethodField()
    contactmoment = S.SerializerMethodField()
    vb_datum = S.DateTimeField(source="occurred_at")
    vb_kanaal = referentie(codes.CommunicatieKanaal, "COMMUNICATIEKANAAL")(source="channel")
    teEnqueterenRelatie = S.SerializerMethodField()
    vb_huishouden = SleutelField(source="household")
    vb_beantwoord = S.BooleanField(source="answered")

    @extend_schema_field(
        referentie(codes.KwaliteitsmetingVerzoekSoort, "KWALITEITSMETINGVERZOEKSOORT")
    )
    def get_soort(self, obj: ContactMoment) -> Any:
        return vera_code(codes.KwaliteitsmetingVerzoekSoort.ALG)

    @extend_schema_field(SleutelSerializer)
    def get_contactmoment(self, obj: ContactMoment) -> Any:
        return {"id": str(obj.pk), "idExtern": None}

    @extend_schema_field(S.CharField(allow_null=True, help_text="natuurlijk-personen id"))
    def get_teEnqueterenRelatie(self, obj: ContactMoment) -> str | None:
        tenants = getattr(obj.household, "tenants", [])
        return str(tenants[0].person_id) if tenants else None


class VerzoekSleutelSerializer(S.Serializer[Any]):
    id = S.CharField(max_length=20, help_text="The kwaliteitsmetingsverzoek's id.")


class KwaliteitsmetingsresultaatSchrijvenSerializer(S.Serializer[Any]):
    """VERA Kwaliteitsmetingsresultaat: the tenant's grade for one request. One answer per
    request; anonymous unless ``vb_met_naam``."""

    kwaliteitsmetingsverzoek = VerzoekSleutelSerializer()
    beoordelingsSchaal = S.ChoiceField(
        choices=[(VERA_SCALE, VERA_SCALE)], required=False, default=VERA_SCALE
    )
    beoordelingsWaarde = S.RegexField(r"^(10|[1-9])$", help_text="A report grade, 1 to 10.")
    toelichtingBeoordeling = S.CharField(max_length=1000, required=False, allow_blank=True)
    datumReactie = S.DateField(required=False, allow_null=True)
    vb_met_naam = S.BooleanField(
        required=False, default=False, help_text="The tenant chose to give their name."
    )


class KwaliteitsmetingsresultaatOntvangenSerializer(S.Serializer[Any]):
    kwaliteitsmetingsverzoek = VerzoekSleutelSerializer()
    datumReactie = S.DateField()


# --- BDO: dossiers (one tenant file per household) ----------------------------------------------


class DossierSerializer(S.Serializer[Household]):
    """VERA Dossier (BDO) as the household's tenant file (huurdersdossier): its zaken and the
    household (relaties). The id is the household's. VERA's DOSSIERSOORT has no codes in
    Referentiedata.csv, so ``soort`` is left out."""

    id = S.CharField(read_only=True)
    idExtern = S.CharField(source="external_id")
    omschrijving = S.SerializerMethodField()
    relaties = S.SerializerMethodField()
    zaken = S.SerializerMethodField()

    def get_omschrijving(self, obj: Household) -> str:
        return f"Huurdersdossier {obj.name}"

    @extend_schema_field(SleutelSerializer(many=True))
    def get_relaties(self, obj: Household) -> Any:
        return [{"id": str(obj.pk), "idExtern": obj.external_id}]

    @extend_schema_field(SleutelSerializer(many=True))
    def get_zaken(self, obj: Household) -> Any:
        return [{"id": str(c.pk), "idExtern": None} for c in obj.cases.all()]
