"""Writing a lesson: the text is always stripped of the obvious identifiers before it is saved."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import IntegrityError, transaction

from verbinding import clock
from verbinding.audit.services import audit_record
from verbinding.cases.models import Case
from verbinding.households.models import HouseholdMember, Tenancy
from verbinding.lessons import anonymise
from verbinding.lessons.models import Lesson
from verbinding.vera import codes


class LessonError(ValueError):
    pass


@dataclass(frozen=True)
class Known:
    """What we know could identify the people of a case."""

    names: list[str]
    streets: list[str]


def known_identifiers(case: Case) -> Known:
    """Names of the household members and network people, the household's name, its streets."""
    names: list[str] = [case.household.name]
    for m in HouseholdMember.objects.filter(household=case.household_id).select_related("person"):
        p = m.person
        names += [p.full_name, p.first_name, p.surname, p.initials]
    try:
        network_member = apps.get_model("network", "NetworkMember")
    except LookupError:  # pragma: no cover - the network app is always installed
        network_member = None
    if network_member is not None:
        names += list(
            network_member.objects.filter(household=case.household_id).values_list(
                "name", flat=True
            )
        )
    names = [n.replace("Huishouden", "").strip() for n in names if n]
    streets = list(
        Tenancy.objects.filter(household=case.household_id).values_list("unit__street", flat=True)
    )
    return Known(names=[n for n in names if n], streets=streets)


def strip_all(
    fields: dict[str, str], known: Known
) -> tuple[dict[str, str], list[anonymise.Finding]]:
    cleaned, findings = {}, []
    for key, text in fields.items():
        cleaned[key], found = anonymise.strip_identifiers(
            text, names=known.names, streets=known.streets
        )
        findings += found
    return cleaned, findings


@transaction.atomic
def lesson_write(
    *,
    case: Case,
    title: str,
    situation: str,
    what_worked: str,
    actor: Any,
    network_types: Iterable[str] = (),
    signed: bool = False,
) -> Lesson:
    """Write a lesson on a closed case. Identifiers are stripped here too, whatever the form did."""
    if case.status not in codes.CLOSED_CASE_STATUSES:
        raise LessonError("A lesson is written when the case is closed.")
    cleaned, _found = strip_all(
        {
            "title": title.strip(),
            "situation": situation.strip(),
            "what_worked": what_worked.strip(),
        },
        known_identifiers(case),
    )
    types = sorted({t for t in network_types if t})
    try:
        with transaction.atomic():
            lesson = Lesson.objects.create(
                case=case,
                author=actor,
                signed=signed,
                case_kind=case.kind,
                case_detail=case.detail,
                network_types=f",{','.join(types)}," if types else "",
                written_on=clock.today(),
                **cleaned,
            )
    except IntegrityError as exc:
        raise LessonError("You already wrote a lesson for this case.") from exc
    # The audit row links the lesson to the household (for the privacy officer), not its text.
    audit_record(
        actor=actor,
        action="create",
        obj=lesson,
        household_id=case.household_id,
        summary="lesson written",
        after={"case_id": case.id, "signed": signed},
    )
    return lesson
