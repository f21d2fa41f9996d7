"""Worklist source: agreements from the joint plan whose date has come.

An agreement the advisor owns is the advisor's own task. An agreement the tenant, a network member
or an agency owns becomes a reminder to call and ask how it went (the plan's advisor gets it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any, cast

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from verbinding.db.ids import OneOf
from verbinding.db.prepared import DATE, IDS, Prepared
from verbinding.network.models import NetworkMember
from verbinding.plans.models import Agreement, AgreementState, owner_label
from verbinding.plans.rules import FOLLOWED_BY_ADVISOR
from verbinding.web.dates import day_text
from verbinding.worklist import resolution
from verbinding.worklist.sources import WorkItem

RANK_OWN_TASK = 30
RANK_REMINDER = 40


def _agreements_due(ids: Sequence[int], today: dt.date) -> QuerySet[Any, Any]:
    return (
        Agreement.objects.filter(
            OneOf("plan__household_id", ids, semi_join=True),  # planned faster (db.ids)
            status=AgreementState.OPEN,
            due_on__lte=today,
        )
        # the member's name per row: joining network members made PostgreSQL hash all of them
        # (30,000 at 100k households) for a few rows
        .annotate(
            member_name=Subquery(
                NetworkMember.objects.filter(pk=OuterRef("owner_member_id"))
                .order_by()
                .values("name")[:1]
            )
        )
        .order_by("plan__household_id", "due_on", "id")
        .values_list(
            "plan__household_id",
            "plan__advisor_id",
            "what",
            "due_on",
            "owner_kind",
            "owner_user_id",
            "owner_name",
            "owner_member_id",
            "member_name",
        )
    )


# Compiled once (verbinding.db.prepared): building the query cost more than running it.
AGREEMENTS_DUE = Prepared(_agreements_due, ids=IDS, today=DATE)


def _own_reason(due_on: dt.date | None, what: str) -> str:
    when = day_text(due_on) if due_on else ""
    return _("For the advisor, by %(date)s: %(what)s") % {"date": when, "what": what}


def _call_reason(
    owner_kind: str,
    owner_name: str,
    owner_member_id: int | None,
    member_name: str | None,
    due_on: dt.date | None,
    what: str,
) -> str:
    # the owner's label from the row's fields (never the advisor: that is an own task)
    agreement = Agreement(
        owner_kind=owner_kind, owner_name=owner_name, owner_member_id=owner_member_id
    )
    return _("%(who)s would do this by %(date)s: %(what)s") % {
        "who": owner_label(agreement, member_name=member_name or ""),
        "date": day_text(due_on) if due_on else "",
        "what": what,
    }


# Rendered when shown (only the rows on the page), in the language of the request.
_lazy_own_reason = lazy(_own_reason, str)
_lazy_call_reason = lazy(_call_reason, str)
OWN_SUGGESTION = cast(str, gettext_lazy("Do it, or tell the tenant when it will happen."))
CALL_SUGGESTION = cast(str, gettext_lazy("Call to ask how it went, and encourage them."))


class AgreementsDue:
    name = "plans.agreements"
    # Own task: off when marked done / did not work out / cancelled, or given a new date.
    # Reminder to call: the same, or after a personal contact on or after the agreed date.
    resolved_by = {"call_reminder": (resolution.PERSONAL_CONTACT,)}

    def items(self, *, household_ids: Sequence[int], today: dt.date) -> Iterable[WorkItem]:
        # The household ids go to the database as one parameter, whatever their number.
        seen: set[tuple[int, str]] = set()
        for row in AGREEMENTS_DUE.rows(ids=household_ids, today=today):
            household_id, advisor_id, what, due_on, owner_kind, owner_user_id = row[:6]
            own = owner_kind in FOLLOWED_BY_ADVISOR
            key = (household_id, "own" if own else "call")
            if key in seen:
                continue  # one entry of each kind per household: the oldest agreement
            seen.add(key)
            if own:
                yield WorkItem(
                    household_id=household_id,
                    source=self.name,
                    kind="agreement_due",
                    rank=RANK_OWN_TASK,
                    reason=_lazy_own_reason(due_on, what),
                    suggestion=OWN_SUGGESTION,
                    since=due_on,
                    assignee_id=owner_user_id,
                )
            else:
                owner_name, owner_member_id, member_name = row[6:]
                yield WorkItem(
                    household_id=household_id,
                    source=self.name,
                    kind="call_reminder",
                    rank=RANK_REMINDER,
                    reason=_lazy_call_reason(
                        owner_kind, owner_name, owner_member_id, member_name, due_on, what
                    ),
                    suggestion=CALL_SUGGESTION,
                    since=due_on,
                    assignee_id=advisor_id,
                )
