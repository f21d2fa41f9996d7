"""The household list page: the households in reach by name, 50 a page, searched and filtered,
drawn as the template drew it (the rows are built in Python, the select drawn once per process)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from verbinding.households.forms import HouseholdSearchForm
from verbinding.households.rendering import rows_html
from verbinding.households.selectors import (
    LIST_PAGE_SIZE,
    ListedHousehold,
    ListedTenancy,
    household_list_page,
    households_for,
)
from verbinding.testing import factories as f

# The rows as households/list.html drew them before they were built in Python (its loop, with
# the model's attributes renamed to the row's).
TEMPLATE_ROWS = (
    "{% load i18n %}{% for household in page %}\n"
    '    <li><a class="row-link" href="{% url \'households:detail\' household.id %}">\n'
    "      <strong>{{ household.name }}</strong><br>\n"
    "      {% for t in household.tenancies %}<span>{{ t.address }}, {{ t.postcode }}</span> "
    '<span class="badge">{{ t.neighbourhood }}</span>{% empty %}<span class="muted">'
    '{% translate "No current tenancy" %}</span>{% endfor %}\n'
    "    </a></li>\n  {% endfor %}"
)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_rows_are_the_markup_the_template_drew(language):
    rows = [
        ListedHousehold(7, "Huishouden <script>&'\"", []),
        ListedHousehold(
            12,
            "Huishouden 's Gravensande",
            [
                ListedTenancy("Lange <Straat> 1-a", "7411 AB", "Noord & Zuid"),
                ListedTenancy("Kerkweg 3B", "7412", "Buurt \"'"),
            ],
        ),
        ListedHousehold(123456789, "Huishouden De Vries", [ListedTenancy("Dorp 9", "", "")]),
    ]
    with translation.override(language):
        html = rows_html(rows)
        expected = Template(TEMPLATE_ROWS).render(Context({"page": rows}))
    assert html == expected
    assert "<script>" not in html
    with translation.override(language):
        assert rows_html([]) == ""


def test_addresses_and_postcodes_are_shown_as_the_unit_shows_them(cast):
    household = cast.north_household
    unit = f.UnitFactory(
        neighbourhood=cast.north,
        street="Brink",
        house_number=12,
        house_letter="b",
        house_number_addition="II",
        postcode="7411AB",
    )
    f.TenancyFactory(household=household, unit=unit, start_date=dt.date(2024, 1, 1))
    ended = f.UnitFactory(neighbourhood=cast.north, street="Oude Weg")
    f.TenancyFactory(household=household, unit=ended, status="BEE", end_date=dt.date(2025, 1, 1))
    (row,) = household_list_page(user=cast.advisor)
    current = household.tenancies.filter(status="LOP").order_by("-start_date")
    assert row.tenancies == [
        ListedTenancy(t.unit.address, t.unit.postcode_display, t.unit.neighbourhood.name)
        for t in current
    ]  # the newest first; the ended tenancy is not shown
    assert row.tenancies[0] == ListedTenancy("Brink 12b-II", "7411 AB", "Noorderkwartier")
    assert len(row.tenancies) == 2


def test_the_list_pages_by_name_and_counts_what_is_in_reach(client, cast):
    names = [f"Huishouden {chr(ord('A') + i % 26)}{i:03d}" for i in range(LIST_PAGE_SIZE + 5)]
    for name in reversed(names):
        f.household_in(cast.north, name=name)
    f.household_in(cast.north, name="Huishouden A000")  # the same name: then by id
    f.household_in(cast.south, name="Huishouden AAA buiten bereik")
    expected = list(
        households_for(user=cast.advisor).order_by("name", "id").values_list("id", flat=True)
    )
    assert len(expected) == LIST_PAGE_SIZE + 7  # with the cast's own household

    client.force_login(cast.advisor)
    first = client.get(reverse("households:list"))
    second = client.get(reverse("households:list"), {"page": 2})
    beyond = client.get(reverse("households:list"), {"page": 99})
    assert [r.id for r in first.context["page"]] == expected[:LIST_PAGE_SIZE]
    assert [r.id for r in second.context["page"]] == expected[LIST_PAGE_SIZE:]
    assert [r.id for r in beyond.context["page"]] == expected[LIST_PAGE_SIZE:]  # the last page
    assert first.context["page"].paginator.count == len(expected)
    assert f"{len(expected)} huishoudens" in first.text
    assert "buiten bereik" not in first.text + second.text


def test_search_and_filter_count_only_what_matches(client, cast):
    f.household_in(cast.north, name="Huishouden Jansen-Smit")
    f.household_in(cast.south, name="Huishouden Jansen buiten bereik")
    client.force_login(cast.advisor)
    found = client.get(reverse("households:list"), {"q": "jansen"})
    assert [r.name for r in found.context["page"]] == [
        "Huishouden Jansen",
        "Huishouden Jansen-Smit",
    ]
    assert found.context["page"].paginator.count == 2
    assert "2 huishoudens" in found.text
    by_area = client.get(reverse("households:list"), {"neighbourhood": cast.north.id, "q": "smit"})
    assert [r.name for r in by_area.context["page"]] == ["Huishouden Jansen-Smit"]
    nothing = client.get(reverse("households:list"), {"q": "buiten bereik"})
    assert nothing.context["page"].paginator.count == 0
    assert "Geen huishoudens gevonden." in nothing.text


def test_a_user_without_households_gets_an_empty_list(cast):
    page = household_list_page(user=cast.manager)
    assert list(page) == [] and page.paginator.count == 0


def test_the_neighbourhood_select_is_the_forms(client, cast):
    client.force_login(cast.advisor)
    with translation.override("nl"):
        form = HouseholdSearchForm(None, neighbourhoods=[cast.north])
        drawn = str(form["neighbourhood"])
    plain = client.get(reverse("households:list")).text
    assert drawn in plain
    searched = client.get(reverse("households:list"), {"neighbourhood": cast.north.id}).text
    assert f'<option value="{cast.north.id}" selected>Noorderkwartier</option>' in searched
