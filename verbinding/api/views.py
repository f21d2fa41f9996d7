"""The API's resources. Every read goes through the UI's selectors (with the account the client
acts as), every write through the importers' and domain services; each call is audited with
channel ``api`` and the client's name."""

from __future__ import annotations

from typing import Any

from django.db.models import BooleanField, Case, OuterRef, Prefetch, QuerySet, Subquery, Value, When
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from verbinding import clock
from verbinding.accounts.roles import FIELD_ROLES, PRIVACY_ROLES, Role
from verbinding.api import serializers as s
from verbinding.api import services
from verbinding.api.models import ApiClient
from verbinding.api.pagination import Changes, CursorPagination, text_ids
from verbinding.api.parsers import BulkJSONParser
from verbinding.api.problems import PROBLEM
from verbinding.arrangements.models import Instalment
from verbinding.arrangements.selectors import arrangement_detail, arrangements_for
from verbinding.audit import channel
from verbinding.audit.models import AuditAction
from verbinding.audit.services import audit_record
from verbinding.cases.models import Case as Zaak
from verbinding.contacts.models import ContactMoment
from verbinding.contacts.selectors import readable_condition
from verbinding.earlysignals.models import Signal
from verbinding.escalation.models import Escalation, LegalOutcome
from verbinding.feedback.selectors import survey_requests_for
from verbinding.households.models import Household, HouseholdMember, Person, Tenancy, TenancyIban
from verbinding.households.selectors import household_detail, households_for
from verbinding.imports.models import BankStatement, BankTransaction, UnmatchedPayment
from verbinding.ledger.models import LedgerEntry
from verbinding.worklist import selectors as worklist

MAX_ID = 2**63 - 1
IDEMPOTENCY = OpenApiParameter(
    "Idempotency-Key",
    str,
    OpenApiParameter.HEADER,
    required=False,
    description="Send the same key again to get the same reply without writing twice.",
)


class SummarySerializer(serializers.Serializer[Any]):
    aangemaakt = serializers.IntegerField()
    gewijzigd = serializers.IntegerField()
    ongewijzigd = serializers.IntegerField()


class ApiView(APIView):
    """Channel and audit for every call; scopes per method."""

    read_scope: str | None = None
    write_scope: str | None = None
    # The roles a person needs in the UI for the same write (checked with the scope, in
    # auth.HasScope); none: no account may write here.
    write_roles: tuple[str, ...] = ()
    resource = ""

    def required_scope(self, request: Request) -> str | None:
        return self.read_scope if request.method in ("GET", "HEAD") else self.write_scope

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        client = request.auth
        if isinstance(client, ApiClient):
            self._channel = channel.enter("api", client.name)

    def finalize_response(
        self, request: Request, response: Response, *args: Any, **kwargs: Any
    ) -> Response:
        token = getattr(self, "_channel", None)
        if token is not None:
            self._channel = None
            channel.leave(token)
        return super().finalize_response(request, response, *args, **kwargs)

    def audit_list(self, rows: list[Any], households: list[int | None]) -> None:
        audit_record(
            actor=self.request.user,
            action=AuditAction.VIEW,
            object_type=f"api.{self.resource}",
            summary=f"API {self.resource}: {len(rows)} item(s)",
            after={"households": sorted({h for h in households if h is not None})[:500]},
        )


class Resource(ApiView, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):  # type: ignore[misc]
    pagination_class = CursorPagination
    # Where the audit log records a change of a row (for ?changed_since=); none: not offered.
    changes: tuple[Changes, ...] = ()
    lookup_value_regex = "[^/]+"  # anything but a slash; a non-number is a 404 problem

    def reach(self) -> QuerySet[Any]:
        raise NotImplementedError

    def get_queryset(self) -> QuerySet[Any]:
        return self.reach()

    def object_id(self) -> int:
        """The id in the URL; anything but a number in range is a 404."""
        raw = str(self.kwargs.get(self.lookup_url_kwarg or "pk", ""))
        if not (raw.isascii() and raw.isdigit()) or int(raw) > MAX_ID:
            raise Http404
        return int(raw)

    def household_of(self, obj: Any) -> int | None:
        """The household an object belongs to, for the audit row."""
        return getattr(obj, "household_id", None)

    def get_object(self) -> Any:
        obj = self.get_queryset().filter(pk=self.object_id()).first()
        if obj is None:
            raise Http404
        audit_record(
            actor=self.request.user,
            action=AuditAction.VIEW,
            obj=obj,
            household_id=self.household_of(obj),
            summary=f"API {self.resource}",
        )
        return obj

    def paginate_queryset(self, queryset: Any) -> Any:
        rows = super().paginate_queryset(queryset)
        self.audit_list(rows or [], [self.household_of(r) for r in rows or []])
        return rows


