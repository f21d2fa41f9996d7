"""The HTML of small unbound forms, drawn once per process instead of on every request.

An unbound form's widget depends only on the form class, the constructor's keyword arguments, the
initial value and the language. Drawing it through the form renderer (a template per widget, per
option and per attribute list) costs about a millisecond a field; the household page shows six
such fields on every request (issue 16). Here the form is drawn by Django itself, once, and the
result kept per process:

- ``widget(FormClass, "field", value)``: a field whose value comes from a small set (a choice,
  a day of the month) is kept per value.
- ``text_widget(FormClass, "field", value)``: a free-text value is not a key; the widget is drawn
  once around a marker and the escaped value put in its place (what the template would write).
- ``as_div(FormClass, initial)``: a whole form (its labels, help texts and widgets).

Only for unbound forms whose fields read nothing from the database (no ModelChoiceField).
"""

from __future__ import annotations

import functools
from collections.abc import Hashable, Mapping
from typing import Any

from django import forms
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

_MARK = "Vbd0MarkQx7"  # survives escaping unchanged; never part of a real page
_SIZE = 1024  # kinds of form x values x languages; bounded, so a process never grows with it


def _items(mapping: Mapping[str, Hashable] | None) -> tuple[tuple[str, Hashable], ...]:
    return tuple(sorted((mapping or {}).items()))


@functools.lru_cache(maxsize=_SIZE)
def _draw(
    form_class: type[forms.Form],
    part: str,
    initial: tuple[tuple[str, Hashable], ...],
    kwargs: tuple[tuple[str, Hashable], ...],
    language: str | None,  # part of the key: the labels and choices are translated
) -> str:
    options: dict[str, Any] = dict(kwargs)
    form = form_class(initial=dict(initial), **options)
    if part == "":
        return str(form.as_div())
    return str(form[part])


def widget(
    form_class: type[forms.Form], name: str, value: Hashable = None, **kwargs: Hashable
) -> SafeString:
    """The widget of field ``name`` with ``value`` as its initial value (a value from a small set)."""
    initial = {} if value is None else {name: value}
    return mark_safe(_draw(form_class, name, _items(initial), _items(kwargs), get_language()))  # noqa: S308 - Django drew it


def text_widget(
    form_class: type[forms.Form], name: str, value: Any = None, **kwargs: Hashable
) -> SafeString:
    """The widget of free-text field ``name`` holding ``value`` (any text, escaped here)."""
    if value is None or value == "":
        return widget(form_class, name, None, **kwargs)
    html = _draw(form_class, name, ((name, _MARK),), _items(kwargs), get_language())
    return mark_safe(html.replace(_MARK, str(conditional_escape(str(value)))))  # noqa: S308


def as_div(
    form_class: type[forms.Form],
    initial: Mapping[str, Hashable] | None = None,
    **kwargs: Hashable,
) -> SafeString:
    """The whole unbound form as ``form.as_div()`` draws it."""
    return mark_safe(_draw(form_class, "", _items(initial), _items(kwargs), get_language()))  # noqa: S308


def draw_count() -> int:
    """How many drawings this process keeps (for tests)."""
    return _draw.cache_info().currsize


def forget() -> None:
    _draw.cache_clear()
