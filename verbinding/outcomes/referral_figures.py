"""Warm referrals: how many partners accepted, and how long until the intake, per partner type.

Aggregates only (no household, partner or advisor names); a partner type with fewer than
:data:`~verbinding.feedback.models.MIN_GROUP` referrals shows no numbers, like the other figures
that could point to a single tenant."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from verbinding.feedback.models import MIN_GROUP
from verbinding.outcomes.figure import DAYS, INT, PCT, TEXT, Column, Figure, pct, quantile
from verbinding.outcomes.scope import Scope, day_start
from verbinding.referrals.models import PartnerKind, Referral, ReferralStatus

ACCEPTED = (ReferralStatus.ACCEPTED, ReferralStatus.INTAKE)


def _referrals(scope: Scope) -> QuerySet[Referral]:
    qs = Referral.objects.filter(
        created_at__gte=day_start(scope.start),
        created_at__lt=day_start(scope.end + dt.timedelta(days=1)),
    )
    households = scope.household_ids()
    if households is not None:
        qs = qs.filter(household_id__in=households)
    staff = scope.staff_ids()
    if staff is not None:
        qs = qs.filter(created_by__in=staff)
    return qs


def referral_outcomes(scope: Scope) -> Figure:
    per_kind: dict[str, list[Any]] = {kind: [] for kind in PartnerKind.values}
    for status, kind, created_at, intake_on, answered_at in _referrals(scope).values_list(
        "status", "partner__kind", "created_at", "intake_on", "answered_at"
    ):
        per_kind.setdefault(kind, []).append((status, created_at, intake_on, answered_at))
    rows: list[list[Any]] = []
    total = accepted_total = 0
    days_all: list[int] = []
    for kind, label in PartnerKind.choices:
        items = per_kind.get(kind, [])
        n = len(items)
        accepted = sum(1 for s, *_rest in items if s in ACCEPTED)
        answered = sum(1 for _s, _c, _i, a in items if a is not None)
        days = sorted((i - timezone.localdate(c)).days for _s, c, i, _a in items if i is not None)
        total += n
        accepted_total += accepted
        days_all.extend(days)
        if n < MIN_GROUP:
            rows.append([label, None, None, None, None, None])
        else:
            rows.append(
                [
                    label,
                    n,
                    answered,
                    accepted,
                    pct(accepted, n),
                    quantile(days, 0.5) if len(days) >= MIN_GROUP else None,
                ]
            )
    shown = total >= MIN_GROUP
    return Figure(
        key="referrals",
        title=_("Warm referrals: accepted, and time to intake"),
        definition=_(
            "Referrals to a partner organisation made in the period, per type of partner. "
            "Accepted = the partner answered 'accepted' or 'intake planned'. Time to intake = "
            "days from the referral to the intake date the partner gave (median). A type with "
            "fewer than %(n)s referrals, or a median of fewer than %(n)s intakes, shows a dash: "
            "small numbers could point to one tenant."
        )
        % {"n": MIN_GROUP},
        headline=[
            (_("referrals"), total if shown else None, INT),
            (_("accepted"), pct(accepted_total, total) if shown else None, PCT),
            (
                _("median days to intake"),
                quantile(sorted(days_all), 0.5) if len(days_all) >= MIN_GROUP else None,
                DAYS,
            ),
        ],
        columns=[
            Column(_("partner type"), TEXT),
            Column(_("referrals")),
            Column(_("answered")),
            Column(_("accepted")),
            Column(_("accepted"), PCT),
            Column(_("median days to intake"), DAYS),
        ],
        rows=rows,
        groups=["" for _r in rows],
    )
