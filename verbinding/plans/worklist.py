"""Worklist source: agreements from the joint plan whose date has come.

An agreement the advisor owns is the advisor's own task. An agreement the tenant, a network member
or an agency owns becomes a reminder to call and ask how it went (the plan's advisor gets it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from django.db.models import OuterRef, Subquery
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from verbinding.contacts.worklist import chunks
from verbinding.network.models import NetworkMember
from verbinding.plans.models import Agreement, AgreementState, owner_label
from verbinding.plans.rules import FOLLOWED_BY_ADVISOR
from verbinding.worklist import resolution
from verbinding.worklist.sources import HouseholdIds, WorkItem

RANK_OWN_TASK = 30
RANK_REMINDER = 40


class AgreementsDue:
    name = "plans.agreements"
    # Own task: off when marked done / did not work out / cancelled, or given a new date.
    # Reminder to call: the same, or after a personal contact on or after the agreed date.
    resolved_by = {"call_reminder": (resolution.PERSONAL_CONTACT,)}

    def items(self, *, household_ids: Sequence[int], today: dt.date) -> Iterable[WorkItem]:
        # HouseholdIds goes to the database as one parameter; a plain list is chunked.
        parts = (
            [household_ids]
            if isinstance(household_ids, HouseholdIds)
            else chunks(list(household_ids))
        )
        for part in parts:
            rows = (
                Agreement.objects.filter(
                    plan__household_id__in=part,
                    status=AgreementState.OPEN,
                    due_on__lte=today,
                )
                .select_related("plan", "owner_user")
                # the member's name per row: joining network members made PostgreSQL hash all of
                # them (30,000 at 100k households) for a few rows
                .annotate(
                    member_name=Subquery(
                        NetworkMember.objects.filter(pk=OuterRef("owner_member_id"))
                        .order_by()
                        .values("name")[:1]
                    )
                )
                .order_by("plan__household_id", "due_on", "id")
            )
            seen: set[tuple[int, str]] = set()
            for a in rows:
                own = a.owner_kind in FOLLOWED_BY_ADVISOR
                key = (a.plan.household_id, "own" if own else "call")
                if key in seen:
                    continue  # one entry of each kind per household: the oldest agreement
                seen.add(key)
                when = date_format(a.due_on) if a.due_on else ""
                if own:
                    yield WorkItem(
                        household_id=a.plan.household_id,
                        source=self.name,
                        kind="agreement_due",
                        rank=RANK_OWN_TASK,
                        reason=_("For the advisor, by %(date)s: %(what)s")
                        % {"date": when, "what": a.what},
                        suggestion=_("Do it, or tell the tenant when it will happen."),
                        since=a.due_on,
                        assignee_id=a.owner_user_id,
                    )
                else:
                    yield WorkItem(
                        household_id=a.plan.household_id,
                        source=self.name,
                        kind="call_reminder",
                        rank=RANK_REMINDER,
                        reason=_("%(who)s would do this by %(date)s: %(what)s")
                        % {
                            "who": owner_label(a, member_name=a.member_name or ""),
                            "date": when,
                            "what": a.what,
                        },
                        suggestion=_("Call to ask how it went, and encourage them."),
                        since=a.due_on,
                        assignee_id=a.plan.advisor_id,
                    )
