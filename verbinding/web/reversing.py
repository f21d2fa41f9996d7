"""``reverse()`` for addresses whose arguments are ids, without walking the URL patterns each time.

Django's ``reverse`` looks the name up, fills in the arguments and checks the result against the
pattern's regular expression on every call: ~40 µs. The household page has some twenty
``{% url %}`` tags, nearly all ``{% url 'app:view' household.id %}`` (issue 16). When every
argument is a non-negative ``int``, the address is reversed once per process with marker numbers
in their place, and afterwards the markers are replaced by the ids. That gives what ``reverse``
gives: every path converter (int, str, slug, path) writes such a number as its digits and
accepts it. Anything else (other values, a pattern that refuses the markers, a marker that does
not come out exactly once) goes to ``reverse`` itself, errors included.

The template tag ``{% url %}`` uses this (``verbinding.web.templatetags.idurls``, a template
builtin), and so does Python code that builds many addresses (the worklist's rows).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

# Twelve digits each, none part of another, unlike any id for years to come.
_MARKS = tuple(987_654_320_001 + i for i in range(6))
_LIMIT = 4096  # kinds of address x languages x ...: bounded, a process never grows with it
_patterns: dict[tuple[Any, ...], str | None] = {}


def reverse_ids(view_name: str, args: Sequence[Any] = (), current_app: str | None = None) -> str:
    """``reverse(view_name, args=args, current_app=current_app)``, faster for id arguments."""
    if len(args) > len(_MARKS) or not all(type(a) is int and a >= 0 for a in args):
        return reverse(view_name, args=list(args), current_app=current_app)
    key = (view_name, len(args), current_app, get_urlconf(), get_script_prefix(), get_language())
    try:
        pattern = _patterns[key]
    except KeyError:
        if len(_patterns) >= _LIMIT:
            _patterns.clear()
        pattern = _patterns[key] = _pattern(view_name, len(args), current_app)
    if pattern is None:
        return reverse(view_name, args=list(args), current_app=current_app)
    for mark, arg in zip(_MARKS, args, strict=False):
        pattern = pattern.replace(str(mark), str(arg))
    return pattern


def _pattern(view_name: str, count: int, current_app: str | None) -> str | None:
    """The address with markers for its arguments, or None where markers cannot stand in."""
    marks = _MARKS[:count]
    try:
        url = reverse(view_name, args=list(marks), current_app=current_app)
    except NoReverseMatch:
        return None
    if any(url.count(str(mark)) != 1 for mark in marks):
        return None
    return url
