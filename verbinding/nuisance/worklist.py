"""Worklist source: new nuisance reports, parties not yet heard, follow-ups due.

One bounded query whatever the number of households. Items are attached to the
complained-about household (the case's household), which is where the advisor acts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.db.models import (
    DateField,
    Exists,
    F,
    Field,
    Func,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
)
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from verbinding.db.ids import OneOf
from verbinding.db.prepared import DATE, IDS, Prepared
from verbinding.nuisance import rules
from verbinding.nuisance.models import (
    Account,
    Invitation,
    NuisanceCase,
    Party,
    Report,
    StepTaken,
)
from verbinding.vera import codes
from verbinding.worklist.sources import WorkItem, url_with_id

RANK_NEW_REPORT = 2
RANK_NOT_HEARD = 3
RANK_FOLLOW_UP = 4


OPEN_CASE_FIELDS = (
    "id",
    "case__household_id",
    "case__handler_id",
    "case__opened_on",
    "new_reports",
    "first_new",
    "complained",
    "heard",
    "invitations",
    "last_invited",
    "due_step",
    "due_on",
)


def _per_case(qs: QuerySet[Any, Any], function: str, field: str, kind: Field[Any, Any]) -> Any:
    """One aggregate over a case's rows, as a subquery (COUNT gives 0 when there are none)."""
    return Subquery(
        qs.order_by().annotate(v=Func(F(field), function=function, output_field=kind)).values("v")
    )


def _open_cases(ids: Sequence[int], today: dt.date) -> QuerySet[Any, Any]:
    """Per open case of these households: the reports not yet taken up, the complained-about
    parties heard and invited, and the earliest follow-up due (not done) with its step.

    Each figure is a subquery on the case's own rows (an advisor has a few dozen open cases):
    joining reports, parties, accounts and invitations to group them read those tables whole
    (~10 ms at 100k households)."""
    case = OuterRef("pk")
    due = StepTaken.objects.filter(
        nuisance_case=case, follow_up_on__lte=today, follow_up_done=False
    ).order_by("follow_up_on", "id")
    new = Report.objects.filter(nuisance_case=case, acknowledged_on=None)
    complained = Party.objects.filter(nuisance_case=case, role="BEK")
    invited = Invitation.objects.filter(party__nuisance_case=case, party__role="BEK")
    # estimate=False: planned knowing the ids this took 1.9 ms to plan and 3.1 ms to run (2,400
    # households, PostgreSQL, 100k); with the ids hidden 0.5 + 1.3 ms (verbinding.db.ids).
    open_cases = NuisanceCase.objects.filter(
        OneOf("case__household_id", ids, estimate=False)
    ).exclude(case__status__in=codes.CLOSED_CASE_STATUSES)
    return (
        open_cases.annotate(
            new_reports=_per_case(new, "COUNT", "id", IntegerField()),
            first_new=_per_case(new, "MIN", "received_on", DateField()),
            complained=_per_case(complained, "COUNT", "id", IntegerField()),
            heard=_per_case(
                complained.filter(Exists(Account.objects.filter(party=OuterRef("pk")))),
                "COUNT",
                "id",
                IntegerField(),
            ),
            invitations=_per_case(invited, "COUNT", "id", IntegerField()),
            last_invited=_per_case(invited, "MAX", "sent_on", DateField()),
            due_step=Subquery(due.values("step")[:1]),
            due_on=Subquery(due.values("follow_up_on")[:1]),
        )
        .order_by("id")
        .values_list(*OPEN_CASE_FIELDS)
    )


# Compiled once (verbinding.db.prepared): building the queries cost more than running them.
OPEN_CASES = Prepared(_open_cases, ids=IDS, today=DATE)


class NuisanceSource:
    name = "nuisance"
    # Resolved by state only (docs/worklist.md): a new report is off once acknowledged (a first
    # step recorded), 'not heard' once their side is recorded or an invitation sent (it returns
    # when the invitation goes unanswered), a follow-up once marked done or the case is closed.
    resolved_by: dict[str, tuple[str, ...]] = {}

    def items(self, *, household_ids: Sequence[int], today: dt.date) -> Iterable[WorkItem]:
        if not household_ids:
            return []
        rows = [
            dict(zip(OPEN_CASE_FIELDS, row, strict=True))
            for row in OPEN_CASES.rows(ids=household_ids, today=today)
        ]
        out: list[WorkItem] = []
        for row in rows:
            url = url_with_id("nuisance:detail", row["id"])
            household_id = row["case__household_id"]
            if row["new_reports"]:
                out.append(
                    WorkItem(
                        household_id=household_id,
                        source=self.name,
                        kind="nuisance_new_report",
                        rank=RANK_NEW_REPORT,
                        reason=ngettext(
                            "New nuisance report about this household.",
                            "%(n)d new nuisance reports about this household.",
                            row["new_reports"],
                        )
                        % {"n": row["new_reports"]},
                        suggestion=_("Read the report and choose a first step."),
                        since=row["first_new"],
                        url=url,
                    )
                )
            if row["heard"] < row["complained"]:
                invites = [row["last_invited"]] * min(row["invitations"], 2)
                state = rules.invitation_state(invites, False, today)
                if state == "invited":
                    continue
                reason = {
                    "not_invited": _("The complained-about party has not been heard yet."),
                    "second_due": _("No response to the invitation to give their side."),
                    "no_response": _("No response to two invitations to give their side."),
                }[state]
                suggestion = {
                    "not_invited": _("Invite them to tell their side of the story."),
                    "second_due": _("Send a second invitation, preferably in person."),
                    "no_response": _("Try a home visit, or discuss the next step with your lead."),
                }[state]
                out.append(
                    WorkItem(
                        household_id=household_id,
                        source=self.name,
                        kind="nuisance_not_heard",
                        rank=RANK_NOT_HEARD,
                        reason=reason,
                        suggestion=suggestion,
                        since=row["last_invited"] or row["case__opened_on"],
                        url=url,
                    )
                )
        # each case's earliest follow-up due, in the order of their dates
        due = sorted((r for r in rows if r["due_on"] is not None), key=lambda r: r["due_on"])
        for step in due:
            if step["due_step"] == "mediation":
                reason = _("Mediation was started a while ago: is there an outcome?")
                suggestion = _("Ask the mediators how it went and record the outcome.")
            else:
                reason = _("A follow-up in a nuisance case is due.")
                suggestion = _("Check with both parties how things are now.")
            out.append(
                WorkItem(
                    household_id=step["case__household_id"],
                    source=self.name,
                    kind="nuisance_follow_up",
                    rank=RANK_FOLLOW_UP,
                    reason=reason,
                    suggestion=suggestion,
                    since=step["due_on"],
                    url=url_with_id("nuisance:detail", step["id"]),
                )
            )
        return out
