"""The shape every dashboard figure shares: headline numbers, a table (which is also the CSV and
the chart's text alternative), a definition, and optionally a chart and household drill-downs."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from decimal import Decimal
from typing import Any

from django.utils.functional import Promise
from django.utils.safestring import mark_safe

# Column kinds, for formatting in the page and the CSV.
TEXT, INT, EURO, MONTHS, PCT, GRADE, DAYS = "text", "int", "euro", "months", "pct", "grade", "days"


@dataclass
class Column:
    label: Any
    kind: str = INT


@dataclass
class Figure:
    key: str
    title: Any
    definition: Any
    headline: list[tuple[Any, Any, str]] = field(default_factory=list)  # (label, value, kind)
    columns: list[Column] = field(default_factory=list)
    rows: list[list[Any]] = field(default_factory=list)
    # For each row, the drill-down group key (or "" when the row has no households behind it).
    groups: list[str] = field(default_factory=list)
    chart: Any = None  # a SafeString SVG
    chart_kind: str = ""
    available: bool = True
    unavailable_reason: Any = ""
    note: Any = ""
    extra: dict[str, Any] | None = None  # a second table (e.g. per neighbourhood)


def pct(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def quantile(sorted_values: list[int], q: float) -> float | None:
    """Linear-interpolated quantile of an already sorted list (the median is ``q=0.5``)."""
    if not sorted_values:
        return None
    pos = (len(sorted_values) - 1) * q
    lo = int(pos)
    hi = min(lo + 1, len(sorted_values) - 1)
    return round(sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (pos - lo), 1)


def _plain(value: Any) -> Any:
    """A figure's value as JSON holds it: translated text as text (in the active language)."""
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, Column):
        return {"label": str(value.label), "kind": value.kind}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, Decimal):
        return float(value)
    if value is None or isinstance(value, str | int | float):
        return str(value) if isinstance(value, str) else value
    raise TypeError(f"a dashboard figure cannot hold {type(value).__name__}")


def figure_to_data(figure: Figure) -> dict[str, Any]:
    """The figure as plain JSON data (for the nightly snapshot); :func:`figure_from_data` reverses
    it. Texts are rendered in the active language, so a snapshot is made per language."""
    return {f.name: _plain(getattr(figure, f.name)) for f in fields(figure)}


def figure_from_data(data: dict[str, Any]) -> Figure:
    values = dict(data)
    values["headline"] = [tuple(h) for h in values["headline"]]
    values["columns"] = [Column(**c) for c in values["columns"]]
    if values.get("extra"):
        values["extra"] = {
            **values["extra"],
            "columns": [Column(**c) for c in values["extra"]["columns"]],
        }
    if values.get("chart"):
        values["chart"] = mark_safe(values["chart"])  # noqa: S308 - our own SVG, made by charts.py
    return Figure(**values)
