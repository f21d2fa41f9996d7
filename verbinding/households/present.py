"""Which parts of a household file have any rows at all, in one query, for the household page.

Most households have no flags, cases, nuisance, arrangement, letters, plan, network, referrals or
cover: the page asked for each in a query of its own (about a dozen; issue 16). ``read_present``
answers them all with one compiled query of ``EXISTS``; ``household_detail(page=True)`` keeps the
answer on the household instance, and each section's selector asks ``absent(household, part)``
before reading. Every test is a superset of what its section reads (any row of that kind for the
household), so "absent" is certain and "present" only means the section reads as before.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet

from verbinding.db.prepared import INT, Prepared


@dataclass(frozen=True)
class Present:
    ibans: bool  # of its tenancies
    flags: bool  # active safety flags
    cases: bool
    parties: bool  # nuisance cases it is a party to
    arrangements: bool  # running payment arrangements
    letters: bool
    agreements: bool  # plan agreements
    referrals: bool
    contacts: bool  # contact moments (the timeline, the next planned contact)
    network: bool
    plans: bool
    covers: bool  # covers of its owner's absence
    signals: bool  # arrears signals of its tenancies
    due_days: bool  # agreed due days of its tenancies


_KEY = "_present"


def _exists() -> dict[str, Any]:
    from verbinding.arrangements.models import ACTIVE_STATUSES, PaymentArrangement
    from verbinding.arrears.models import ArrearsSignal, RentDueDay
    from verbinding.cases.models import Case
    from verbinding.contacts.models import ContactMoment
    from verbinding.households.models import Cover, SafetyFlag, TenancyIban
    from verbinding.letters.models import Letter
    from verbinding.network.models import NetworkMember
    from verbinding.nuisance.models import Party
    from verbinding.plans.models import Agreement, Plan
    from verbinding.referrals.models import Referral
    from verbinding.vera import codes

    pk = OuterRef("pk")
    return {
        "ibans": TenancyIban.objects.filter(tenancy__household_id=pk),
        "flags": SafetyFlag.objects.filter(household_id=pk, status=codes.SignaleringStatus.ACT),
        "cases": Case.objects.filter(household_id=pk),
        "parties": Party.objects.filter(household_id=pk),
        "arrangements": PaymentArrangement.objects.filter(
            household_id=pk, status__in=ACTIVE_STATUSES
        ),
        "letters": Letter.objects.filter(household_id=pk),
        "agreements": Agreement.objects.filter(plan__household_id=pk),
        "referrals": Referral.objects.filter(household_id=pk),
        "contacts": ContactMoment.objects.filter(household_id=pk),
        "network": NetworkMember.objects.filter(household_id=pk),
        "plans": Plan.objects.filter(household_id=pk),
        "covers": Cover.objects.filter(absent_id=OuterRef("owner_id")),
        "signals": ArrearsSignal.objects.filter(household_id=pk),
        "due_days": RentDueDay.objects.filter(tenancy__household_id=pk),
    }


def _build(pk: int) -> QuerySet[Any, Any]:
    from verbinding.households.models import Household

    parts = _exists()
    names = [f.name for f in fields(Present)]
    return (
        Household.objects.filter(pk=pk)
        .annotate(**{f"has_{name}": Exists(parts[name].order_by()) for name in names})
        .order_by()
        .values_list(*(f"has_{name}" for name in names))
    )


PRESENT = Prepared(_build, pk=INT)


def read_present(household: Any) -> Present:
    """What the household has (one query), kept on the instance for ``absent``."""
    rows = PRESENT.rows(pk=household.pk)
    present = (
        Present(*(bool(v) for v in rows[0])) if rows else Present(*[False] * len(fields(Present)))
    )
    household.__dict__[_KEY] = present
    return present


def absent(household: Any, part: str) -> bool:
    """True when ``read_present`` found no rows of this part for this household instance (a
    household read otherwise knows nothing: False, read as before)."""
    present = getattr(household, "__dict__", {}).get(_KEY)
    return present is not None and not getattr(present, part)
