"""Days as text, formatted once per process for each day, format and language.

``django.utils.formats.date_format`` looks up the language's format and month names on every call
(~20 us of CPU); a worklist page formats a few hundred days (reasons, last contact, next planned:
a quarter of the page's row rendering; issue 16). A day's text depends only on the day, the
format and the active language, so it is kept (a bounded cache: a year of days in a few formats
and two languages fits).
"""

from __future__ import annotations

import datetime as dt
import functools

from django.utils.formats import date_format
from django.utils.translation import get_language


def day_text(day: dt.date, format: str | None = None) -> str:
    """``date_format(day, format)`` for a date (not a datetime: convert to the local day first)."""
    if isinstance(day, dt.datetime):
        raise TypeError("day_text takes a date; use localtime(value).date() for a datetime")
    return _formatted(day, format, get_language())


@functools.lru_cache(maxsize=8192)
def _formatted(day: dt.date, format: str | None, language: str | None) -> str:
    return date_format(day, format)
