"""Writing a lesson: it is published only when the redaction engine finds nothing in it.

The engine (``verbinding.privacy.redaction``) looks for the names of the household's members and
network, its streets, BSNs, IBANs, phone numbers, e-mail addresses, postcodes, addresses and dates,
and runs Deduce for the names and places it was not told about.
"""

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
from verbinding.lessons.models import Lesson
from verbinding.privacy import redaction
from verbinding.vera import codes


class LessonError(ValueError):
    pass


class LessonNotAnonymous(LessonError):
    """The checker still finds something: per field, what and where."""

    def __init__(self, findings: dict[str, list[redaction.Finding]]) -> None:
        super().__init__("The lesson still contains details that could identify someone.")
        self.findings = findings


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


def check(fields: dict[str, str], known: Known) -> dict[str, list[redaction.Finding]]:
    """What the redaction engine finds, per field (only fields with findings)."""
    found = {}
    for key, text in fields.items():
        findings = redaction.find(text, names=known.names, streets=known.streets)
        if findings:
            found[key] = findings
    return found


def strip_all(fields: dict[str, str], known: Known) -> dict[str, str]:
    """The fields with every finding replaced by its placeholder (a suggestion for the author)."""
    return {
        key: redaction.redact(text, names=known.names, streets=known.streets)[0]
        for key, text in fields.items()
    }


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
    """Publish a lesson on a closed case; refused while the checker still finds something."""
    if case.status not in codes.CLOSED_CASE_STATUSES:
        raise LessonError("A lesson is written when the case is closed.")
    texts = {
        "title": title.strip(),
        "situation": situation.strip(),
        "what_worked": what_worked.strip(),
    }
    findings = check(texts, known_identifiers(case))
    if findings:
        raise LessonNotAnonymous(findings)
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
                **texts,
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
