"""The URL × role × reach matrix: every URL pattern that takes the id of a record belonging to a
household answers 403 or 404 to everyone for whom that household is out of reach, for GET and
POST (AVG art. 32: access on a need-to-know basis).

The patterns come from the URLconf and the record kinds from ``audit.pages.SUBJECTS``, so a new
URL is covered without editing this test; a new id keyword fails
``audit/tests/test_every_view_is_audited.py::test_every_url_keyword_names_a_known_kind_of_record``
until it is named there, and this test until the demo seed (or ``_extra_records``) has one.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver

from verbinding import clock
from verbinding.accounts.models import Role, Team, User
from verbinding.audit import pages
from verbinding.demo.seed import seed
from verbinding.testing import factories as f

pytestmark = pytest.mark.django_db

# Pages that may answer an out-of-reach id, and why.
ANSWERS_ANY_ID: dict[str, str] = {
    "access:glass": "the break-the-glass reason form; shows nothing of the household",
}
# Pages a role reaches for every household by its task, not by reach.
ROLE_WIDE: dict[str, set[str]] = {
    "privacy:json": {Role.PRIVACY_OFFICER},  # subject access (AVG art. 15)
    "privacy:pdf": {Role.PRIVACY_OFFICER},
    # Rectification and erasure (AVG art. 16, 17): the privacy officer, for any household.
    "privacy:household": {Role.PRIVACY_OFFICER},
    "privacy:rectify": {Role.PRIVACY_OFFICER},
    "privacy:erase": {Role.PRIVACY_OFFICER},
    # The functional administrator (the privacy officer's role) matches unmatched payments.
    "imports:assign": {Role.PRIVACY_OFFICER},
}


def url_patterns() -> Iterator[tuple[str, str, list[str]]]:
    def walk(patterns: list[Any], prefix: str, ns: str) -> Iterator[tuple[str, str, list[str]]]:
        for p in patterns:
            if isinstance(p, URLResolver):
                if p.namespace in ("admin", "api"):
                    continue  # admin: Django's staff flag; api: tokens, tested in api/tests
                inner = f"{ns}{p.namespace}:" if p.namespace else ns
                yield from walk(p.url_patterns, prefix + str(p.pattern), inner)
            elif isinstance(p, URLPattern) and p.name:
                yield ns + p.name, prefix + str(p.pattern), list(p.pattern.regex.groupindex)

    yield from walk(get_resolver().url_patterns, "", "")


def household_patterns() -> list[tuple[str, str, list[str]]]:
    """Every pattern with at least one keyword that names a household's record."""
    found = []
    for name, route, keywords in url_patterns():
        subjects = [pages.subject_for(name, kw) for kw in keywords if kw not in pages.NOT_IDS]
        if subjects and all(s is not None and s.household_path for s in subjects):
            found.append((name, route, keywords))
    return found


def _first_id(name: str, keyword: str) -> int:
    subject = pages.subject_for(name, keyword)
    assert subject is not None and subject.household_path
    model = apps.get_model(subject.model)
    pk = model.objects.order_by("id").values_list("id", flat=True).first()
    assert pk is not None, f"the demo has no {subject.model} for {name}: add one to _extra_records"
    return int(pk)


def _extra_records() -> None:
    """Records the demo seed does not make."""
    from verbinding.dayplan.models import DayPlan, PlannedVisit
    from verbinding.households.models import Household, Tenancy
    from verbinding.imports.models import ImportRun, UnmatchedPayment

    adviseur = User.objects.get(username="adviseur")
    day = DayPlan.objects.create(advisor=adviseur, day=clock.today())
    PlannedVisit.objects.create(plan=day, household=Household.objects.first(), position=1)
    from verbinding.areas.models import Municipality
    from verbinding.referrals.models import SHAREABLE, Partner, PartnerKind
    from verbinding.referrals.services import referral_create

    if not apps.get_model("referrals.Referral").objects.exists():
        partner = Partner.objects.create(
            name="Schuldhulp",
            kind=PartnerKind.DEBT_HELP,
            municipality=Municipality.objects.first(),
            email="sh@example.org",
        )
        referral_create(
            household=Household.objects.first(),
            partner=partner,
            question="Hulp bij schulden",
            shared=[sorted(SHAREABLE)[0]],
            purpose="Schuldhulp",
            consent_until=clock.today() + dt.timedelta(days=30),
            actor=adviseur,
        )
    run = ImportRun.objects.create(
        kind="bank", file_name="x.xml", file_hash="0" * 64, started_by_label="system"
    )
    UnmatchedPayment.objects.create(
        import_run=run,
        external_ref="REF-1",
        kind="payment",
        booked_on=clock.today(),
        amount_cents=1000,
        tenancy=Tenancy.objects.order_by("id").first(),
    )
    from verbinding.arrangements.models import ArrangementPolicy, PaymentArrangement

    if not PaymentArrangement.objects.exists():  # the seed makes none on some days (1 January)
        tenancy = Tenancy.objects.order_by("id").first()
        assert tenancy is not None
        PaymentArrangement.objects.create(
            household_id=tenancy.household_id,
            tenancy=tenancy,
            policy=ArrangementPolicy.objects.order_by("version").first(),
            amount_cents=1000,
            instalment_cents=1000,
            first_due_on=clock.today(),
            term_months=1,
            rent_cents=65000,
            inside_margins=True,
            created_by=adviseur,
            created_on=clock.today(),
        )
    from verbinding.nuisance.models import Mediation, NuisanceCase

    nc = NuisanceCase.objects.order_by("id").first()
    if nc is not None and not Mediation.objects.exists():
        Mediation.objects.create(
            nuisance_case=nc,
            referred_on=clock.today(),
            organisation="Buurtbemiddeling",
            referred_by=adviseur,
        )


def outsiders() -> list[User]:
    """An advisor and a team lead of a team with an empty neighbourhood and no cases, a
    manager and the privacy officer: every household of the demo is out of their reach."""
    team = Team.objects.create(name="Team Elders")
    empty = f.NeighbourhoodFactory(name="Leeg")
    team.neighbourhoods.set([empty])
    advisor = f.UserFactory(username="buiten", team=team, neighbourhoods=[empty])
    lead = f.UserFactory(username="buitenlead", team=team, role=Role.TEAM_LEAD)
    return [
        advisor,
        lead,
        User.objects.get(username="manager"),
        User.objects.get(username="privacy"),
    ]


def test_every_household_url_refuses_everyone_out_of_reach(client):
    seed(households=150, months=12, seed_value=2026, today=clock.today(), verbose=False)
    _extra_records()
    patterns = household_patterns()
    assert len(patterns) >= 30, len(patterns)
    answered = []
    for user in outsiders():
        client.force_login(user)
        for name, route, keywords in patterns:
            if name in ANSWERS_ANY_ID or user.role in ROLE_WIDE.get(name, set()):
                continue
            values = {kw: _first_id(name, kw) for kw in keywords if kw not in pages.NOT_IDS}
            values.update({kw: "x" for kw in keywords if kw in pages.NOT_IDS})
            url = "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m, v=values: str(v[m.group(1)]), route)
            for method in ("get", "post"):
                status = getattr(client, method)(url).status_code
                if status not in (403, 404, 405):
                    answered.append((user.username, method, url, status))
    assert not answered, f"answered for a household out of reach: {answered}"
