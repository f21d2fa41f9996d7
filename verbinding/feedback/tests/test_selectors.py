from __future__ import annotations

import datetime as dt

import pytest

from verbinding.feedback import selectors, services
from verbinding.feedback.models import Via
from verbinding.feedback.tests.conftest import make_contact

pytestmark = pytest.mark.django_db


def rate(cast, channel, grades, named=False, author=None, household=None):
    for g in grades:
        c = make_contact(household or cast.north_household, author or cast.advisor, channel=channel)
        services.appreciation_give(contact=c, grade=g, via=Via.LINK, named=named)


def test_figures_per_channel_show_the_mean_and_the_number_of_answers(cast):
    rate(cast, "BEZ", [8, 9, 7, 8, 8])  # mean 8.0
    rate(cast, "EMA", [6, 7, 5, 6, 6, 6])  # mean 6.0
    rate(cast, "BRI", [9, 9, 9])  # too few to show
    figures = {f.channel: f for f in selectors.by_channel(selectors.answers_in())}
    assert (figures["BEZ"].answers, figures["BEZ"].mean) == (5, 8.0)
    assert (figures["EMA"].answers, figures["EMA"].mean) == (6, 6.0)
    assert (figures["BRI"].answers, figures["BRI"].mean) == (3, None)
    assert next(f.channel for f in selectors.by_channel(selectors.answers_in())) == "BEZ"


def test_personal_contact_is_compared_with_the_other_channels(cast):
    rate(cast, "BEZ", [8, 8, 8])
    rate(cast, "TEL", [9, 7])  # personal: 8,8,8,9,7 -> 8.0
    rate(cast, "EMA", [6, 7, 8, 5, 4])  # other: 6.0
    personal, other = selectors.personal_vs_other(selectors.answers_in())
    assert (personal.answers, personal.mean, other.answers, other.mean) == (5, 8.0, 5, 6.0)


def test_answers_can_be_narrowed_to_a_team(cast):
    rate(cast, "BEZ", [8] * 5)
    rate(cast, "BEZ", [4] * 5, author=cast.other_advisor, household=cast.south_household)
    team = cast.north_team.members.values("id")
    (figure,) = selectors.by_channel(selectors.answers_in(authors=team))
    assert (figure.answers, figure.mean) == (5, 8.0)


def test_named_answers_are_seen_by_the_advisor_and_team_lead_but_anonymous_ones_never(cast):
    rate(cast, "BEZ", [9], named=True)
    rate(cast, "BEZ", [3], named=False)
    assert [a.grade for a in selectors.named_answers_for(user=cast.advisor)] == [9]
    assert [a.grade for a in selectors.named_answers_for(user=cast.team_lead)] == [9]
    assert selectors.named_answers_for(user=cast.other_advisor) == []
    assert selectors.named_answers_for(user=cast.manager) == []


def test_the_advisor_sees_only_own_recent_contacts_to_rate(cast):
    mine = make_contact(cast.north_household, cast.advisor)
    make_contact(cast.north_household, cast.colleague)
    make_contact(cast.north_household, cast.advisor, outcome="not_home")
    assert [c.id for c in selectors.contacts_to_rate(user=cast.advisor)] == [mine.id]


@pytest.mark.today(dt.date(2026, 5, 20))
def test_a_grade_cannot_be_recovered_by_differencing_two_windows(cast, _frozen_clock):
    """Issue 13: with a free date window, 'until the 19th' (5 answers) and 'until the 20th'
    (6 answers) gave away the sixth tenant's grade. Periods are whole quarters and a mean only
    counts quarters with at least 5 answers of that group (AVG art. 5(1)(f), art. 32)."""
    _frozen_clock.move_to(dt.datetime(2026, 5, 10, 10, tzinfo=dt.UTC))
    rate(cast, "BEZ", [8, 8, 8, 8, 8])  # five answers earlier this quarter
    _frozen_clock.move_to(dt.datetime(2026, 5, 20, 10, tzinfo=dt.UTC))
    rate(cast, "BEZ", [1])  # the sixth tenant, today
    figures = [
        [(f.answers, f.mean) for f in selectors.by_channel(selectors.answers_in(**window))]
        for window in (
            {"until": dt.date(2026, 5, 19)},
            {"until": dt.date(2026, 5, 20)},
            {"since": dt.date(2026, 5, 20), "until": dt.date(2026, 5, 20)},
        )
    ]
    # Whatever window the user picks, the figure is the whole quarter's: nothing to subtract.
    assert figures == [[(6, 6.8)]] * 3


@pytest.mark.today(dt.date(2026, 5, 20))
def test_a_quarter_with_fewer_than_five_answers_does_not_count_towards_a_mean(cast, _frozen_clock):
    rate(cast, "BEZ", [8, 8, 8, 8, 8])  # Q2
    _frozen_clock.move_to(dt.datetime(2026, 7, 2, 10, tzinfo=dt.UTC))
    rate(cast, "BEZ", [1, 1])  # Q3: two answers only
    (figure,) = selectors.by_channel(
        selectors.answers_in(since=dt.date(2026, 4, 1), until=dt.date(2026, 9, 30))
    )
    assert (figure.answers, figure.mean) == (7, 8.0)  # Q3's two grades are not in the mean


@pytest.mark.today(dt.date(2026, 5, 20))
def test_quarters_begin_at_local_midnight_for_a_period_as_without_one(cast, _frozen_clock):
    """A bounded period puts each answer in its quarter with plain comparisons (no per-row date
    function on SQLite): the same cells as TruncQuarter, whose quarters start at midnight in
    Amsterdam (1 April 00:30 CEST is 31 March 22:30 UTC, and in the second quarter)."""
    _frozen_clock.move_to(dt.datetime(2026, 3, 31, 21, 30, tzinfo=dt.UTC))  # 23:30 on 31 March
    rate(cast, "BEZ", [1])
    _frozen_clock.move_to(dt.datetime(2026, 3, 31, 22, 30, tzinfo=dt.UTC))  # 00:30 on 1 April
    rate(cast, "BEZ", [8, 8, 8, 8, 8])
    _frozen_clock.move_to(dt.datetime(2026, 5, 20, 10, tzinfo=dt.UTC))
    bounded = selectors.answers_in(since=dt.date(2026, 1, 1), until=dt.date(2026, 6, 30))
    assert "quarter" in bounded.query.annotations
    figures = [
        [(f.answers, f.mean) for f in selectors.by_channel(answers)]
        for answers in (bounded, selectors.answers_in())
    ]
    # the lone first-quarter grade is a cell of one: not in the mean
    assert figures == [[(6, 8.0)]] * 2
