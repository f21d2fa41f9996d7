"""The shape every dashboard figure shares: headline numbers, a table (which is also the CSV and
the chart's text alternative), a definition, and optionally a chart and household drill-downs."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

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
