"""The casework demo data (cases, contacts, network, plans): realistic and deterministic."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.db import transaction
from django.db.models import Count

from verbinding.cases import demo as cases_demo
from verbinding.cases.models import Case
from verbinding.contacts import demo as contacts_demo
from verbinding.contacts.models import ContactMoment
from verbinding.demo.seed import seed
from verbinding.network import demo as network_demo
from verbinding.network.models import NetworkMember, Tie
from verbinding.plans import demo as plans_demo
from verbinding.plans.models import Agreement, Plan

TODAY = dt.date(2026, 11, 26)
pytestmark = [pytest.mark.django_db, pytest.mark.today(TODAY)]


class _Rollback(Exception):
    pass


def _seed_casework(seed_value: int) -> dict[str, object]:
    result: dict[str, object] = {}
    try:
        with transaction.atomic():
            ctx = seed(
                households=400,
                months=4,
                seed_value=seed_value,
                today=TODAY,
                verbose=False,
                with_extensions=False,
            )
            for module in (cases_demo, contacts_demo, network_demo, plans_demo):
                module.seed(ctx)
            channels = dict(ContactMoment.objects.values_list("channel").annotate(n=Count("id")))
            digest = repr(
                [
                    list(
                        Case.objects.order_by("household__external_id", "detail").values_list(
                            "household__external_id", "detail", "status", "opened_on"
                        )
                    ),
                    list(
                        # A total order: two contacts of one household at the same minute
                        # otherwise come back in any order on PostgreSQL.
                        ContactMoment.objects.order_by(
                            "occurred_at", "household__external_id", "channel", "outcome", "note"
                        ).values_list("household__external_id", "channel", "outcome", "note")
                    ),
                    list(
                        NetworkMember.objects.order_by(
                            "household__external_id", "name"
                        ).values_list("household__external_id", "name")
                    ),
                    list(
                        Agreement.objects.order_by(
                            "plan__household__external_id", "what"
                        ).values_list("what", "owner_kind", "due_on", "status")
                    ),
                ]
            )
            result = {
                "digest": hashlib.sha256(digest.encode()).hexdigest(),
                "channels": channels,
                "cases": Case.objects.count(),
                "failed": ContactMoment.objects.exclude(outcome__in=["spoke", "sent"]).count(),
                "plans": Plan.objects.count(),
                "ties": Tie.objects.count(),
                "members": NetworkMember.objects.count(),
                "tenant_agreements": Agreement.objects.filter(owner_kind="tenant").count(),
            }
            raise _Rollback
    except _Rollback:
        pass
    return result


def test_the_casework_demo_is_realistic_and_deterministic():
    first = _seed_casework(3)
    channels = first["channels"]
    assert first["cases"] > 0 and first["plans"] > 0 and first["members"] > 0
    assert channels["BEZ"] + channels["TEL"] > 3 * channels["BRI"]  # visits and calls, not letters
    assert first["failed"] > 0  # failed attempts are part of the history
    assert first["ties"] > first["members"]  # some ties changed: the map has a history
    assert first["tenant_agreements"] == first["plans"]
    assert _seed_casework(3)["digest"] == first["digest"]
