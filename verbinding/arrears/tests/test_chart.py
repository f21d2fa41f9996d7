"""The arrears chart: drawn once per set of figures, drawn anew when a figure changes."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.cache import cache

from verbinding.arrears import chart, rules

TODAY = dt.date(2026, 6, 17)


def charges(months: int, paid: int) -> list[rules.Entry]:
    out = []
    for i in range(months):
        day = rules.add_months(dt.date(2026, 1, 1), i)
        out.append(rules.Entry(day, "charge", 65000))
        if i < paid:
            out.append(rules.Entry(day + dt.timedelta(days=2), "payment", -65000))
    return out


def draw(entries: list[rules.Entry], rent_cents: int = 65000) -> chart.Chart:
    return chart.arrears_chart(
        entries, today=TODAY, rent_cents=rent_cents, home_visit_months=2.0, court_months=3.0
    )


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def test_the_same_figures_are_drawn_once(monkeypatch):
    drawn = []
    real = chart.draw
    monkeypatch.setattr(chart, "draw", lambda *a: drawn.append(a) or real(*a))
    first, second = draw(charges(6, 4)), draw(charges(6, 4))
    assert len(drawn) == 1
    assert first.svg == second.svg and first.summary == second.summary


@pytest.mark.parametrize(
    "other",
    [
        lambda: draw(charges(6, 5)),  # a payment more: other arrears
        lambda: draw(charges(6, 4), rent_cents=70000),  # another rent: other thresholds
    ],
)
def test_other_figures_draw_a_new_chart(monkeypatch, other):
    drawn = []
    real = chart.draw
    monkeypatch.setattr(chart, "draw", lambda *a: drawn.append(a) or real(*a))
    before = draw(charges(6, 4))
    after = other()
    assert len(drawn) == 2
    assert before.svg != after.svg


def same_picture(svg: str) -> str:
    """The SVG without pygal's random chart id."""
    return re.sub(r"chart-[0-9a-f-]{36}", "chart", svg)


def test_the_cached_drawing_is_the_drawing_of_its_figures():
    cached = draw(charges(6, 3))
    cache.clear()
    assert same_picture(draw(charges(6, 3)).svg) == same_picture(cached.svg)
    assert 'aria-hidden="true"' in cached.svg and "<script" not in cached.svg


def test_no_arrears_at_any_month_end_draws_nothing_and_says_so(monkeypatch):
    drawn = []
    monkeypatch.setattr(chart, "draw", lambda *a: drawn.append(a))
    paid_up = draw(charges(6, 6))
    assert drawn == [] and not paid_up.drawn and paid_up.svg == "" and paid_up.points == []
    assert paid_up.summary == "Geen achterstand in de afgelopen 24 maanden."
    in_credit = draw([*charges(6, 6), rules.Entry(dt.date(2026, 6, 10), "payment", -1000)])
    assert not in_credit.drawn and drawn == []


def test_arrears_at_one_month_end_only_are_drawn():
    late = [*charges(6, 6), rules.Entry(dt.date(2026, 3, 25), "charge", 5000)]
    late.append(rules.Entry(dt.date(2026, 4, 5), "payment", -5000))
    result = draw(late)
    assert result.drawn and "<svg" in result.svg
    assert [c for _label, c in result.points if c] == [5000]  # only at the end of March