class HouseholdResource(Resource):
    """A resource with one item per household, whose id is the household's."""

    lookup_url_kwarg = "household_id"

    def household_of(self, obj: Any) -> int | None:
        return int(obj.pk)


def bulk_upsert(request_serializer: type[serializers.Serializer[Any]], service: str) -> Any:
    """The ``POST .../bulk`` action of a resource: ``services.<service>`` under the client's
    Idempotency-Key, all or nothing."""

    @extend_schema(
        request=request_serializer(many=True),
        responses={200: SummarySerializer},
        parameters=[IDEMPOTENCY],
        summary="Bulk upsert by idExtern (all or nothing)",
    )
    @action(detail=False, methods=["post"], url_path="bulk", parser_classes=[BulkJSONParser])
    def bulk(self: Any, request: Request) -> Response:
        upsert = getattr(services, service)
        return _bulk(request, lambda: upsert(items=request.data, actor=request.user))

    return bulk


def _in_reach(user: Any) -> Any:
    return households_for(user=user).values("id")


@extend_schema(tags=["Relaties"])
class HuishoudenViewSet(HouseholdResource):
    """Huishoudens (VERA Relatiegroep) with their people (relaties)."""

    serializer_class = s.HuishoudenSerializer
    read_scope, write_scope, resource = "register:read", "register:write", "huishoudens"
    write_roles = PRIVACY_ROLES  # the register import page
    # The household's own rows, and its people's (recorded with the household's id).
    changes = (
        Changes(("households.household",)),
        Changes(("households.person", "households.householdmember"), by_household=True),
    )

    def reach(self) -> QuerySet[Household]:
        members = HouseholdMember.objects.select_related("person").order_by("role", "id")
        return households_for(user=self.request.user).prefetch_related(
            Prefetch("members", queryset=members)
        )

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        household = household_detail(user=request.user, household_id=self.object_id())
        return Response(self.get_serializer(household).data)

    bulk = bulk_upsert(s.HuishoudenSchrijvenSerializer, "households_bulk_upsert")


@extend_schema(tags=["Relaties"])
class NatuurlijkPersoonViewSet(Resource):
    """Natuurlijk personen: the members of the households in reach, with their roles there (a
    household out of reach is not named)."""

    lookup_url_kwarg = "person_id"

    serializer_class = s.NatuurlijkPersoonSerializer
    read_scope, resource = "register:read", "natuurlijk-personen"
    # A person's data is recorded on the person, a new person or role on the membership.
    changes = (
        Changes(("households.person",)),
        Changes(
            ("households.householdmember",),
            ids=lambda: text_ids(
                HouseholdMember.objects.filter(person_id=OuterRef(OuterRef("pk")))
            ),
        ),
    )

    def reach(self) -> QuerySet[Person]:
        households = _in_reach(self.request.user)
        memberships = (
            HouseholdMember.objects.filter(household__in=households)
            .select_related("household")
            .order_by("household_id", "id")
        )
        return Person.objects.filter(
            id__in=HouseholdMember.objects.filter(household__in=households).values("person_id")
        ).prefetch_related(Prefetch("memberships", memberships, to_attr="memberships_in_reach"))

    def household_of(self, obj: Any) -> int | None:
        rows = getattr(obj, "memberships_in_reach", [])
        return int(rows[0].household_id) if rows else None


@extend_schema(tags=["Relaties"])
class BetaalgegevenViewSet(Resource):
    """Betaalgegevens: the bank accounts known to pay for the tenancies in reach."""

    lookup_url_kwarg = "iban_id"

    serializer_class = s.BetaalgegevenDetailSerializer
    read_scope, resource = "register:read", "betaalgegevens"
    # A new IBAN is recorded on its tenancy (which also carries vb_betalingskenmerk).
    changes = (
        Changes(("households.tenancy",), ref="tenancy_id"),
        Changes(("households.tenancyiban",)),
    )

    def reach(self) -> QuerySet[TenancyIban]:
        return TenancyIban.objects.filter(
            tenancy__household__in=_in_reach(self.request.user)
        ).select_related("tenancy__household")

    def household_of(self, obj: Any) -> int | None:
        return int(obj.tenancy.household_id)


