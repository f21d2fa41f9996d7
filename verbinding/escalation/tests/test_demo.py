"""The escalation demo: handovers, court starts, judgments and evictions at realistic proportions,
recorded through the services (guardrails, audit), deterministic for a seed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction

from verbinding.accounts.roles import Role
from verbinding.audit.models import AuditEvent
from verbinding.demo.seed import seed
from verbinding.escalation import demo, rules
from verbinding.escalation.models import Escalation, LegalOutcome

TODAY = dt.date(2026, 11, 26)
pytestmark = [pytest.mark.django_db, pytest.mark.today(TODAY)]


class _Rollback(Exception):
    pass


def _seed(seed_value: int) -> dict[str, object]:
    result: dict[str, object] = {}
    try:
        with transaction.atomic():
            ctx = seed(
                households=1500,
                months=12,
                seed_value=seed_value,
                today=TODAY,
                verbose=False,
                with_extensions=False,
            )
            demo.seed(ctx)
            steps = list(Escalation.objects.select_related("override_by", "tenancy"))
            outcomes = list(LegalOutcome.objects.select_related("escalation", "tenancy"))
            result = {
                "digest": sorted(
                    (o.tenancy.external_id, o.kind, o.occurred_on.isoformat()) for o in outcomes
                ),
                "steps": steps,
                "outcomes": outcomes,
                "households": ctx.household_count,
                "audited": AuditEvent.objects.filter(
                    object_type="escalation.legaloutcome", household_id__isnull=False
                ).count(),
            }
            raise _Rollback
    except _Rollback:
        pass
    return result


def test_the_escalation_demo_is_realistic_and_goes_through_the_guardrails():
    first = _seed(7)
    steps: list[Escalation] = first["steps"]  # type: ignore[assignment]
    outcomes: list[LegalOutcome] = first["outcomes"]  # type: ignore[assignment]
    handovers = [s for s in steps if s.kind == "DEU"]
    courts = [s for s in steps if s.kind == "COURT"]
    # A few per hundred households, fewer court starts than handovers.
    assert 3 <= len(handovers) <= 1500 // 50 and 1 <= len(courts) < len(handovers)
    kinds = [o.kind for o in outcomes]
    decided = kinds.count("eviction_executed") + kinds.count("eviction_called_off")
    assert kinds.count("dissolution") + kinds.count("payment_judgment") >= 1
    assert kinds.count("withdrawn") >= 1  # paid before the bailiff or the court went further
    assert kinds.count("eviction_executed") <= decided / 2  # most evictions are avoided
    assert first["audited"] == len(outcomes)
    # Every step kept its guardrails; a step without a complete file is a team lead's override.
    for step in steps:
        assert {c["code"] for c in step.checks} >= {
            rules.ARREARS_NOW,
            rules.HOME_VISIT,
            rules.ARRANGEMENT_OFFERED,
            rules.FOURTEEN_DAY_LETTER,
            rules.ARRANGEMENT_KEPT,
        }
        assert rules.ARREARS_NOW not in step.missing_codes  # never without debt
        if step.missing_codes:
            assert step.overridden and step.override_by.role == Role.TEAM_LEAD
            assert step.override_reason
    assert sum(not s.overridden for s in steps) > len(steps) / 2  # most files are complete
    # An eviction carried out ends the tenancy (as the ERP register import would).
    for o in outcomes:
        if o.kind == "eviction_executed":
            assert o.tenancy.status == "ONT" and o.tenancy.end_date == o.occurred_on
        assert o.occurred_on <= TODAY and o.occurred_on >= o.escalation.handed_over_on
    assert _seed(7)["digest"] == first["digest"]
