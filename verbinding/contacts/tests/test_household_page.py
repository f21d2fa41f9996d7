"""The household page with the casework sections: a query count that does not grow with the data."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from verbinding.cases.services import case_open
from verbinding.contacts.services import contact_record
from verbinding.network.services import consent_record, member_add
from verbinding.plans import services as plans

pytestmark = pytest.mark.django_db

# The household page's whole query budget (foundation + arrears + casework sections).
MAX_QUERIES = 42  # + "Lopende zaken" (issue 12): nuisance, arrangement, letters, plan, next contact


def fill(cast, n):
    household = cast.north_household
    case = case_open(household=household, detail="HUA", handler=cast.advisor, actor=cast.advisor)
    plan = plans.plan_for_household(household=household, actor=cast.advisor)
    for i in range(n):
        contact_record(
            household=household,
            channel=["BEZ", "TEL", "BRI"][i % 3],
            outcome="spoke",
            note=f"n{i}",
            case=case if i % 2 else None,
            confidentiality="GEH" if i % 4 == 0 else "INT",
            follow_up_on=None,
            actor=cast.advisor if i % 2 else cast.colleague,
        )
        m = member_add(household=household, name=f"P{i}", category="family", actor=cast.advisor)
        consent_record(member=m, kind="contact", given=True, purpose="x", actor=cast.advisor)
        goal = plans.goal_add(plan=plan, text=f"doel {i}", actor=cast.advisor)
        a = plans.agreement_add(
            plan=plan, what=f"afspraak {i}", owner_kind="tenant", goal=goal, actor=cast.advisor
        )
        plans.agreement_change_status(agreement=a, status="done", actor=cast.advisor)


def count(client, cast):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("households:detail", args=[cast.north_household.id]))
    assert response.status_code == 200
    return len(ctx.captured_queries), response.text


def test_the_household_page_query_count_does_not_grow_with_contacts_network_or_plan(client, cast):
    client.force_login(cast.advisor)
    fill(cast, 2)
    small, _ = count(client, cast)
    fill(cast, 12)
    large, html = count(client, cast)
    assert large == small, f"{small} queries with little data, {large} with more"
    assert large <= MAX_QUERIES
    assert 'data-testid="ecomap"' in html
    assert 'data-testid="timeline"' in html
    assert 'data-testid="plan-section"' in html
