"""Reads for vroegsignalering: the readiness of many tenancies in a bounded number of queries."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from verbinding import clock
from verbinding.arrangements.models import PaymentArrangement
from verbinding.arrears.episodes import episodes_bulk
from verbinding.contacts.models import ContactMoment
from verbinding.earlysignals import rules
from verbinding.earlysignals.models import (
    DATA_FIELDS,
    LEGAL_MINIMUM,
    Evidence,
    Signal,
    SignalDataSet,
    SignalPolicy,
)
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
    fields: tuple[str, ...] = LEGAL_MINIMUM  # the data the reminder announced
    waiting_until: dt.date | None = None  # the tenant may object until this day

    @property
    def household_id(self) -> int:
        return self.tenancy.household_id

    @property
    def fields_words(self) -> str:
        return data_set_words(self.fields)

    @property
    def days_late(self) -> int:
        return rules.days_late(self.readiness.arose_on, clock.today())


def data_set_for(*, tenancy: Tenancy) -> tuple[str, ...]:
    """The data a signal for this tenancy carries: the municipality's agreed set, or the legal
    minimum (contact details and the amount of the arrears)."""
    found = (
        SignalDataSet.objects.filter(
            municipality__districts__neighbourhoods__units__tenancies=tenancy
        )
        .values_list("fields", flat=True)
        .first()
    )
    return tuple(f for f in DATA_FIELDS if f in (found or LEGAL_MINIMUM))


def data_sets_by_municipality() -> list[tuple[Any, tuple[str, ...]]]:
    """Every municipality with the data its signals carry (the legal minimum without a row)."""
    from verbinding.areas.models import Municipality

    agreed = dict(SignalDataSet.objects.values_list("municipality_id", "fields"))
    return [
        (m, tuple(f for f in DATA_FIELDS if f in (agreed.get(m.id) or LEGAL_MINIMUM)))
        for m in Municipality.objects.order_by("name")
    ]


def data_set_words(fields: Collection[str]) -> str:
    """How the reminder names the data set: "uw naam, adres, telefoonnummer en ..."."""
    words = [DATA_FIELDS[f] for f in DATA_FIELDS if f in fields]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " en " + words[-1]


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
    episodes = episodes_bulk(None if household_ids is None else [t.id for t in tenancies], on=today)
    if only_in_arrears:
        tenancies = tenancies.filter(id__in=list(episodes))
    chosen = list(tenancies)
    hh = [t.household_id for t in chosen]
    contacts: dict[int, list[dt.date]] = defaultdict(list)
    for household_id, at in ContactMoment.objects.filter(
        household_id__in=hh, channel__in=codes.PERSONAL_CHANNELS, occurred_at__date__lte=today
    ).values_list("household_id", "occurred_at"):
        contacts[household_id].append(timezone.localdate(at))
    reminders: dict[int, list[tuple[dt.date, bool, list[str]]]] = defaultdict(list)
    for household_id, sent_on, offers, fields in Letter.objects.filter(
        household_id__in=hh,
        kind__in=(LetterKind.REMINDER, LetterKind.FOURTEEN_DAY),
        sent_on__lte=today,
    ).values_list("household_id", "sent_on", "offers_signal", "signal_fields"):
        reminders[household_id].append((sent_on, offers, fields or []))
    evidence: dict[tuple[int, str], list[dt.date]] = defaultdict(list)
    for household_id, kind, on in Evidence.objects.filter(
        household_id__in=hh, on__lte=today
    ).values_list("household_id", "kind", "on"):
        evidence[(household_id, kind)].append(on)
    sent: dict[int, list[dt.date]] = defaultdict(list)
    for tenancy_id, started, signal_date in Signal.objects.filter(tenancy__in=chosen).values_list(
        "tenancy_id", "episode_started_on", "signal_date"
    ):
        sent[tenancy_id].append(started or signal_date)
    running = set(
        PaymentArrangement.objects.filter(tenancy__in=chosen, status="ACT").values_list(
            "tenancy_id", flat=True
        )
    )
    agreed_sets = dict(SignalDataSet.objects.values_list("municipality_id", "fields"))
    result = []
    for t in chosen:
        episode = episodes.get(t.id)
        start = episode.start if episode else None

        def pick(*lists: Collection[dt.date], start: dt.date | None = start) -> dt.date | None:
            ok = [d for days in lists for d in days if rules.in_episode(d, start)]
            return max(ok) if ok else None

        h = t.household_id
        letters = reminders.get(h, [])
        offer_letters = sorted(
            (d, fields) for d, offers, fields in letters if offers and rules.in_episode(d, start)
        )
        municipality = t.unit.neighbourhood.district.municipality
        default_set = agreed_sets.get(municipality.id) or list(LEGAL_MINIMUM)
        r = rules.Readiness(
            arrears_cents=episode.arrears.arrears_cents if episode else 0,
            arose_on=episode.arrears.arose_on if episode else None,
            evidence={
                rules.CONTACT: pick(contacts.get(h, []), evidence.get((h, "contact"), [])),
                rules.DEBT_HELP: pick(evidence.get((h, "debt_help"), [])),
                rules.REMINDER: pick(
                    [d for d, _o, _f in letters], evidence.get((h, "reminder"), [])
                ),
                rules.OFFER: pick([d for d, _f in offer_letters], evidence.get((h, "offer"), [])),
            },
            objection_on=pick(evidence.get((h, "objection"), [])),
            withdrawn_on=pick(evidence.get((h, "withdrawn"), [])),
            municipality_agreed=municipality.receives_signals,
            already_sent=any(rules.in_episode(d, start) for d in sent.get(t.id, [])),
            arrangement_running=t.id in running,
            episode_start=start,
        )
        announced = offer_letters[-1][1] if offer_letters and offer_letters[-1][1] else default_set
        result.append(
            Row(
                tenancy=t,
                readiness=r,
                status=rules.status(
                    r,
                    today=today,
                    days_threshold=policy.days_late,
                    while_arrangement=policy.while_arrangement,
                    waiting_days=policy.waiting_days,
                ),
                fields=tuple(f for f in DATA_FIELDS if f in announced),
                waiting_until=rules.waiting_until(r, policy.waiting_days),
            )
        )
    return result


def due(*, household_ids: Collection[int] | None, today: dt.date) -> list[Row]:
    return [r for r in readiness(household_ids=household_ids, today=today) if r.status == rules.DUE]
