"""Reference data loaded by a data migration (and by tests after a database flush).

The beslagvrije voet is **not** computed from these rows any more (issue 11, docs/law.md): it
depends on income, housing costs and children (Wet vereenvoudiging beslagvrije voet, since 2021)
and its amounts change every half year. The affordability worksheet links to the official
calculator (``PROTECTED_INCOME_TOOL``) and the advisor records its outcome with the date; a figure
calculated before the latest half-yearly change (1 January, 1 July) is flagged as outdated
(``figure_outdated_since``). The 2021 rows stay only for arrangements that referred to them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

# The public calculator of the beslagvrije voet (KBvG rekenmodule; domain.md §3).
PROTECTED_INCOME_TOOL = "https://www.uwbeslagvrijevoet.nl/"
# The beslagvrije voet's amounts change on these days each year (vng.nl; domain.md §3).
REINDEX_DAYS = ((1, 1), (7, 1))


def figure_outdated_since(calculated_on: dt.date, today: dt.date) -> dt.date | None:
    """The first re-indexing day after ``calculated_on`` that has passed by ``today`` (the figure
    is outdated since then), or None when the figure is still current."""
    for year in range(calculated_on.year, today.year + 1):
        for month, day in REINDEX_DAYS:
            change = dt.date(year, month, day)
            if calculated_on < change <= today:
                return change
    return None


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
