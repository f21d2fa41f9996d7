"""Worklist source: a referral the partner has not answered within five working days."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from verbinding.db.ids import OneOf
from verbinding.db.prepared import IDS, Prepared
from verbinding.referrals import rules
from verbinding.referrals.models import Referral, ReferralStatus
from verbinding.worklist.sources import WorkItem

RANK = 45


# Compiled once (verbinding.db.prepared): building the query cost more than running it.
SENT = Prepared(
    lambda ids: (
        Referral.objects.filter(
            OneOf("household_id", ids, semi_join=True),  # planned faster (db.ids)
            status=ReferralStatus.SENT,
            consent_revoked_at__isnull=True,
        )
        .order_by("household_id", "created_at")
        .values_list("household_id", "created_at", "partner__name")
    ),
    ids=IDS,
)


class UnansweredReferrals:
    name = "referrals"
    resolved_by = _("the partner's answer through the link, or the consent being revoked")

    def items(self, *, household_ids: Sequence[int], today: dt.date) -> Iterable[WorkItem]:
        # The household ids go to the database as one parameter, whatever their number.
        for household_id, created_at, partner_name in SENT.rows(ids=household_ids):
            sent = timezone.localdate(created_at)
            if not rules.is_overdue(sent, today):
                continue
            yield WorkItem(
                household_id=household_id,
                source=self.name,
                kind="unanswered",
                rank=RANK,
                reason=_("No answer from %(partner)s yet (referred on %(date)s)")
                % {"partner": partner_name, "date": date_format(sent)},
                suggestion=_("Call the partner: a warm referral only works when it lands."),
                since=rules.add_working_days(sent, rules.ANSWER_WITHIN_WORKING_DAYS),
                url=reverse("referrals:household", args=[household_id]),
            )
