"""The outcome figure 'referrals accepted, time to intake' per partner type: aggregates only,
small groups suppressed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from verbinding import clock
from verbinding.outcomes.referral_figures import referral_outcomes
from verbinding.outcomes.scope import Scope
from verbinding.referrals import services
from verbinding.referrals.models import Partner

pytestmark = pytest.mark.django_db


def refer(cast, partner):
    _referral, link = services.referral_create(
        household=cast.north_household,
        partner=partner,
        question="Graag een intake.",
        shared=("question",),
        purpose="Hulp",
        consent_until=clock.today() + dt.timedelta(days=60),
        actor=cast.advisor,
    )
    return link.rstrip("/").rsplit("/", 1)[-1]


def test_accepted_and_days_to_intake_per_partner_type_with_small_groups_hidden(client, cast):
    municipality = cast.north.district.municipality
    debt = Partner.objects.create(name="Schuldhulp", kind="debt_help", municipality=municipality)
    team = Partner.objects.create(name="Wijkteam", kind="wijkteam", municipality=municipality)
    today = clock.today()
    tokens = [refer(cast, debt) for _ in range(6)]
    for n, token in enumerate(tokens[:5]):  # intakes 3, 5, 7, 9, 11 days after the referral
        services.referral_answer(
            token=token, status="intake", intake_on=today + dt.timedelta(days=3 + 2 * n)
        )
    services.referral_answer(token=refer(cast, team), status="accepted")  # one: too few to show
    figure = referral_outcomes(Scope(start=today - dt.timedelta(days=30), end=today))
    rows = {str(row[0]): row[1:] for row in figure.rows}
    assert rows["Schuldhulpverlening van de gemeente"] == [6, 5, 5, 83.3, 7]
    assert rows["Wijkteam"] == [None] * 5
    assert [value for _label, value, _kind in figure.headline] == [7, 85.7, 7]
    # the manager sees the figure, without any name of a household or partner
    client.force_login(cast.manager)
    page = client.get(reverse("outcomes:dashboard")).text
    assert 'id="referrals"' in page
    assert "Huishouden Jansen" not in page and "Schuldhulp<" not in page