@extend_schema(tags=["Relaties"])
class CommunicatievoorkeurViewSet(HouseholdResource):
    """Communicatievoorkeuren: per household in reach, the channel it prefers for contact (the
    one messages to the tenant go by), how to reach it and its consent to reminders. The id is
    the household's."""

    serializer_class = s.CommunicatievoorkeurSerializer
    read_scope, resource = "register:read", "communicatievoorkeuren"
    changes = (
        Changes(("households.household",)),
        Changes(("tenantmessages.reminderconsent",), by_household=True),
    )

    def reach(self) -> QuerySet[Household]:
        return households_for(user=self.request.user).select_related("reminder_consent")


@extend_schema(tags=["Overeenkomsten"])
class HuurovereenkomstViewSet(Resource):
    """Huurovereenkomsten with their eenheid and known IBANs (betaalgegevens)."""

    lookup_url_kwarg = "tenancy_id"

    serializer_class = s.HuurovereenkomstSerializer
    read_scope, write_scope, resource = "register:read", "register:write", "huurovereenkomsten"
    write_roles = PRIVACY_ROLES  # the register import page
    changes = (Changes(("households.tenancy",)),)

    def reach(self) -> QuerySet[Tenancy]:
        return (
            Tenancy.objects.filter(household__in=_in_reach(self.request.user))
            .select_related("household", "unit__neighbourhood")
            .prefetch_related("ibans")
        )

    bulk = bulk_upsert(s.HuurovereenkomstSchrijvenSerializer, "tenancies_bulk_upsert")


@extend_schema(tags=["INC"])
class BetalingsregelingViewSet(Resource):
    """Betalingsregelingen with their termijnen."""

    lookup_url_kwarg = "arrangement_id"

    serializer_class = s.BetalingsregelingSerializer
    read_scope, resource = "casework:read", "betalingsregelingen"
    changes = (Changes(("arrangements.paymentarrangement",)),)

    def reach(self) -> QuerySet[Any]:
        return (
            arrangements_for(user=self.request.user)
            .select_related("household", "tenancy")
            .prefetch_related(
                Prefetch("instalments", queryset=Instalment.objects.order_by("number"))
            )
        )

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        arrangement = arrangement_detail(user=request.user, arrangement_id=self.object_id())
        return Response(self.get_serializer(arrangement).data)


@extend_schema(tags=["INC"])
class ExterneIncassoViewSet(Resource):
    """Externe incasso's: claims handed to a bailiff or a collection agency (court steps are
    not an external collection and are left out)."""

    lookup_url_kwarg = "escalation_id"

    serializer_class = s.ExterneIncassoSerializer
    read_scope, resource = "casework:read", "externe-incassos"
    changes = (Changes(("escalation.escalation",)),)

    def reach(self) -> QuerySet[Escalation]:
        return (
            Escalation.objects.filter(
                household__in=_in_reach(self.request.user), kind__in=["DEU", "INC"]
            )
            .select_related("household", "tenancy")
            .prefetch_related(
                Prefetch("outcomes", queryset=LegalOutcome.objects.order_by("occurred_on", "id"))
            )
        )


@extend_schema(tags=["Relaties"])
class ContactmomentViewSet(Resource):
    """Contactmomenten; the text only where the account may read it (confidentiality)."""

    lookup_url_kwarg = "contact_id"

    serializer_class = s.ContactmomentSerializer
    read_scope, resource = "casework:read", "contactmomenten"
    changes = (Changes(("contacts.contactmoment",)),)

    def reach(self) -> QuerySet[ContactMoment]:
        user = self.request.user
        return (
            ContactMoment.objects.filter(household__in=_in_reach(user))
            .annotate(
                readable=Case(
                    When(readable_condition(user), then=Value(True)),
                    default=Value(False),
                    output_field=BooleanField(),
                )
            )
            .select_related("household")
        )


@extend_schema(tags=["Dossier"])
class ZaakViewSet(Resource):
    """Zaken (cases) of the households in reach."""

    lookup_url_kwarg = "case_id"

    serializer_class = s.ZaakSerializer
    read_scope, resource = "casework:read", "zaken"
    changes = (Changes(("cases.case",)),)

    def reach(self) -> QuerySet[Zaak]:
        return Zaak.objects.filter(household__in=_in_reach(self.request.user)).select_related(
            "household"
        )


