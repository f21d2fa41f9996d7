"""Opening cases and moving them through their statuses (allowed transitions are data)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from verbinding import clock
from verbinding.audit.services import audit_change, snapshot
from verbinding.cases.models import Case, CaseStatus
from verbinding.households.models import Household
from verbinding.vera import codes


class TransitionNotAllowed(ValueError):
    pass


@transaction.atomic
def case_open(
    *,
    household: Household,
    detail: str,
    handler: Any,
    actor: Any,
    summary: str = "",
    opened_on: dt.date | None = None,
) -> Case:
    """Open a case; the kind (ZAAKTYPESOORT) follows from the detail's VERA parent."""
    if detail not in codes.ZaaktypeDetailSoort.values:
        raise ValueError(f"Unknown case type {detail!r}")
    case = Case.objects.create(
        household=household,
        kind=codes.ZAAKTYPE_PARENTS[detail],
        detail=detail,
        handler=handler,
        summary=summary.strip(),
        status="AAN",
        opened_on=opened_on or clock.today(),
    )
    CaseStatus.objects.create(case=case, status="AAN", at=clock.now(), by=actor)
    audit_change(actor=actor, obj=case, before=None, household_id=household.id, summary="case")
    return case


class StaleStatus(TransitionNotAllowed):
    """The status changed after the user's page showed it (a second tab, a colleague)."""


@transaction.atomic
def case_change_status(
    *, case: Case, status: str, actor: Any, note: str = "", seen: str | None = None
) -> Case:
    """Append a status; refuse a transition that ``codes.CASE_TRANSITIONS`` does not allow.

    ``seen`` is the status the user's page showed: if it changed since, the change is refused
    (``StaleStatus``) rather than applied to a status the user did not see."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if seen is not None and seen != case.status:
        raise StaleStatus(
            _(
                "Someone else changed the status meanwhile: it is now “%(status)s”. Check and try again."
            )
            % {"status": case.get_status_display()}
        )
    allowed = codes.CASE_TRANSITIONS.get(case.status, ())
    if status not in allowed:
        raise TransitionNotAllowed(f"A case cannot go from {case.status} to {status}.")
    before = snapshot(case)
    CaseStatus.objects.create(case=case, status=status, at=clock.now(), by=actor, note=note)
    case.status = status
    case.closed_on = clock.today() if status in codes.CLOSED_CASE_STATUSES else None
    case.save(update_fields=["status", "closed_on"])
    audit_change(
        actor=actor,
        obj=case,
        before=before,
        household_id=case.household_id,
        summary="case status",
        reason=note,
    )
    return case
