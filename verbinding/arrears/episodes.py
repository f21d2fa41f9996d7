"""Arrears episodes: from the day arrears arise until they are fully cleared.

An episode is a run of days on which the tenancy is in arrears by the one rule
(``rules.overdue``: a charge counts once its due date plus the grace days have passed). Paying the
oldest month while later months stay unpaid does not end the episode, even though the "date the
arrears arose" (``Arrears.arose_on``) moves forward: only a day with nothing overdue ends it.

Everything that must happen "in this episode" (the escalation guardrails, the 14-dagenbrief's
"we wrote to you before", the early signal and an objection to it) filters its evidence to
``date >= episode.start``. See docs/law.md.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from verbinding.arrears import history, rules


@dataclass(frozen=True)
class Episode:
    """The current arrears episode of one tenancy on ``on``."""

    tenancy_id: int
    start: dt.date  # the first day of the current, uninterrupted arrears
    arrears: rules.Arrears  # the arrears on ``on``

    def covers(self, day: dt.date | None) -> bool:
        """Whether evidence dated ``day`` belongs to this episode."""
        return day is not None and day >= self.start


def _changes(entries: Sequence[rules.Entry], grace_days: int, upto: dt.date) -> list[dt.date]:
    """The days on which being in arrears can change: a booking, or a charge leaving its grace."""
    days = {e.booked_on for e in entries}
    days.update(e.due + dt.timedelta(days=grace_days) for e in entries if rules.is_charge(e))
    return sorted(d for d in days if d <= upto)


def episode_start(
    entries: Sequence[rules.Entry], today: dt.date, grace_days: int, rent_cents: int = 0
) -> dt.date | None:
    """The first day of the arrears episode running on ``today`` (None: not in arrears today).

    ``entries``: every ledger entry up to ``today``, oldest first (``history.entries``).
    """
    upto = [e for e in entries if e.booked_on <= today]
    balance = sum(e.amount_cents for e in upto)
    if not rules.overdue(upto, balance, today, grace_days, rent_cents).in_arrears:
        return None
    # Nothing can be overdue on a day the running balance is nil or in credit: start after the
    # last such booking (this keeps long histories cheap).
    floor = upto[0].booked_on if upto else today
    running = 0
    for index, e in enumerate(upto):
        running += e.amount_cents
        if running <= 0 and index + 1 < len(upto):
            floor = upto[index + 1].booked_on
    candidates = [d for d in _changes(upto, grace_days, today) if d >= floor] or [today]
    start: dt.date | None = None
    for day in candidates:
        part = [e for e in upto if e.booked_on <= day]
        owed = sum(e.amount_cents for e in part)
        if rules.overdue(part, owed, day, grace_days, rent_cents).in_arrears:
            if start is None:
                start = day
        else:
            start = None
    return start


def episodes_bulk(
    tenancy_ids: Collection[int] | None,
    *,
    on: dt.date,
    grace_days: int | None = None,
    rents: dict[int, int] | None = None,
) -> dict[int, Episode]:
    """The current episode of each tenancy in arrears on ``on`` (others are absent). Callers that
    hold the policy's grace days or the rents already may pass them (fewer queries)."""
    from verbinding.households.models import Tenancy

    grace = history.policy_on(on).grace_days if grace_days is None else grace_days
    ids = list(history.arrears_bulk(None, today=on)) if tenancy_ids is None else list(tenancy_ids)
    if not ids:
        return {}
    entries = history.entries(ids, upto=on)
    rents = dict(rents or {})
    for start in range(0, 0 if all(i in rents for i in ids) else len(ids), history.CHUNK):
        rents.update(
            Tenancy.objects.filter(id__in=ids[start : start + history.CHUNK]).values_list(
                "id", "rent_cents"
            )
        )
    result: dict[int, Episode] = {}
    for tid in ids:
        rows = entries.get(tid, [])
        rent = rents.get(tid, 0)
        state = rules.overdue(rows, sum(e.amount_cents for e in rows), on, grace, rent)
        if not state.in_arrears:
            continue
        began = episode_start(rows, on, grace, rent) or state.arose_on or on
        result[tid] = Episode(tid, began, state)
    return result


def current_episode(
    tenancy_id: int, *, on: dt.date, grace_days: int | None = None, rent_cents: int | None = None
) -> Episode | None:
    """The arrears episode of one tenancy running on ``on`` (None when nothing is overdue)."""
    rents = {tenancy_id: rent_cents} if rent_cents is not None else None
    return episodes_bulk([tenancy_id], on=on, grace_days=grace_days, rents=rents).get(tenancy_id)
