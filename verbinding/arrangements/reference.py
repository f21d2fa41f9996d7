"""Reference data loaded by a data migration (and by tests after a database flush).

The beslagvrije voet: 95% of the bijstandsnorm since 1-1-2021; €967.90 single, €1,382.71 couple
(domain.md §3, https://www.sociaalverhaal.com/wettelijke-beslagvrije-voet-per-1-janurai-2021/).
It is re-indexed periodically: add newer rows (admin, "beslagvrije voet (reference data)").
"""

from __future__ import annotations

import datetime as dt
from typing import Any

SOURCE_2021 = "https://www.sociaalverhaal.com/wettelijke-beslagvrije-voet-per-1-janurai-2021/"
PROTECTED_INCOME = [
    (dt.date(2021, 1, 1), "single", 96790, SOURCE_2021),
    (dt.date(2021, 1, 1), "couple", 138271, SOURCE_2021),
]


def load(protected_income_model: Any, policy_model: Any) -> None:
    for valid_from, kind, cents, source in PROTECTED_INCOME:
        protected_income_model.objects.get_or_create(
            valid_from=valid_from,
            household_kind=kind,
            defaults={"amount_cents": cents, "source": source},
        )
    if not policy_model.objects.exists():
        policy_model.objects.create(
            version=1,
            valid_from=dt.date(2020, 1, 1),
            note="Standaardmarges uit de praktijk (Wonen Midden-Delfland, NWS, Patrimonium).",
        )


def load_current() -> None:
    from verbinding.arrangements.models import ArrangementPolicy, ProtectedIncome

    load(ProtectedIncome, ArrangementPolicy)
