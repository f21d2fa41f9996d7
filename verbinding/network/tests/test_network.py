"""The network map: quick to add, versioned ties, consent, drawn as an ecomap, with its history."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from verbinding import clock
from verbinding.audit.models import AuditEvent
from verbinding.network import ecomap, selectors, services
from verbinding.network.models import Tie

pytestmark = pytest.mark.django_db

DAY = dt.timedelta(days=1)


def test_someone_is_added_with_name_category_and_strength_only(client, cast):
    client.force_login(cast.advisor)
    response = client.post(
        reverse("network:map", args=[cast.north_household.id]),
        {"name": "Tante Riet", "category": "family", "strength": "strong"},
    )
    assert response.status_code == 302
    [entry] = selectors.network_on(user=cast.advisor, household=cast.north_household)
    assert entry.member.name == "Tante Riet"
    assert entry.tie.strength == "strong"
    assert entry.member.created_by == cast.advisor
    page = client.get(reverse("network:map", args=[cast.north_household.id])).text
    assert 'data-name="Tante Riet"' in page  # drawn in the SVG
    assert "<svg" in page and "Tante Riet" in page


def test_consent_is_recorded_with_purpose_and_legal_basis(client, cast):
    client.force_login(cast.advisor)
    client.post(
        reverse("network:map", args=[cast.north_household.id]),
        {
            "name": "Bureau Bewind Oost",
            "category": "professionals",
            "strength": "normal",
            "role": "BWI",
            "phone": "0570-123456",
            "contact_consent": "yes",
            "share_consent": "no",
            "purpose": "Overleg over de huurachterstand",
            "legal_basis": "consent",
        },
    )
    [entry] = selectors.network_on(user=cast.advisor, household=cast.north_household)
    assert entry.may_contact is True and entry.may_share is False
    assert entry.consents["contact"].purpose == "Overleg over de huurachterstand"
    assert entry.consents["contact"].legal_basis == "consent"


def test_consent_without_a_purpose_is_refused(client, cast):
    client.force_login(cast.advisor)
    response = client.post(
        reverse("network:map", args=[cast.north_household.id]),
        {"name": "Buurman", "category": "neighbours", "strength": "weak", "contact_consent": "yes"},
    )
    assert response.status_code == 200
    assert not selectors.network_on(user=cast.advisor, household=cast.north_household)


def test_editing_a_tie_appends_a_version_and_the_old_map_can_still_be_shown(cast):
    today = clock.today()
    member = services.member_add(
        household=cast.north_household,
        name="Broer Kees",
        category="family",
        strength="strong",
        support="to",
        actor=cast.advisor,
        on=today - 30 * DAY,
    )
    services.tie_change(
        member=member,
        strength="weak",
        stressful=True,
        support="none",
        actor=cast.advisor,
        on=today - 10 * DAY,
    )
    assert Tie.objects.filter(member=member).count() == 2
    then = selectors.network_on(
        user=cast.advisor, household=cast.north_household, on=today - 20 * DAY
    )
    now = selectors.network_on(user=cast.advisor, household=cast.north_household)
    assert (then[0].tie.strength, then[0].tie.stressful) == ("strong", False)
    assert (now[0].tie.strength, now[0].tie.stressful) == ("weak", True)
    assert not selectors.network_on(
        user=cast.advisor, household=cast.north_household, on=today - 31 * DAY
    )


def test_someone_taken_off_the_map_is_still_on_earlier_maps(client, cast):
    today = clock.today()
    member = services.member_add(
        household=cast.north_household,
        name="Ex-partner",
        category="family",
        actor=cast.advisor,
        on=today - 5 * DAY,
    )
    client.force_login(cast.advisor)
    client.post(reverse("network:end", args=[member.id]))
    assert not selectors.network_on(user=cast.advisor, household=cast.north_household)
    url = reverse("network:map", args=[cast.north_household.id])
    earlier = client.get(url, {"on": (today - DAY).isoformat()}).text
    assert 'data-name="Ex-partner"' in earlier
    assert 'data-name="Ex-partner"' not in client.get(url).text


def test_the_ecomap_draws_strength_stress_and_support_in_the_conventional_way():
    svg = ecomap.render(
        "Huishouden Jansen",
        [
            ecomap.Node("Oma", "family", "strong", False, "to"),
            ecomap.Node("Buurvrouw", "neighbours", "weak", False, "none"),
            ecomap.Node("Deurwaarder", "professionals", "normal", True, "from"),
        ],
        title="Netwerk",
        description="3 mensen",
    )
    assert svg.count('class="tie"') == 3
    assert 'stroke-width="5.0"' in svg  # strong: thick
    assert 'stroke-dasharray="7 5"' in svg  # weak: dashed
    assert "<polyline" in svg  # stressful: jagged
    assert 'marker-end="url(#arrow)"' in svg  # support towards the household
    assert 'marker-start="url(#arrow-stress)"' in svg  # support from the household
    assert "<title" in svg and 'role="img"' in svg


def test_names_are_escaped_in_the_picture():
    svg = ecomap.render(
        "<b>",
        [ecomap.Node("<script>", "family", "weak", False, "none")],
        title="t",
        description="d",
    )
    assert "<script>" not in svg and "&lt;script&gt;" in svg


@given(st.text(max_size=80), st.integers(min_value=4, max_value=20), st.integers(1, 3))
def test_labels_never_grow_beyond_their_lines(text, width, lines):
    out = ecomap.wrap(text, width, lines)
    assert 1 <= len(out) <= lines
    assert all(len(line) <= width + 3 for line in out)


def test_every_change_to_the_map_is_audited(cast):
    member = services.member_add(
        household=cast.north_household, name="Vriendin", category="friends", actor=cast.advisor
    )
    services.tie_change(
        member=member, strength="strong", stressful=False, support="both", actor=cast.advisor
    )
    services.consent_record(
        member=member, kind="contact", given=True, purpose="Steun", actor=cast.advisor
    )
    services.member_update_details(
        member=member, actor=cast.advisor, name="Vriendin Els", category="friends"
    )
    services.tie_end(member=member, actor=cast.advisor)
    events = AuditEvent.objects.filter(household_id=cast.north_household.id)
    types = [e.object_type for e in events]
    assert types.count("network.networkmember") == 2
    assert types.count("network.tie") >= 4
    assert types.count("network.consent") == 1
    assert all(e.actor == cast.advisor for e in events)


def test_a_map_out_of_reach_is_not_found(client, cast):
    member = services.member_add(
        household=cast.south_household, name="Zus", category="family", actor=cast.other_advisor
    )
    client.force_login(cast.advisor)
    assert client.get(reverse("network:map", args=[cast.south_household.id])).status_code == 404
    assert client.get(reverse("network:member", args=[member.id])).status_code == 404
    assert client.post(reverse("network:end", args=[member.id])).status_code == 404


def test_the_map_page_has_a_pinned_query_count(client, cast, django_assert_max_num_queries):
    for i in range(14):
        m = services.member_add(
            household=cast.north_household,
            name=f"Persoon {i}",
            category=["family", "friends", "professionals"][i % 3],
            strength=["strong", "normal", "weak"][i % 3],
            stressful=i % 4 == 0,
            actor=cast.advisor,
        )
        services.consent_record(
            member=m, kind="contact", given=True, purpose="x", actor=cast.advisor
        )
    client.force_login(cast.advisor)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("network:map", args=[cast.north_household.id]))
    assert response.text.count('class="member"') == 14