@extend_schema(tags=["Dossier"])
class DossierViewSet(HouseholdResource):
    """Dossiers (BDO): one tenant file per household in reach, grouping its zaken."""

    serializer_class = s.DossierSerializer
    read_scope, resource = "casework:read", "dossiers"
    changes = (
        Changes(("households.household",)),
        Changes(("cases.case",), by_household=True),
    )

    def reach(self) -> QuerySet[Household]:
        return households_for(user=self.request.user).prefetch_related(
            Prefetch("cases", queryset=Zaak.objects.order_by("id"))
        )


@extend_schema(tags=["x-verbinding"])
class VroegsignaleringViewSet(Resource):
    """Early signals sent to the municipality. Signals are only added: the cursor of the last
    page is where the next pull starts."""

    lookup_url_kwarg = "signal_id"

    serializer_class = s.VroegsignaleringSerializer
    read_scope, resource = "signals:read", "vroegsignaleringen"
    # Signals are added by an export (one audit row for the batch); an outcome is a change.
    changes = (
        Changes(("earlysignals.exportbatch",), ref="batch_id", actions=("export",)),
        Changes(("earlysignals.signal",)),
    )

    def reach(self) -> QuerySet[Signal]:
        return Signal.objects.filter(household__in=_in_reach(self.request.user)).select_related(
            "household", "tenancy", "municipality"
        )


def _functional_admin(user: Any) -> bool:
    """The imports pages are the functional administrator's; so are the bank statements."""
    return getattr(user, "role", None) == Role.PRIVACY_OFFICER


@extend_schema(tags=["Financien"])
class BankafschriftViewSet(Resource):
    """Bankafschriften (bank statements), read from files or posted here. Readable only when the
    client acts as the functional administrator, as the imports pages."""

    lookup_url_kwarg = "statement_id"

    serializer_class = s.BankafschriftSerializer
    read_scope, write_scope, resource = "ledger:read", "ledger:write", "bankafschriften"
    write_roles = PRIVACY_ROLES  # the bank import page
    # A statement is added by an import (one audit row for the run) and never changes.
    changes = (Changes(("imports.importrun",), ref="import_run_id", actions=("import",)),)

    def reach(self) -> QuerySet[BankStatement]:
        qs = BankStatement.objects.all()
        return qs if _functional_admin(self.request.user) else qs.none()

    @extend_schema(
        request=s.BankafschriftSchrijvenSerializer,
        responses={200: s.BankafschriftOntvangenSerializer},
        parameters=[IDEMPOTENCY],
        summary="Import one statement (VERA JSON) as a CAMT.053/MT940 file: all or nothing",
    )
    def create(self, request: Request) -> Response:
        return _idempotent(
            request,
            lambda: services.bank_statement_receive(data=request.data, actor=request.user),
        )


@extend_schema(tags=["Financien"])
class BankafschriftRegelViewSet(Resource):
    """Bankafschrift-regels: the rent payments and stornos of the statements, with the tenancy
    each was booked on (null: on the review list, or the same money as a line read before)."""

    lookup_url_kwarg = "transaction_id"

    serializer_class = s.BankafschriftRegelSerializer
    read_scope, resource = "ledger:read", "bankafschrift-regels"
    # Added by an import; booked later when someone assigns it from the review list.
    changes = (
        Changes(("imports.importrun",), ref="statement__import_run_id", actions=("import",)),
        Changes(
            ("imports.unmatchedpayment",),
            ids=lambda: text_ids(
                UnmatchedPayment.objects.filter(external_ref=OuterRef(OuterRef("external_ref")))
            ),
        ),
    )

    def reach(self) -> QuerySet[BankTransaction]:
        booked = LedgerEntry.objects.filter(external_ref=OuterRef("external_ref")).values(
            "tenancy_id"
        )[:1]
        qs = BankTransaction.objects.select_related("statement").annotate(
            booked_tenancy_id=Subquery(booked)
        )
        return qs if _functional_admin(self.request.user) else qs.none()


@extend_schema(tags=["KMT"])
class KwaliteitsmetingsverzoekViewSet(Resource):
    """Kwaliteitsmetingsverzoeken: the contacts of the last 30 days (households in reach) that the
    tenant can rate, for a survey tool; the id is the contact moment's."""

    lookup_url_kwarg = "contact_id"

    serializer_class = s.KwaliteitsmetingsverzoekSerializer
    read_scope, resource = "feedback:read", "kwaliteitsmetingsverzoeken"
    # The contact's changes; a grade is not one (an anonymous answer names no contact).
    changes = (Changes(("contacts.contactmoment",)),)

    def reach(self) -> QuerySet[ContactMoment]:
        tenants = HouseholdMember.objects.filter(role="HUU").order_by("id")
        return survey_requests_for(user=self.request.user).prefetch_related(
            Prefetch("household__members", queryset=tenants, to_attr="tenants")
        )


