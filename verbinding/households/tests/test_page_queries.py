"""The household page's query count, pinned for an advisor and a team lead (issue 16).

A household with a plan and a network: the network is read once (the network section and the
plan's "who to call" share it), the arrears section reads its due days once and no ledger page,
the cases come without their status history, the owner and the reminder consent come with the
household, and one query gives both the running referrals and their count."""

from __future__ import annotations

import pytest
from django.urls import reverse

from verbinding import clock
from verbinding.arrears.services import recompute
from verbinding.network import services as network
from verbinding.plans import services as plans
from verbinding.testing import factories as f

# session, user, household with owner and consent, which parts have rows (households.present),
# tenancies, members, arrears (state, policy, signals, ledger), glance (overdue agreements), network
# (ties, consents), plan (plan, goals, agreements; not their status history), audit (2). Parts
# without rows are not read: IBANs, flags, due days, cases, nuisance parties, arrangement, letters,
# referrals, next contact and timeline (no contacts), the owner's cover. Before this work (main at
# 4fefd00): 35 (36 with an agreement in the plan); 4 Dec afternoon (hh), the agreements' history
# no longer read for the page's plan summary: 29 -> 28 with the agreement; evening (hh), the parts
# without rows skipped: 28 -> 18 (an empty household: 11, households/tests/test_present.py).
ADVISOR_QUERIES = 18
TEAM_LEAD_QUERIES = ADVISOR_QUERIES + 1  # the team's advisors for the owner form


@pytest.fixture
def full_household(cast):
    household = cast.north_household
    tenancy = household.tenancies.get()
    f.LedgerEntryFactory(tenancy=tenancy)
    member = network.member_add(
        household=household,
        name="Buurvrouw Els",
        category="professionals",
        phone="0612345678",
        actor=cast.advisor,
    )
    plan = plans.plan_for_household(household=household, actor=cast.advisor)
    goal = plans.goal_add(plan=plan, text="Huur op tijd", actor=cast.advisor)
    agreement = plans.agreement_add(
        plan=plan,
        what="Belt de schuldhulp",
        owner_kind="network",
        owner_member=member,
        goal=goal,
        actor=cast.advisor,
    )
    assert member.pk and goal.pk and agreement.pk
    household.owner = cast.advisor
    household.save(update_fields=["owner"])
    recompute(today=clock.today())  # the stored arrears state, as every night
    return household


@pytest.mark.parametrize(
    ("who", "expected"), [("advisor", ADVISOR_QUERIES), ("team_lead", TEAM_LEAD_QUERIES)]
)
def test_the_household_page_query_count_is_pinned(
    client, cast, full_household, who, expected, django_assert_num_queries
):
    client.force_login(getattr(cast, who))
    url = reverse("households:detail", args=[full_household.id])
    client.get(url)  # warm the session
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Buurvrouw Els" in html and "Belt de schuldhulp" in html
