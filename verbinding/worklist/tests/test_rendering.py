"""The worklist rows' markup, built in Python: escaped as the template escaped, dates as the
``date`` filter formats them, in the current language."""

from __future__ import annotations

import datetime as dt

from django.utils import translation

from verbinding.worklist.rendering import rows_html
from verbinding.worklist.selectors import ContactFacts, Row
from verbinding.worklist.sources import WorkItem


def row(**contact):
    items = [
        WorkItem(
            household_id=7,
            source="nuisance",
            kind="nuisance_new_report",
            rank=2,
            reason="Melding <b>lawaai</b> & meer",
            suggestion="Bel <de> buren",
            url="/nuisance/3/",
        ),
        WorkItem(household_id=7, source="arrears", kind="later", rank=60, reason="Later & later"),
    ]
    r = Row(7, items, ContactFacts(**contact), recent_personal=True)
    r.name, r.address, r.neighbourhood = "Huishouden <script>", "Straat 1", "Noord & Zuid"
    r.advisors = ["Anna <A>", "Bram"]
    return r


def test_every_value_is_escaped_and_the_buttons_are_there():
    with translation.override("nl"):
        (html,) = rows_html([row()], is_lead=True, contact_url="/contacts/new/")
        nothing = translation.gettext("none on record")
    assert "Huishouden &lt;script&gt;" in html and "<script>" not in html
    assert "Noord &amp; Zuid" in html
    assert "<strong>Melding &lt;b&gt;lawaai&lt;/b&gt; &amp; meer</strong>" in html
    assert "<li>Later &amp; later</li>" in html
    assert "Bel &lt;de&gt; buren" in html
    assert "Wijkadviseur: Anna &lt;A&gt;, Bram" in html
    assert 'href="/contacts/new/?household=7"' in html
    assert 'data-testid="open-source">Ga naar de overlastzaak</a>' in html
    assert f"Laatste contact: {nothing}" in html


def test_dates_are_local_and_in_the_current_language():
    late = dt.datetime(2026, 10, 31, 23, 30, tzinfo=dt.UTC)  # 1 Nov 00:30 in Amsterdam
    facts = {"last_at": late, "last_channel": "TEL", "next_planned_on": dt.date(2026, 10, 14)}
    with translation.override("nl"):
        (nl,) = rows_html([row(**facts)], is_lead=False, contact_url="")
    with translation.override("en"):
        (en,) = rows_html([row(**facts)], is_lead=False, contact_url="")
    assert "1 Nov 2026" in nl and "14 Okt 2026" in nl
    assert "14 Oct 2026" in en and "Next planned: 14 Oct 2026" in en
    assert "Wijkadviseur" not in nl  # only on a team lead's list
    assert "/contacts/new/" not in nl  # no contact page, no button
