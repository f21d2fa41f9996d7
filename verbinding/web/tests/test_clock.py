"""The clock's day boundaries are Amsterdam's, also on the nights the clocks change."""

from __future__ import annotations

from datetime import UTC, date, datetime

from verbinding import clock


def test_a_day_starts_at_local_midnight_in_winter_and_summer() -> None:
    assert clock.start_of(date(2026, 12, 31)) == datetime(2026, 12, 30, 23, 0, tzinfo=UTC)
    assert clock.start_of(date(2026, 6, 17)) == datetime(2026, 6, 16, 22, 0, tzinfo=UTC)


def test_a_day_range_is_half_open_and_spans_the_short_night() -> None:
    start, end = clock.day_range(date(2027, 3, 28), date(2027, 3, 28))
    assert start == datetime(2027, 3, 27, 23, 0, tzinfo=UTC)
    assert end == datetime(2027, 3, 28, 22, 0, tzinfo=UTC)  # 23 hours: the clocks went forward
