"""Rectification (AVG art. 16) and erasure (AVG art. 17), for the privacy officer, per household.

Rectification corrects one register field or one note, with a reason. The audit row names the
record and the field and carries the reason; it never holds the old or the new value.

Erasure first makes a plan: per kind of record, how many there are and whether they can be erased.
A record is kept, with the reason and the rule, while the law or a retention period requires it
(``privacy.retention`` settings): financial records 7 years after the tenancy ended (Art. 2:10
BW, AWR art. 52), nuisance cases while open and 5 years after closing (evidence for a possible
eviction, AVG art. 17(3)(e)), open cases (still needed, art. 17(1)(a) does not apply), the audit
log (accountability, art. 5(2); its own retention period) and the register while a tenancy runs
(the rental contract, art. 6(1)(b)). The rest is deleted. Each erased kind writes one audit row
with the count, never the content.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import ProtectedError, Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from verbinding.audit.models import AuditAction
from verbinding.audit.services import audit_record
from verbinding.households.models import Household, HouseholdMember, Person
from verbinding.privacy import retention
from verbinding.vera import codes


class RightsError(ValueError):
    pass


# --- Rectification (art. 16) ---------------------------------------------------------------

# What the privacy officer may correct: the register (members, household) and contact notes.
CORRECTABLE: dict[str, tuple[str, ...]] = {
    "person": (
        "initials",
        "first_name",
        "surname_prefix",
        "surname",
        "birth_date",
        "phone",
        "email",
    ),
    "household": ("name", "contact_notes"),
    "contact": ("note", "tenant_words", "agreed"),
}


def _contact_model() -> type[models.Model]:
    from verbinding.contacts.models import ContactMoment

    return ContactMoment


def _model(kind: str) -> type[models.Model]:
    return {"person": Person, "household": Household}.get(kind) or _contact_model()


def _records(kind: str, household: Household) -> QuerySet[Any]:
    if kind == "person":
        return Person.objects.filter(memberships__household=household).distinct()
    if kind == "household":
        return Household.objects.filter(id=household.id)
    return _contact_model()._default_manager.filter(household=household)


@dataclass(frozen=True)
class Target:
    """One correctable value: ``kind:id:field`` in a form."""

    kind: str
    record_id: int
    field: str
    label: str
    value: str

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.record_id}:{self.field}"


def targets(household: Household) -> list[Target]:
    """Every value the privacy officer may correct for this household, with its current value."""
    out: list[Target] = []
    for kind, fields in CORRECTABLE.items():
        model = _model(kind)
        for record in _records(kind, household).order_by("id"):
            for name in fields:
                field = model._meta.get_field(name)
                value = getattr(record, name)
                out.append(
                    Target(
                        kind,
                        record.pk,
                        name,
                        f"{record} · {field.verbose_name}",  # type: ignore[union-attr]
                        "" if value is None else str(value),
                    )
                )
    return out


def parse_target(key: str) -> tuple[str, int, str]:
    try:
        kind, record_id, field = key.split(":")
        if kind not in CORRECTABLE or field not in CORRECTABLE[kind]:
            raise ValueError
        return kind, int(record_id), field
    except ValueError as exc:
        raise RightsError(_("Choose what to correct.")) from exc


@transaction.atomic
def rectify(*, actor: Any, household: Household, key: str, value: str, reason: str) -> Any:
    """Correct one field of one record of this household (AVG art. 16), with a logged reason."""
    if not reason.strip():
        raise RightsError(_("Give the reason for the correction."))
    kind, record_id, name = parse_target(key)
    model = _model(kind)
    # Lock the row itself (PostgreSQL refuses FOR UPDATE on the DISTINCT member query).
    belongs = _records(kind, household).filter(id=record_id).exists()
    record = model._default_manager.select_for_update().filter(id=record_id).first()
    if record is None or not belongs:
        raise RightsError(_("That record does not belong to this household."))
    field = model._meta.get_field(name)
    try:
        new = field.to_python(value.strip() or None) if value.strip() else None  # type: ignore[union-attr]
        if new is None and not field.null:  # type: ignore[union-attr]
            new = ""
        setattr(record, name, new)
        record.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        raise RightsError("; ".join(exc.messages)) from exc
    record.save(update_fields=[name])
    # Field name and record only: neither the old nor the new value (they are personal data).
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=record,
        household_id=household.id,
        summary="rectification (AVG art. 16)",
        reason=reason.strip()[:300],
        after={name: None},
    )
    return record


# --- Erasure (art. 17) ---------------------------------------------------------------------


@dataclass
class Decision:
    kind: str
    label: Promise
    count: int
    erase: bool
    reason: Promise | str = ""
    rule: Promise | str = ""
    erased: int = 0
    kept: int = 0


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _cases(household: Household) -> QuerySet[Any]:
    from verbinding.cases.models import Case

    return Case.objects.filter(household=household)


def plan(household: Household, *, today: dt.date) -> list[Decision]:
    """What an erasure request would do, per kind of record: erase, or keep with reason and rule."""
    from verbinding.contacts.models import ContactMoment
    from verbinding.ledger.models import LedgerEntry
    from verbinding.network.models import NetworkMember

    decisions: list[Decision] = []
    cases = _cases(household)
    open_cases = cases.exclude(status__in=codes.CLOSED_CASE_STATUSES)
    closed = cases.filter(status__in=codes.CLOSED_CASE_STATUSES)

    # Casework: closed cases with their contacts are erased; open cases stay.
    casework_closed = closed.filter(nuisance__isnull=True)
    decisions.append(
        Decision("casework", _("closed cases with their contacts"), casework_closed.count(), True)
    )
    n_open = open_cases.filter(nuisance__isnull=True).count()
    if n_open:
        decisions.append(
            Decision(
                "open_cases",
                _("open cases"),
                n_open,
                False,
                _("The case is still being handled: the data is still needed."),
                _("AVG art. 17(1)(a) does not apply while the purpose remains"),
            )
        )
    # Nuisance: kept while open and for the nuisance retention period after closing.
    nuisance_years = retention.years("nuisance")
    nuisance_cutoff = retention.cutoff("nuisance", today)
    nuisance = cases.filter(nuisance__isnull=False)
    old_nuisance = nuisance.filter(
        status__in=codes.CLOSED_CASE_STATUSES, closed_on__lt=nuisance_cutoff
    )
    kept_nuisance = nuisance.exclude(id__in=old_nuisance.values("id")).count()
    if old_nuisance.exists():
        decisions.append(
            Decision(
                "nuisance", _("nuisance cases closed long enough ago"), old_nuisance.count(), True
            )
        )
    if kept_nuisance:
        decisions.append(
            Decision(
                "nuisance_kept",
                _("nuisance cases"),
                kept_nuisance,
                False,
                _(
                    "Kept while open and for %(years)s years after closing: evidence for a "
                    "possible eviction case."
                )
                % {"years": nuisance_years},
                _("AVG art. 17(3)(e) (legal claims); retention setting RETENTION_NUISANCE_YEARS"),
            )
        )
    # Contacts outside a case.
    loose = ContactMoment.objects.filter(household=household, case__isnull=True)
    decisions.append(Decision("contacts", _("contacts outside a case"), loose.count(), True))
    # Network: the people around the household, with their ties and consents.
    network = NetworkMember.objects.filter(household=household)
    decisions.append(Decision("network", _("network members"), network.count(), True))
    # Financial records: 7 years after the tenancy ended (fiscal and civil-law duty).
    fin_years = retention.years("financial")
    fin_cutoff = retention.cutoff("financial", today)
    ledger = LedgerEntry.objects.filter(tenancy__household=household)
    erasable_ledger = ledger.filter(tenancy__end_date__lt=fin_cutoff, booked_on__lt=fin_cutoff)
    kept_ledger = ledger.exclude(id__in=erasable_ledger.values("id")).count()
    if erasable_ledger.exists():
        decisions.append(
            Decision(
                "financial",
                _("rent account lines past the retention period"),
                erasable_ledger.count(),
                True,
            )
        )
    if kept_ledger:
        ends = [t.end_date for t in household.tenancies.all()]  # type: ignore[attr-defined]
        known_ends = [e for e in ends if e is not None]
        last_end = max(known_ends) if known_ends and len(known_ends) == len(ends) else None
        until = (
            _add_years(last_end, fin_years).isoformat()
            if last_end is not None
            else _("%(years)s years after the tenancy ends") % {"years": fin_years}
        )
        decisions.append(
            Decision(
                "financial_kept",
                _("rent account lines"),
                kept_ledger,
                False,
                _(
                    "Financial records are kept %(years)s years after the tenancy ended (until %(until)s)."
                )
                % {"years": fin_years, "until": until},
                _(
                    "Art. 2:10 BW and AWR art. 52 (7 years); retention setting RETENTION_FINANCIAL_YEARS"
                ),
            )
        )
    # The register: the household, its members and tenancies.
    running = household.tenancies.filter(  # type: ignore[attr-defined]
        Q(end_date__isnull=True) | Q(end_date__gte=today)
    ).count()
    members = HouseholdMember.objects.filter(household=household).count()
    decisions.append(
        Decision(
            "register",
            _("household register (members, tenancies)"),
            members,
            False,
            _(
                "The register comes from the rental administration and is needed for the tenancy; "
                "correct it instead, or it goes with the financial records after the tenancy."
            )
            if running
            else _("Needed as long as financial records of the tenancy are kept."),
            _("AVG art. 6(1)(b) (the rental contract); Art. 2:10 BW"),
        )
    )
    # The audit log is never erased on request.
    from verbinding.audit.models import AuditEvent

    decisions.append(
        Decision(
            "audit",
            _("audit log rows about the household"),
            AuditEvent.objects.filter(household_id=household.id).count(),
            False,
            _("Kept %(years)s years to account for who saw or changed the file.")
            % {"years": retention.years("audit")},
            _("AVG art. 5(2) (accountability); retention setting RETENTION_AUDIT_YEARS"),
        )
    )
    return decisions


def _delete_each(records: QuerySet[Any], delete_one: Any) -> tuple[int, int]:
    erased = kept = 0
    for record in list(records):
        try:
            with transaction.atomic():
                delete_one(record)
            erased += 1
        except ProtectedError:
            kept += 1  # still referenced by a record that must stay
    return erased, kept


def _delete_network_member(member: Any) -> None:
    member.ties.all().delete()
    member.consents.all().delete()
    member.delete()


def erase(*, actor: Any, household: Household, reason: str, today: dt.date) -> list[Decision]:
    """Carry out the plan: delete what may go; one audit row per kind, with counts only."""
    from verbinding.contacts.models import ContactMoment
    from verbinding.ledger.models import LedgerEntry
    from verbinding.network.models import NetworkMember

    if not reason.strip():
        raise RightsError(_("Give the reason for the erasure (the request and its date)."))
    decisions = plan(household, today=today)
    cases = _cases(household).filter(status__in=codes.CLOSED_CASE_STATUSES)
    fin_cutoff = retention.cutoff("financial", today)
    nuisance_cutoff = retention.cutoff("nuisance", today)
    for d in decisions:
        if not d.erase or not d.count:
            continue
        if d.kind == "casework":
            d.erased, d.kept = _delete_each(
                cases.filter(nuisance__isnull=True), retention._delete_case
            )
        elif d.kind == "nuisance":
            from verbinding.nuisance.models import NuisanceCase

            old = NuisanceCase.objects.filter(
                case__in=cases.filter(closed_on__lt=nuisance_cutoff)
            ).select_related("case")
            d.erased, d.kept = _delete_each(old, retention._delete_nuisance)
        elif d.kind == "contacts":
            loose = ContactMoment.objects.filter(household=household, case__isnull=True)
            d.erased, d.kept = _delete_each(loose, lambda c: c.delete())
        elif d.kind == "network":
            members = NetworkMember.objects.filter(household=household)
            d.erased, d.kept = _delete_each(members, _delete_network_member)
        elif d.kind == "financial":
            with transaction.atomic():
                d.erased = LedgerEntry.objects.filter(
                    tenancy__household=household,
                    tenancy__end_date__lt=fin_cutoff,
                    booked_on__lt=fin_cutoff,
                ).delete()[0]
        audit_record(
            actor=actor,
            action=AuditAction.DELETE,
            object_type=f"erasure.{d.kind}",
            household_id=household.id,
            summary=f"erasure (AVG art. 17) {d.kind}: {d.erased} deleted, {d.kept} kept",
            reason=reason.strip()[:300],
        )
    return decisions
