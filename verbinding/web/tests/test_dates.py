"""Days as text: what Django's date_format writes, per language, kept per process."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation
from django.utils.formats import date_format

from verbinding.web.dates import day_text

DAYS = [dt.date(2026, 1, 1), dt.date(2026, 3, 31), dt.date(2024, 2, 29), dt.date(2026, 12, 31)]


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("format", [None, "j M", "j M Y", "F Y"])
def test_day_text_is_date_format_in_the_active_language(language, format):
    with translation.override(language):
        for day in DAYS:
            assert day_text(day, format) == date_format(day, format)
            assert day_text(day, format) == date_format(day, format)  # kept: the same again


def test_the_language_is_part_of_the_key():
    with translation.override("nl"):
        dutch = day_text(dt.date(2026, 10, 14), "j F")
    with translation.override("en"):
        english = day_text(dt.date(2026, 10, 14), "j F")
    assert (dutch, english) == ("14 oktober", "14 October")


def test_a_datetime_is_refused():
    with pytest.raises(TypeError):
        day_text(dt.datetime(2026, 10, 14, 23, 30, tzinfo=dt.UTC))
