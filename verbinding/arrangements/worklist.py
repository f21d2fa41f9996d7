"""Worklist sources: missed instalments (for the advisor) and exceptions waiting for the team lead.

Two queries whatever the number of households. A missed instalment *suggests* a next step (call,
then a home visit); it never escalates by itself (domain.md §3).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence

from django.utils.translation import gettext as _

from verbinding.arrangements.models import (
    ApprovalState,
    Instalment,
    InstalmentStatus,
    PaymentArrangement,
)
from verbinding.db.ids import OneOf
from verbinding.db.prepared import IDS, Prepared
from verbinding.worklist import resolution
from verbinding.worklist.sources import WorkItem, url_with_id

RANK_MISSED_AGAIN = 2
RANK_MISSED = 3
RANK_APPROVAL = 2


# Compiled once (verbinding.db.prepared): building the queries cost more than running them.
MISSED = Prepared(
    lambda ids: (
        Instalment.objects.filter(
            OneOf("arrangement__household_id", ids, semi_join=True),  # planned faster (db.ids)
            arrangement__status="ACT",
            status__in=(InstalmentStatus.MISSED, InstalmentStatus.PARTLY_PAID),
        )
        .order_by("due_on")
        .values_list("arrangement_id", "arrangement__household_id", "due_on")
    ),
    ids=IDS,
)
PENDING = Prepared(
    lambda ids: PaymentArrangement.objects.filter(
        OneOf("household_id", ids), approval=ApprovalState.PENDING, status="AAN"
    ).values_list("id", "household_id", "approver_id", "created_on", "exception_reason"),
    ids=IDS,
)


class ArrangementSource:
    name = "arrangements"
    # What takes an item off (docs/worklist.md): a missed instalment is off once paid (tracking),
    # or after a call (once) or a home visit (missed again), as its suggestion asks; a request
    # waiting for the team lead is off once decided or replaced.
    resolved_by = {
        "instalment_missed": (resolution.PERSONAL_CONTACT,),
        "instalment_missed_again": (resolution.VISIT,),
    }

    def items(self, *, household_ids: Sequence[int], today: dt.date) -> Iterable[WorkItem]:
        missed: dict[int, list[tuple[int, dt.date]]] = defaultdict(list)
        for arrangement_id, household_id, due_on in MISSED.rows(ids=household_ids):
            missed[arrangement_id].append((household_id, due_on))
        for arrangement_id, insts in missed.items():
            again = len(insts) > 1
            yield WorkItem(
                household_id=insts[0][0],
                source=self.name,
                kind="instalment_missed_again" if again else "instalment_missed",
                rank=RANK_MISSED_AGAIN if again else RANK_MISSED,
                reason=_("%(n)s instalment(s) of the payment arrangement not (fully) paid.")
                % {"n": len(insts)},
                suggestion=(
                    _(
                        "Visit at home: ask what is going on, and whether the arrangement still fits."
                    )
                    if again
                    else _("Call: ask what happened and agree when the missed amount is paid.")
                ),
                since=insts[0][1],
                url=url_with_id("arrangements:detail", arrangement_id),
            )
        for pk, household_id, approver_id, created_on, exception_reason in PENDING.rows(
            ids=household_ids
        ):
            yield WorkItem(
                household_id=household_id,
                source=self.name,
                kind="arrangement_approval",
                rank=RANK_APPROVAL,
                reason=_("A payment arrangement outside the margins waits for your decision: %(r)s")
                % {"r": exception_reason},
                suggestion=_("Approve or decline it; the tenant's proposal is on the page."),
                since=created_on,
                url=url_with_id("arrangements:detail", pk),
                assignee_id=approver_id,
            )
