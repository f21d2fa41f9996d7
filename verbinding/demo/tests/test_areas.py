"""A federation-sized seed: more than 99 districts spread over the region's municipalities, with
valid CBS codes (WK + 6 digits, BU + 8 digits). The 1,000,000-household seed stopped on a
9-character district code before."""

from __future__ import annotations

import pytest

from verbinding.areas.models import District, Municipality, Neighbourhood
from verbinding.demo.seed import Plan, create_areas

pytestmark = pytest.mark.django_db


def test_more_than_99_districts_take_the_next_municipality_with_valid_codes():
    plan = Plan(households=0, neighbourhoods=404, districts=101)
    neighbourhoods = create_areas(plan)
    assert len(neighbourhoods) == 404
    codes = list(District.objects.values_list("cbs_code", flat=True))
    assert len(codes) == len(set(codes)) == 101
    assert all(len(c) == 8 and c.startswith("WK") and c[2:].isdigit() for c in codes)
    buurten = list(Neighbourhood.objects.values_list("cbs_code", flat=True))
    assert all(len(c) == 10 and c.startswith("BU") and c[2:].isdigit() for c in buurten)
    first = District.objects.get(cbs_code="WK015001")
    hundredth = District.objects.get(cbs_code="WK019301")
    assert first.municipality.name == "Deventer" and hundredth.municipality.name == "Zwolle"
    for district in District.objects.select_related("municipality"):
        assert district.cbs_code[2:6] == district.municipality.cbs_code[2:]
    # the first municipality is still Deventer, Raalte still receives no signals
    assert Municipality.objects.order_by("id").first().cbs_code == "GM0150"
    assert not Municipality.objects.get(cbs_code="GM0177").receives_signals
