"""``?changed_since=`` pages through changes by the audit sequence: each change exactly once."""

from __future__ import annotations

import datetime as dt

from verbinding import clock
from verbinding.cases.services import case_open
from verbinding.contacts.services import contact_record


def pull(http, url):
    seen, cursor, pages = [], None, 0
    while True:
        page = http.get(url + (f"&cursor={cursor}" if cursor else "")).json()
        pages += 1
        seen.extend(int(r["id"]) for r in page["results"])
        cursor = page["cursor"]
        if not page["next"]:
            return seen, cursor, pages


def test_changed_since_returns_each_change_exactly_once_across_pages(cast, api):
    since = (clock.now() - dt.timedelta(minutes=1)).isoformat()
    household = cast.north_household
    contacts = [
        contact_record(household=household, channel="TEL", outcome="spoke", actor=cast.advisor)
        for _ in range(7)
    ]
    case_open(household=household, detail="HUA", handler=cast.advisor, actor=cast.advisor)
    case_open(
        household=cast.south_household,
        detail="HUA",
        handler=cast.other_advisor,
        actor=cast.other_advisor,
    )
    http = api(cast.advisor)
    from urllib.parse import quote

    url = f"/api/v1/contactmomenten?page_size=3&changed_since={quote(since)}"
    seen, cursor, pages = pull(http, url)
    assert seen == [c.pk for c in contacts]  # in order of change, none twice, none missed
    assert pages == 3

    # Nothing new: the saved cursor gives an empty page. A new contact comes once.
    empty = http.get(f"{url}&cursor={cursor}").json()
    assert empty["results"] == []
    new = contact_record(household=household, channel="BEZ", outcome="spoke", actor=cast.advisor)
    later = http.get(f"{url}&cursor={cursor}").json()["results"]
    assert [int(r["id"]) for r in later] == [new.pk]

    # Zaken: only the advisor's own reach.
    cases, _c, _p = pull(http, f"/api/v1/zaken?changed_since={quote(since)}")
    assert len(cases) == 1


def test_a_change_to_an_object_already_pulled_comes_again_later(cast, api):
    from urllib.parse import quote

    from verbinding.cases.services import case_change_status

    since = quote((clock.now() - dt.timedelta(minutes=1)).isoformat())
    first = case_open(
        household=cast.north_household, detail="HUA", handler=cast.advisor, actor=cast.advisor
    )
    second = case_open(
        household=cast.north_household, detail="HUA", handler=cast.advisor, actor=cast.advisor
    )
    http = api(cast.advisor)
    page = http.get(f"/api/v1/zaken?changed_since={since}&page_size=1").json()
    assert [int(r["id"]) for r in page["results"]] == [first.pk]
    case_change_status(case=first, status="INB", actor=cast.advisor)
    rest, _cursor, _pages = pull(
        http, f"/api/v1/zaken?changed_since={since}&page_size=1&cursor={page['cursor']}"
    )
    assert rest == [second.pk, first.pk]


def test_a_bad_cursor_or_date_is_a_400_problem(cast, api):
    http = api(cast.advisor)
    assert http.get("/api/v1/zaken?cursor=nonsense").status_code == 400
    response = http.get("/api/v1/zaken?changed_since=yesterday")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
