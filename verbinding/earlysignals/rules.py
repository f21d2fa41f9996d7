"""The readiness checklist and when a signal is due, as plain functions.

Besluit gemeentelijke schuldhulpverlening art. 2 (domain.md §2): the landlord passes on the contact
details and the arrears once it has (a) tried to reach the tenant in person, (b) pointed the tenant
to debt help, (c) sent at least one written reminder, and (d) offered in that reminder to pass on the
contact details, and the tenant did not object. An objection blocks the signal; being unreachable
does not (a failed attempt counts for (a)). Only evidence from the current arrears episode counts
(``arrears.episodes``: from the day arrears arose until fully cleared), so an objection stays in
force for the whole episode, also when the oldest month is paid, until the tenant withdraws it;
and one signal is sent per episode.

The reminder's promise is kept: no signal before the waiting period it announces ("laat het ons
binnen 14 dagen weten", ``SignalPolicy.waiting_days``, read by the reminder's text too) has passed
since the reminder that offered to pass on the data (domain.md §2).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

CONTACT, DEBT_HELP, REMINDER, OFFER = "contact", "debt_help", "reminder", "offer"
STEPS = (CONTACT, DEBT_HELP, REMINDER, OFFER)

DUE = "due"
NOT_IN_ARREARS = "not_in_arrears"
TOO_EARLY = "too_early"
NOT_READY = "not_ready"
OBJECTED = "objected"
NO_AGREEMENT = "no_agreement"
ALREADY_SENT = "already_sent"
ARRANGEMENT = "arrangement"
WAITING = "waiting"


@dataclass(frozen=True)
class Readiness:
    arrears_cents: int
    arose_on: dt.date | None
    evidence: dict[str, dt.date | None]  # step -> latest date (None: missing)
    objection_on: dt.date | None = None
    withdrawn_on: dt.date | None = None
    municipality_agreed: bool = True
    already_sent: bool = False
    arrangement_running: bool = False
    episode_start: dt.date | None = None

    @property
    def objected(self) -> bool:
        if self.objection_on is None:
            return False
        return self.withdrawn_on is None or self.withdrawn_on < self.objection_on

    @property
    def missing(self) -> list[str]:
        return [step for step in STEPS if self.evidence.get(step) is None]


def days_late(arose_on: dt.date | None, today: dt.date) -> int:
    return (today - arose_on).days if arose_on else 0


def waiting_until(r: Readiness, waiting_days: int) -> dt.date | None:
    """The last day the tenant may still object after the reminder that offered to pass on the
    data (None: no such reminder in this episode)."""
    offered = r.evidence.get(OFFER)
    return offered + dt.timedelta(days=waiting_days) if offered else None


def status(
    r: Readiness,
    *,
    today: dt.date,
    days_threshold: int,
    while_arrangement: bool = True,
    waiting_days: int = 14,
) -> str:
    """One status; the order is the order of the reasons a signal is not sent."""
    if r.arrears_cents <= 0 or r.arose_on is None:
        return NOT_IN_ARREARS
    if r.already_sent:
        return ALREADY_SENT
    if r.objected:
        return OBJECTED
    if not r.municipality_agreed:
        return NO_AGREEMENT
    if r.arrangement_running and not while_arrangement:
        return ARRANGEMENT
    if days_late(r.arose_on, today) < days_threshold:
        return TOO_EARLY
    if r.missing:
        return NOT_READY
    until = waiting_until(r, waiting_days)
    if until is not None and today <= until:
        return WAITING
    return DUE


def in_episode(day: dt.date | None, episode_start: dt.date | None) -> bool:
    return day is not None and episode_start is not None and day >= episode_start
