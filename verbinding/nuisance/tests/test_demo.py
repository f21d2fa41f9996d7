"""The demo seed adds realistic nuisance cases, deterministically."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from verbinding.demo.seed import seed as seed_core
from verbinding.nuisance import demo
from verbinding.nuisance.models import Mediation, NuisanceCase, Party, Recurrence
from verbinding.nuisance.selectors import recurrence_stats

TODAY = dt.date(2026, 11, 26)
pytestmark = [pytest.mark.django_db, pytest.mark.today(TODAY)]


def test_the_demo_has_nuisance_cases_for_a_few_percent_of_households():
    ctx = seed_core(
        households=1500, months=24, seed_value=7, today=TODAY, verbose=False, with_extensions=False
    )
    demo.seed(ctx)
    cases = NuisanceCase.objects.select_related("case")
    total = cases.count()
    assert 30 <= total <= 60  # 1.5 % a year over two years
    kinds = Counter(c.case.detail for c in cases)
    assert kinds.most_common(2)[0][0] in ("GEL", "RUZ")
    # Every case has a complained-about party and at least one reporter.
    for nc in cases.prefetch_related("parties"):
        roles = {p.role for p in nc.parties.all()}
        assert "BEK" in roles and roles & {"MEL", "KLG"}
    assert Mediation.objects.exclude(outcome="").exists()
    assert Party.objects.filter(role="MEL", household=None).exists()
    assert Recurrence.objects.exists()
    stats = recurrence_stats(start=TODAY - dt.timedelta(days=730), end=TODAY)
    assert stats.closures > 0 and 0 < stats.recurred <= stats.closures
