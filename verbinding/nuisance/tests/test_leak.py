"""Another party's household shows only as far as the viewer may open it (issue 13: safety-flag
notes leaked through nuisance cases). AVG art. 5(1)(c) and art. 9 (health data in a flag note)."""

from __future__ import annotations

from django.urls import reverse

from verbinding.households.models import HouseholdMember
from verbinding.nuisance.tests.conftest import file_report
from verbinding.testing import factories as f


def test_an_out_of_reach_party_shows_as_neighbouring_household_without_flags_or_members(
    client, cast, street
):
    f.SafetyFlagFactory(
        household=cast.south_household,
        kind="AGR",
        detail="BEZ",
        note="dreigt met mes, psychiatrische voorgeschiedenis",
    )
    member = HouseholdMember.objects.filter(household=cast.south_household).first()
    nc = file_report(cast, against=cast.south_household, by=street.de_boer).nuisance_case
    nc.case.handler = cast.other_advisor  # the case is handled in the south
    nc.case.save(update_fields=["handler"])
    client.force_login(cast.advisor)
    assert (
        client.get(reverse("households:detail", args=[cast.south_household.id])).status_code == 404
    )
    html = client.get(reverse("nuisance:detail", args=[nc.id])).text
    assert "dreigt met mes" not in html
    assert 'data-testid="visit-flag"' not in html
    assert cast.south_household.name not in html
    assert str(member.person) not in html
    assert "buurhuishouden" in html
    assert "Huishouden De Boer" in html  # the party in reach shows in full
    listing = client.get(reverse("nuisance:list") + "?show=all").text
    assert cast.south_household.name not in listing and "buurhuishouden" in listing


def test_the_advisor_of_the_other_area_sees_that_household_but_not_the_reporter(
    client, cast, street
):
    f.SafetyFlagFactory(household=cast.south_household, kind="AGR", detail="BEZ", note="Hond")
    f.SafetyFlagFactory(household=street.de_boer, kind="AGR", detail="BEZ", note="Geheim adres")
    nc = file_report(
        cast, against=cast.south_household, by=street.de_boer, actor=cast.other_advisor
    ).nuisance_case
    client.force_login(cast.other_advisor)
    html = client.get(reverse("nuisance:detail", args=[nc.id])).text
    assert cast.south_household.name in html and "Hond" in html
    assert "Huishouden De Boer" not in html and "Geheim adres" not in html
    assert "buurhuishouden" in html
