"""One date style on the screens (issue 12): "3 Dec 2026"; documents a tenant or partner reads write
the month in full ("3 december 2026")."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

from django.template import Context, Template
from django.utils import translation

PACKAGE = Path(__file__).resolve().parents[2]
# Pages and documents read by a tenant or a partner, where the month is written in full (B1).
DOCUMENTS = {
    "plans/templates/plans/print.html",
    "letters/templates/letters/detail.html",
    "nuisance/templates/nuisance/party_view.html",
    "feedback/templates/feedback/tenant_form.html",
    "feedback/templates/feedback/link.html",
    "referrals/templates/referrals/answer.html",
}


def test_a_date_on_a_screen_reads_day_short_month_year_in_both_languages() -> None:
    template = Template("{{ day }}|{{ day|date }}|{{ moment|date:'DATETIME_FORMAT' }}")
    context = Context({"day": date(2026, 12, 3), "moment": datetime(2026, 12, 3, 14, 5)})
    with translation.override("nl"):
        assert template.render(context) == "3 Dec 2026|3 Dec 2026|3 Dec 2026 14:05"
    with translation.override("en"):
        assert template.render(context) == "3 Dec 2026|3 Dec 2026|3 Dec 2026 14:05"


def test_screens_do_not_write_the_month_in_full() -> None:
    offenders = []
    for path in PACKAGE.glob("*/templates/**/*.html"):
        relative = path.relative_to(PACKAGE).as_posix()
        if relative in DOCUMENTS or "/pdf" in relative or "letter" in path.name:
            continue
        if re.search(r'\|date:"j F Y"', path.read_text(encoding="utf-8")):
            offenders.append(relative)
    assert offenders == [], "screens use the one date style |date (j M Y)"
