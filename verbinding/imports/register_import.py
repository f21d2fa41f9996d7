"""Households and tenancies from the ERP: create or update the core register, never delete.

Natural keys make a re-import idempotent: a household by its number, a person by (household,
surname, first name or initials, date of birth), a unit by its number, a tenancy by its contract
number, a known IBAN by (tenancy, IBAN). Counts are per line: created, updated or unchanged.
Every household whose data changed gets one audit row (with ``household_id``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from django.db import models
from django.utils.translation import gettext as _

from verbinding.areas.models import Neighbourhood
from verbinding.audit.models import AuditAction
from verbinding.audit.services import build_row, write_rows
from verbinding.households.models import (
    Household,
    HouseholdMember,
    Person,
    Tenancy,
    TenancyIban,
    Unit,
)
from verbinding.imports.outcome import Outcome, Problems, Rejected
from verbinding.imports.parsers.base import FileFacts, ImportProblem, RowProblems
from verbinding.imports.parsers.csv_erp import (
    HouseholdRow,
    TenancyRow,
    detect_layout,
    parse_household_row,
    parse_tenancy_row,
    read_rows,
)

T = TypeVar("T")
M = TypeVar("M", bound=models.Model)


def _chunks(items: list[T], size: int = 500) -> Iterator[list[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _by_key(model: type[M], field: str, keys: Iterable[str]) -> dict[str, M]:
    found: dict[str, M] = {}
    for chunk in _chunks(sorted(set(keys))):
        for obj in model._default_manager.filter(**{f"{field}__in": chunk}):
            found[getattr(obj, field)] = obj
    return found


def _set(obj: models.Model, values: dict[str, Any]) -> list[str]:
    """Assign the values that differ; return the names of the changed fields."""
    changed = [k for k, v in values.items() if getattr(obj, k) != v]
    for k in changed:
        setattr(obj, k, values[k])
    return changed


def _parse_all(
    path: Path,
    facts: FileFacts,
    kind: str,
    parse: Callable[..., T],
    on_line: Callable[[int], None] | None,
) -> tuple[list[T], Problems, str]:
    try:
        layout = detect_layout(facts, kind)
    except ImportProblem as problem:
        raise Rejected.one(problem) from None
    rows: list[T] = []
    problems = Problems()
    for line, cells in read_rows(path, facts, layout, on_line):
        try:
            rows.append(parse(line, cells, layout))
        except RowProblems as exc:
            problems.extend(exc.problems)
    return rows, problems, layout.describe(facts)


class _Audit:
    def __init__(self, actor: Any, summary: str) -> None:
        self.actor = actor
        self.summary = summary[:300]
        self.rows: list[dict[str, Any]] = []

    def add(self, action: str, obj: models.Model, household_id: int, after: dict[str, Any]) -> None:
        self.rows.append(
            build_row(
                actor=self.actor,
                action=action,
                object_type=obj._meta.label_lower,
                object_id=obj.pk,
                household_id=household_id,
                summary=self.summary,
                after=after,
                model=type(obj),
            )
        )

    def save(self) -> None:
        write_rows(self.rows)


# --- households ---------------------------------------------------------------------------------


def _person_key(surname: str, first: str, birth: Any) -> tuple[str, str, str]:
    return (surname.strip().lower(), first.strip().lower(), str(birth or ""))


def import_households(
    *, path: Path, facts: FileFacts, actor: Any, summary: str, on_line: Callable[[int], None] | None
) -> Outcome:
    rows, problems, label = _parse_all(path, facts, "households", parse_household_row, on_line)
    return upsert_households(
        rows=rows, problems=problems, actor=actor, summary=summary, label=label
    )


def upsert_households(
    *, rows: list[HouseholdRow], problems: Problems, actor: Any, summary: str, label: str = ""
) -> Outcome:
    """Create or update households, persons and memberships from parsed rows (a file's or the
    API's), all or nothing."""
    outcome = Outcome(file_format=label)
    seen: dict[tuple[str, tuple[str, str, str]], int] = {}
    for row in rows:
        key = (
            row.household_number,
            _person_key(row.surname, row.first_name or row.initials, row.birth_date),
        )
        if key in seen:
            problems.add(
                ImportProblem(
                    row.line,
                    "achternaam",
                    _("the same person is on line %(line)s") % {"line": seen[key]},
                )
            )
        seen.setdefault(key, row.line)
    if problems:
        raise Rejected(problems)

    audit = _Audit(actor, summary)
    groups: dict[str, list[HouseholdRow]] = {}
    for row in rows:
        groups.setdefault(row.household_number, []).append(row)
    households = _by_key(Household, "external_id", groups)
    new_households = []
    changed_households = []
    for number, group in groups.items():
        channel = next((r.preferred_channel for r in group if r.preferred_channel), None)
        values: dict[str, Any] = {"name": group[0].household_name}
        if channel:
            values["preferred_channel"] = channel
        existing = households.get(number)
        if existing is None:
            households[number] = Household(external_id=number, **values)
            new_households.append(households[number])
        elif changed := _set(existing, values):
            changed_households.append((existing, changed))
    Household.objects.bulk_create(new_households, batch_size=500)
    Household.objects.bulk_update(
        [h for h, _ in changed_households], ["name", "preferred_channel"], batch_size=500
    )
    for h in new_households:
        audit.add(AuditAction.CREATE, h, h.pk, {"external_id": h.external_id, "name": h.name})
    for h, changed in changed_households:
        audit.add(AuditAction.UPDATE, h, h.pk, {k: getattr(h, k) for k in changed})

    members: dict[tuple[int, tuple[str, str, str]], HouseholdMember] = {}
    ids = [h.pk for h in households.values()]
    for chunk in _chunks(ids):
        for m in HouseholdMember.objects.filter(household_id__in=chunk).select_related("person"):
            p = m.person
            members.setdefault(
                (m.household_id, _person_key(p.surname, p.first_name or p.initials, p.birth_date)),
                m,
            )
    new_people: list[tuple[Person, HouseholdMember]] = []
    dirty_people: list[Person] = []
    dirty_members: list[HouseholdMember] = []
    for row in rows:
        household = households[row.household_number]
        person_values = {
            "initials": row.initials,
            "first_name": row.first_name,
            "surname_prefix": row.surname_prefix,
            "surname": row.surname,
            "birth_date": row.birth_date,
            "phone": row.phone,
            "email": row.email,
            "preferred_language": row.language,
        }
        member_values = {
            "role": row.role,
            "start_date": row.member_from,
            "end_date": row.member_until,
        }
        member_key = (
            household.pk,
            _person_key(row.surname, row.first_name or row.initials, row.birth_date),
        )
        member = members.get(member_key)
        if member is None:
            person = Person(**person_values)
            new_people.append((person, HouseholdMember(household=household, **member_values)))
            outcome.created += 1
            continue
        changed_p = _set(member.person, person_values)
        changed_m = _set(member, member_values)
        if changed_p:
            dirty_people.append(member.person)
        if changed_m:
            dirty_members.append(member)
        if changed_p or changed_m:
            outcome.updated += 1
            audit.add(
                AuditAction.UPDATE,
                member.person,
                household.pk,
                {k: getattr(member.person, k) for k in changed_p}
                | {k: getattr(member, k) for k in changed_m},
            )
        else:
            outcome.unchanged += 1
    Person.objects.bulk_create([p for p, _ in new_people], batch_size=500)
    for person, member in new_people:
        member.person = person
    HouseholdMember.objects.bulk_create([m for _, m in new_people], batch_size=500)
    for person, member in new_people:
        audit.add(
            AuditAction.CREATE,
            member,
            member.household_id,
            {"person": person.full_name, "role": member.role},
        )
    Person.objects.bulk_update(dirty_people, list(person_values), batch_size=500)
    HouseholdMember.objects.bulk_update(dirty_members, list(member_values), batch_size=500)
    audit.save()
    outcome.households_touched = len(new_households) + len(changed_households)
    return outcome


# --- tenancies ----------------------------------------------------------------------------------


def import_tenancies(
    *, path: Path, facts: FileFacts, actor: Any, summary: str, on_line: Callable[[int], None] | None
) -> Outcome:
    rows, problems, label = _parse_all(path, facts, "tenancies", parse_tenancy_row, on_line)
    return upsert_tenancies(rows=rows, problems=problems, actor=actor, summary=summary, label=label)


def upsert_tenancies(
    *, rows: list[TenancyRow], problems: Problems, actor: Any, summary: str, label: str = ""
) -> Outcome:
    """Create or update units, tenancies and known IBANs from parsed rows (a file's or the
    API's), all or nothing: any problem raises :class:`Rejected` before anything is written."""
    outcome = Outcome(file_format=label)
    neighbourhoods = {n.cbs_code: n for n in Neighbourhood.objects.all()}
    households = _by_key(Household, "external_id", (r.household_number for r in rows))
    tenancies = _by_key(Tenancy, "external_id", (r.contract_number for r in rows))
    by_reference = {
        ref: number
        for chunk in _chunks(sorted({r.payment_reference for r in rows}))
        for ref, number in Tenancy.objects.filter(payment_reference__in=chunk).values_list(
            "payment_reference", "external_id"
        )
    }
    contract_lines: dict[str, int] = {}
    reference_lines: dict[str, int] = {}
    for row in rows:
        if row.neighbourhood_code not in neighbourhoods:
            problems.add(
                ImportProblem(
                    row.line,
                    "buurtcode",
                    _("unknown neighbourhood %(code)s") % {"code": repr(row.neighbourhood_code)},
                )
            )
        if row.household_number not in households:
            problems.add(
                ImportProblem(
                    row.line,
                    "huishoudnummer",
                    _("unknown household %(number)s; import the households file first")
                    % {"number": repr(row.household_number)},
                )
            )
        if (first := contract_lines.setdefault(row.contract_number, row.line)) != row.line:
            problems.add(
                ImportProblem(
                    row.line,
                    "contractnummer",
                    _("the same contract is on line %(line)s") % {"line": first},
                )
            )
        if (first := reference_lines.setdefault(row.payment_reference, row.line)) != row.line:
            problems.add(
                ImportProblem(
                    row.line,
                    "betalingskenmerk",
                    _("the same payment reference is on line %(line)s") % {"line": first},
                )
            )
        owner = by_reference.get(row.payment_reference)
        if owner is not None and owner != row.contract_number:
            problems.add(
                ImportProblem(
                    row.line,
                    "betalingskenmerk",
                    _("already used by contract %(contract)s") % {"contract": repr(owner)},
                )
            )
    if problems:
        raise Rejected(problems)

    audit = _Audit(actor, summary)
    units = _by_key(Unit, "external_id", (r.unit_number for r in rows))
    unit_dirty: dict[str, Unit] = {}
    for row in rows:
        values = {
            "street": row.street,
            "house_number": row.house_number,
            "house_letter": row.house_letter,
            "house_number_addition": row.addition,
            "postcode": row.postcode,
            "city": row.city,
            "neighbourhood_id": neighbourhoods[row.neighbourhood_code].pk,
        }
        unit = units.get(row.unit_number)
        if unit is None:
            units[row.unit_number] = Unit(external_id=row.unit_number, **values)
            unit_dirty[row.unit_number] = units[row.unit_number]
        elif _set(unit, values):
            unit_dirty[row.unit_number] = unit
    new_units = [u for u in unit_dirty.values() if u.pk is None]
    new_set = {id(u) for u in new_units}  # a set: "u not in list" compares models one by one
    Unit.objects.bulk_create(new_units, batch_size=500)
    Unit.objects.bulk_update(
        [u for u in unit_dirty.values() if id(u) not in new_set],
        [
            "street",
            "house_number",
            "house_letter",
            "house_number_addition",
            "postcode",
            "city",
            "neighbourhood_id",
        ],
        batch_size=500,
    )

    known_ibans: set[tuple[int, str]] = set()
    ids = [t.pk for t in tenancies.values()]
    for chunk in _chunks(ids):
        known_ibans.update(
            TenancyIban.objects.filter(tenancy_id__in=chunk).values_list("tenancy_id", "iban")
        )
    fields = [
        "household_id",
        "unit_id",
        "start_date",
        "end_date",
        "rent_cents",
        "payment_reference",
        "payment_method",
        "status",
    ]
    new_tenancies: list[Tenancy] = []
    dirty: list[Tenancy] = []
    pending_ibans: list[tuple[Tenancy, str, str]] = []
    for row in rows:
        values = {
            "household_id": households[row.household_number].pk,
            "unit_id": units[row.unit_number].pk,
            "start_date": row.start_date,
            "end_date": row.end_date,
            "rent_cents": row.rent_cents,
            "payment_reference": row.payment_reference,
            "payment_method": row.payment_method,
            "status": row.status,
        }
        tenancy = tenancies.get(row.contract_number)
        unit_changed = row.unit_number in unit_dirty
        if tenancy is None:
            tenancy = Tenancy(external_id=row.contract_number, **values)
            new_tenancies.append(tenancy)
            changed: list[str] = ["created"]
            outcome.created += 1
        else:
            changed = _set(tenancy, values)
            if changed:
                dirty.append(tenancy)
        new_ibans = [
            i for i in row.ibans if (tenancy.pk, i) not in known_ibans or tenancy.pk is None
        ]
        for iban in new_ibans:
            pending_ibans.append((tenancy, iban, row.holder_name))
        if tenancy.pk is not None:
            if changed or new_ibans or unit_changed:
                outcome.updated += 1
                audit.add(
                    AuditAction.UPDATE,
                    tenancy,
                    tenancy.household_id,
                    {k: getattr(tenancy, k) for k in changed}
                    | ({"ibans": " ".join(new_ibans)} if new_ibans else {})
                    | ({"unit": row.unit_number} if unit_changed else {}),
                )
            else:
                outcome.unchanged += 1
    Tenancy.objects.bulk_create(new_tenancies, batch_size=500)
    Tenancy.objects.bulk_update(dirty, fields, batch_size=500)
    for t in new_tenancies:
        audit.add(
            AuditAction.CREATE,
            t,
            t.household_id,
            {"external_id": t.external_id, "unit": t.unit_id, "rent_cents": t.rent_cents},
        )
    TenancyIban.objects.bulk_create(
        [TenancyIban(tenancy=t, iban=i, holder_name=h) for t, i, h in pending_ibans], batch_size=500
    )
    audit.save()
    outcome.changed_tenancy_ids = {t.pk for t in new_tenancies} | {
        int(e["object_id"]) for e in audit.rows if e["object_type"] == "households.tenancy"
    }
    outcome.households_touched = len({e["household_id"] for e in audit.rows})
    return outcome
