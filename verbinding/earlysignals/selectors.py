"""Reads for vroegsignalering: the readiness of many tenancies in a bounded number of queries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from django.db.models import Max
from django.utils import timezone

from verbinding import clock
from verbinding.arrangements.models import PaymentArrangement
from verbinding.arrears.history import arrears_bulk
from verbinding.contacts.models import ContactMoment
from verbinding.earlysignals import rules
from verbinding.earlysignals.models import Evidence, Signal, SignalPolicy
from verbinding.households.models import Tenancy
from verbinding.letters.models import Letter, LetterKind
from verbinding.vera import codes


def policy_current(*, on: dt.date) -> SignalPolicy:
    policy = SignalPolicy.objects.filter(valid_from__lte=on).first()
    if policy is None:
        policy = SignalPolicy.objects.order_by("valid_from").first() or SignalPolicy.objects.create(
            valid_from=dt.date(2021, 1, 1), note="Standaard: 30 dagen (VNG-model)"
        )
    return policy


@dataclass
class Row:
    tenancy: Tenancy
    readiness: rules.Readiness
    status: str

    @property
    def household_id(self) -> int:
        return self.tenancy.household_id

    @property
    def days_late(self) -> int:
        return rules.days_late(self.readiness.arose_on, clock.today())


def _latest(rows: Any, key: str = "household_id") -> dict[Any, dt.date]:
    return {r[key]: r["m"] for r in rows}


def readiness(
    *, household_ids: Collection[int] | None, today: dt.date, only_in_arrears: bool = True
) -> list[Row]:
    """The checklist for every active tenancy of these households (``None``: all)."""
    policy = policy_current(on=today)
    tenancies = Tenancy.objects.filter(status__in=codes.ACTIVE_TENANCY_STATUSES).select_related(
        "household", "unit__neighbourhood__district__municipality"
    )
    if household_ids is not None:
        tenancies = tenancies.filter(household_id__in=list(household_ids))
    arrears = arrears_bulk(
        None if household_ids is None else [t.id for t in tenancies], today=today
    )
    if only_in_arrears:
        tenancies = tenancies.filter(id__in=list(arrears))
    chosen = list(tenancies)
    hh = [t.household_id for t in chosen]
    contact = {
        r["household_id"]: timezone.localdate(r["m"])
        for r in ContactMoment.objects.filter(
            household_id__in=hh,
            channel__in=codes.PERSONAL_CHANNELS,
            occurred_at__lt=clock.start_of(today + dt.timedelta(days=1)),
        )
        .values("household_id")
        .annotate(m=Max("occurred_at"))
    }
    letters = Letter.objects.filter(
        household_id__in=hh,
        kind__in=(LetterKind.REMINDER, LetterKind.FOURTEEN_DAY),
        sent_on__lte=today,
    )
    reminder = _latest(letters.values("household_id").annotate(m=Max("sent_on")))
    offer = _latest(
        letters.filter(offers_signal=True).values("household_id").annotate(m=Max("sent_on"))
    )
    evidence: dict[tuple[int, str], dt.date] = {
        (r["household_id"], r["kind"]): r["m"]
        for r in Evidence.objects.filter(household_id__in=hh, on__lte=today)
        .values("household_id", "kind")
        .annotate(m=Max("on"))
    }
    sent = set(Signal.objects.filter(tenancy__in=chosen).values_list("tenancy_id", "arose_on"))
    running = set(
        PaymentArrangement.objects.filter(tenancy__in=chosen, status="ACT").values_list(
            "tenancy_id", flat=True
        )
    )
    result = []
    for t in chosen:
        facts = arrears.get(t.id)
        arose = facts.arose_on if facts else None

        def pick(*days: dt.date | None, arose: dt.date | None = arose) -> dt.date | None:
            ok = [d for d in days if d is not None and rules.in_episode(d, arose)]
            return max(ok) if ok else None

        h = t.household_id
        r = rules.Readiness(
            arrears_cents=facts.arrears_cents if facts else 0,
            arose_on=arose,
            evidence={
                rules.CONTACT: pick(contact.get(h), evidence.get((h, "contact"))),
                rules.DEBT_HELP: pick(evidence.get((h, "debt_help"))),
                rules.REMINDER: pick(reminder.get(h), evidence.get((h, "reminder"))),
                rules.OFFER: pick(offer.get(h), evidence.get((h, "offer"))),
            },
            objection_on=pick(evidence.get((h, "objection"))),
            withdrawn_on=pick(evidence.get((h, "withdrawn"))),
            municipality_agreed=t.unit.neighbourhood.district.municipality.receives_signals,
            already_sent=(t.id, arose) in sent,
            arrangement_running=t.id in running,
        )
        result.append(
            Row(
                tenancy=t,
                readiness=r,
                status=rules.status(
                    r,
                    today=today,
                    days_threshold=policy.days_late,
                    while_arrangement=policy.while_arrangement,
                ),
            )
        )
    return result


def due(*, household_ids: Collection[int] | None, today: dt.date) -> list[Row]:
    return [r for r in readiness(household_ids=household_ids, today=today) if r.status == rules.DUE]
