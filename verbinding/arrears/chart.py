"""The arrears chart on the household page: arrears at each month end, an SVG drawn server-side
with pygal (no script), with a text alternative for screen readers.

Drawing with pygal costs 5-10 ms, so the SVG is cached under a hash of everything it is drawn
from (the month labels and amounts, the rent, the two thresholds, the language): a new booking,
another arrears state or policy gives another key, and the picture holds only those figures.

No arrears at any month end: nothing is drawn (``svg`` is empty). A flat line at zero says no more
than the summary ("No arrears in the last 24 months."), which the page shows instead; and it is
most households (9 in 10 of the household pages opened in the benchmark mix, issue 16), each a
drawing of its own (the rent is part of the picture).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

import pygal
from django.core.cache import cache
from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from pygal.style import Style

from verbinding.arrears import rules
from verbinding.arrears.texts import months_text
from verbinding.security.csp import without_scripts
from verbinding.web.templatetags.verbinding import format_euro

STYLE = Style(
    background="transparent",
    plot_background="transparent",
    foreground="#1f2933",
    foreground_strong="#1f2933",
    foreground_subtle="#9aa5b1",
    colors=("#b42318", "#7a5af8", "#475467"),
    font_family="system-ui, sans-serif",
    label_font_size=12,
    major_label_font_size=12,
    legend_font_size=12,
)


@dataclass(frozen=True)
class Chart:
    svg: SafeString  # empty when there were no arrears at any point: nothing to draw
    summary: str
    points: list[tuple[str, int]]  # (month label, arrears in cents) for the text alternative

    @property
    def drawn(self) -> bool:
        return bool(self.svg)


def monthly_arrears(
    entries: Sequence[rules.Entry], today: dt.date, months: int = 24, grace_days: int = 0
) -> list[tuple[dt.date, int]]:
    """Arrears at the end of each of the last ``months`` months, and today: by the one rule
    (``rules.overdue``), so rent still within its payment term is not drawn as arrears."""
    first = rules.add_months(today.replace(day=1), -(months - 1))
    points: list[tuple[dt.date, int]] = []
    running = 0
    ordered = sorted(entries, key=lambda e: e.booked_on)
    i = 0
    month = first
    while month <= today:
        end = min(rules.add_months(month, 1) - dt.timedelta(days=1), today)
        while i < len(ordered) and ordered[i].booked_on <= end:
            running += ordered[i].amount_cents
            i += 1
        state = rules.overdue(ordered[:i], running, end, grace_days)
        points.append((end, state.arrears_cents))
        month = rules.add_months(month, 1)
    return points


def arrears_chart(
    entries: Sequence[rules.Entry],
    *,
    today: dt.date,
    rent_cents: int,
    home_visit_months: float,
    court_months: float,
    grace_days: int = 0,
    months_now: object = None,
) -> Chart:
    """``months_now``: the arrears in unpaid terms today (the state's figure), for the summary."""
    points = monthly_arrears(entries, today, grace_days=grace_days)
    if not any(cents for _day, cents in points):
        return Chart(svg=SafeString(""), summary=chart_summary(points, rent_cents), points=[])
    language = get_language()
    labels = [month_label(day.year, day.month, language) for day, _cents in points]
    key = chart_key(labels, [c for _d, c in points], rent_cents, home_visit_months, court_months)
    svg = cache.get(key)
    if svg is None:
        svg = draw(points, labels, rent_cents, home_visit_months, court_months)
        cache.set(key, svg, CACHE_SECONDS)
    return Chart(
        svg=mark_safe(svg),  # noqa: S308 - pygal output from our own numbers and labels
        summary=chart_summary(points, rent_cents, months_now),
        points=[(label, c) for label, (_d, c) in zip(labels, points, strict=True)],
    )


CACHE_SECONDS = 24 * 3600


@functools.lru_cache(maxsize=512)
def month_label(year: int, month: int, language: str | None) -> str:
    """``date_format(day, "M Y")`` (only the month and year of the day count), once per process
    and language: the chart has 25 of them on every household page."""
    return date_format(dt.date(year, month, 1), "M Y")


def chart_key(
    labels: Sequence[str],
    cents: Sequence[int],
    rent_cents: int,
    home_visit_months: float,
    court_months: float,
) -> str:
    """The cache key of a drawing: a hash of every input of ``draw`` (and the language of its
    labels and legend), so any change in the ledger, the state or the policy draws anew."""
    inputs = repr(
        (get_language(), list(labels), list(cents), rent_cents, home_visit_months, court_months)
    )
    return "arrears-chart:" + hashlib.sha256(inputs.encode()).hexdigest()


def draw(
    points: Sequence[tuple[dt.date, int]],
    labels: Sequence[str],
    rent_cents: int,
    home_visit_months: float,
    court_months: float,
) -> str:
    """The SVG (pygal), without scripts, hidden from screen readers (the text alternative is
    next to it)."""
    peak_cents = max(c for _d, c in points)
    top = max(peak_cents, int(rent_cents * court_months)) if rent_cents else peak_cents
    step = rent_cents or max(top // 4, 100)
    y_labels = [i * step / 100 for i in range(int(top // step) + 2)]
    chart = pygal.Line(
        disable_xml_declaration=True,
        js=[],
        style=STYLE,
        width=420,
        height=280,
        margin=8,
        fill=True,
        show_dots=False,
        x_label_rotation=0,
        show_minor_x_labels=False,
        x_labels_major_every=6,
        y_labels=y_labels,
        show_x_guides=False,
        show_y_guides=False,
        truncate_label=-1,
        legend_at_bottom=True,
        legend_at_bottom_columns=1,
        truncate_legend=-1,
        value_formatter=lambda v: format_euro(int(v * 100), whole=True),
    )
    chart.x_labels = labels
    chart.add(_("Arrears"), [c / 100 for _day, c in points])
    if rent_cents:
        chart.add(
            _("Home visit advised"),
            [rent_cents * home_visit_months / 100] * len(points),
            fill=False,
            stroke_style={"dasharray": "6,4", "width": 2.5},
        )
        chart.add(
            _("Court threshold"),
            [rent_cents * court_months / 100] * len(points),
            fill=False,
            stroke_style={"dasharray": "2,4", "width": 2.5},
        )
    svg = without_scripts(chart.render(is_unicode=True))
    return svg.replace("<svg ", '<svg role="img" aria-hidden="true" focusable="false" ', 1)


def chart_summary(
    points: Sequence[tuple[dt.date, int]], rent_cents: int, months_now: object = None
) -> str:
    """The chart in one sentence (its text alternative, with the list of points)."""
    peak_day, peak = max(points, key=lambda p: (p[1], p[0]))
    now = points[-1][1]
    if peak == 0:
        summary = _("No arrears in the last %(n)d months.") % {"n": len(points)}
    else:
        summary = _(
            "Arrears at each month end over the last %(n)d months. Highest: %(peak)s in "
            "%(month)s. Now: %(now)s (%(months)s months of rent)."
        ) % {
            "n": len(points),
            "peak": format_euro(peak, whole=True),
            "month": date_format(peak_day, "F Y"),
            "now": format_euro(now, whole=True),
            "months": months_text(
                months_now if months_now is not None else rules.months_of_rent(now, rent_cents)
            ),
        }
    return summary
