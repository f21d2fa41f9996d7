"""Worklist source: a referral the partner has not answered within five working days."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from verbinding.contacts.worklist import chunks
from verbinding.referrals import rules
from verbinding.referrals.models import Referral, ReferralStatus
from verbinding.worklist.sources import HouseholdIds, WorkItem

RANK = 45


class UnansweredReferrals:
    name = "referrals"
    resolved_by = _("the partner's answer through the link, or the consent being revoked")

    def items(self, *, household_ids: Sequence[int], today: dt.date) -> Iterable[WorkItem]:
        parts = (
            [household_ids]
            if isinstance(household_ids, HouseholdIds)
            else chunks(list(household_ids))
        )
        for part in parts:
            rows = (
                Referral.objects.filter(
                    household_id__in=part,
                    status=ReferralStatus.SENT,
                    consent_revoked_at__isnull=True,
                )
                .select_related("partner")
                .order_by("household_id", "created_at")
            )
            for r in rows:
                sent = timezone.localdate(r.created_at)
                if not rules.is_overdue(sent, today):
                    continue
                yield WorkItem(
                    household_id=r.household_id,
                    source=self.name,
                    kind="unanswered",
                    rank=RANK,
                    reason=_("No answer from %(partner)s yet (referred on %(date)s)")
                    % {"partner": r.partner.name, "date": date_format(sent)},
                    suggestion=_("Call the partner: a warm referral only works when it lands."),
                    since=rules.add_working_days(sent, rules.ANSWER_WITHIN_WORKING_DAYS),
                    url=reverse("referrals:household", args=[r.household_id]),
                )