@extend_schema(tags=["KMT"])
class KwaliteitsmetingsresultaatView(ApiView):
    """A tenant's grade for one kwaliteitsmetingsverzoek, from the survey tool: one answer per
    request (a second is a 409), anonymous towards the advisor unless ``vb_met_naam``. Results
    are not readable one by one through the API (the anonymity rule of tenant appreciation)."""

    write_scope, resource = "feedback:write", "kwaliteitsmetingsresultaten"
    write_roles = FIELD_ROLES  # the appreciation pages (advisors and team leads)

    @extend_schema(
        request=s.KwaliteitsmetingsresultaatSchrijvenSerializer,
        responses={201: s.KwaliteitsmetingsresultaatOntvangenSerializer},
        parameters=[IDEMPOTENCY],
    )
    def post(self, request: Request) -> Response:
        return _idempotent(
            request,
            lambda: services.survey_result_receive(data=request.data, actor=request.user),
        )


@extend_schema(tags=["x-verbinding"])
class WerklijstView(ApiView):
    """The worklist of the account the client acts as, most urgent first (at most 500)."""

    read_scope, resource = "casework:read", "werklijst"

    @extend_schema(responses={200: s.WerklijstregelSerializer(many=True)})
    def get(self, request: Request) -> Response:
        result = worklist.worklist_for(user=request.user, today=clock.today(), recent_days=30)
        rows = list(result.rows[:500])
        worklist.fill_page(rows)
        audit_record(
            actor=request.user,
            action=AuditAction.VIEW,
            object_type="api.werklijst",
            summary=f"API werklijst: {len(rows)} household(s)",
            after={"households": [r.household_id for r in rows]},
        )
        return Response(s.WerklijstregelSerializer(rows, many=True).data)


@extend_schema(tags=["Financien"])
class BoekingenBulkView(ApiView):
    """Boekingen (rent ledger lines) in bulk, by idExtern, all or nothing."""

    write_scope, resource = "ledger:write", "boekingen"
    write_roles = PRIVACY_ROLES  # the ledger import page
    parser_classes = [BulkJSONParser]

    @extend_schema(
        request=s.BoekingSchrijvenSerializer(many=True),
        responses={200: SummarySerializer},
        parameters=[IDEMPOTENCY],
        summary="Bulk add bookings by idExtern (all or nothing)",
    )
    def post(self, request: Request) -> Response:
        client = request.auth
        assert isinstance(client, ApiClient)
        return _bulk(
            request,
            lambda: services.bookings_bulk_add(
                items=request.data, actor=request.user, client=client
            ),
        )


def not_found(request: Any, *args: Any, **kwargs: Any) -> Response:
    """Any other path under /api/v1/: a 404 problem, not the HTML page."""
    from django.http import JsonResponse

    from verbinding.api.problems import PROBLEM, TITLES, TYPE_BASE

    return JsonResponse(  # type: ignore[return-value]
        {
            "type": TYPE_BASE + "not-found",
            "title": TITLES[404],
            "status": 404,
            "detail": "No such resource.",
            "instance": request.get_full_path(),
        },
        status=404,
        content_type=PROBLEM,
    )


def _bulk(request: Request, work: Any) -> Response:
    return _idempotent(request, lambda: (200, work()))


def _idempotent(request: Request, work: Any) -> Response:
    """Run ``work`` (returning status and body) once per Idempotency-Key of the client."""
    key = request.headers.get("Idempotency-Key", "").strip()
    client = request.auth
    assert isinstance(client, ApiClient)
    if not key:
        status, body = work()
    else:
        if len(key) > 200:
            raise serializers.ValidationError({"Idempotency-Key": ["At most 200 characters."]})
        status, body, replayed = services.idempotent(
            client=client, key=key, data=request.data, work=work
        )
    response = Response(body, status=status)
    if status >= 400:
        response.content_type = PROBLEM
    if key and replayed:
        response["Idempotent-Replayed"] = "true"
    return response


__all__ = ["OpenApiResponse"]
