"""Arrears episodes: from the day arrears arise until fully cleared (issue 11, docs/law.md)."""

from __future__ import annotations

import datetime as dt

import pytest

from verbinding.arrears import episodes, rules
from verbinding.testing import factories as f

D = dt.date
RENT = 70000
GRACE = 5


def charge(day: dt.date) -> rules.Entry:
    return rules.Entry(day, "charge", RENT)


def pay(day: dt.date, amount: int = RENT) -> rules.Entry:
    return rules.Entry(day, "payment", -amount)


def test_continuous_arrears_are_one_episode_even_when_the_oldest_month_is_paid():
    """Issue 11: an episode runs until the arrears are fully cleared. Paying January in March
    moves the date the arrears arose to February, but the episode still started on 6 January
    (due 1 January + 5 grace days: art. 6:81 BW default only after the term)."""
    history = [
        charge(D(2026, 1, 1)),
        charge(D(2026, 2, 1)),
        charge(D(2026, 3, 1)),
        pay(D(2026, 3, 10)),
    ]
    today = D(2026, 3, 20)
    state = rules.overdue(history, sum(e.amount_cents for e in history), today, GRACE, RENT)
    assert state.arose_on == D(2026, 2, 1)  # the oldest unpaid month moved forward
    assert episodes.episode_start(history, today, GRACE, RENT) == D(2026, 1, 6)


def test_a_cleared_episode_ends_and_a_new_one_starts_later():
    """Issue 11: evidence from an earlier, cleared episode does not count; a new episode starts
    when arrears arise again after a day with nothing overdue."""
    history = [
        charge(D(2026, 1, 1)),
        charge(D(2026, 2, 1)),
        pay(D(2026, 2, 3), 2 * RENT),  # everything cleared on 3 February
        charge(D(2026, 3, 1)),
        charge(D(2026, 4, 1)),
    ]
    assert episodes.episode_start(history, D(2026, 2, 4), GRACE, RENT) is None
    assert episodes.episode_start(history, D(2026, 4, 20), GRACE, RENT) == D(2026, 3, 6)


def test_rent_within_its_grace_period_is_no_episode():
    """The one arrears rule (arrears.rules.in_default): due today or within the grace days is not
    arrears, so no episode has started."""
    history = [charge(D(2026, 3, 1))]
    assert episodes.episode_start(history, D(2026, 3, 5), GRACE, RENT) is None
    assert episodes.episode_start(history, D(2026, 3, 6), GRACE, RENT) == D(2026, 3, 6)


@pytest.mark.today(D(2026, 4, 20))
def test_current_episode_reads_the_ledger(db):
    """The loader uses the ledger and the arrears policy's grace days (default 5)."""
    tenancy = f.TenancyFactory(rent_cents=RENT)
    for day in (D(2026, 1, 1), D(2026, 2, 1), D(2026, 3, 1), D(2026, 4, 1)):
        f.LedgerEntryFactory(tenancy=tenancy, booked_on=day, amount_cents=RENT)
    f.LedgerEntryFactory(
        tenancy=tenancy, booked_on=D(2026, 2, 2), amount_cents=-RENT, kind="payment"
    )
    f.LedgerEntryFactory(
        tenancy=tenancy, booked_on=D(2026, 2, 3), amount_cents=-RENT, kind="payment"
    )
    episode = episodes.current_episode(tenancy.id, on=D(2026, 4, 20))
    assert episode is not None and episode.start == D(2026, 3, 6)
    assert episode.covers(D(2026, 3, 6)) and not episode.covers(D(2026, 3, 5))
    assert episodes.current_episode(tenancy.id, on=D(2026, 2, 4)) is None
