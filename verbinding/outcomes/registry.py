"""Every figure on the dashboard, in page order: the function that computes it and the one that
lists the households behind a group of it (``None`` when a figure has no households behind it)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from verbinding.outcomes import arrears, case_figures, contact_figures, referral_figures
from verbinding.outcomes.figure import Figure
from verbinding.outcomes.scope import Scope


@dataclass(frozen=True)
class Entry:
    key: str
    compute: Callable[[Scope], Figure]
    households: Callable[[Scope, str], Any] | None


FIGURES: list[Entry] = [
    Entry("arrears_now", arrears.arrears_now, arrears.arrears_now_households),
    Entry("arrears_trend", arrears.arrears_trend, None),
    Entry(
        "time_to_contact",
        contact_figures.time_to_contact,
        contact_figures.time_to_contact_households,
    ),
    Entry("personal_share", contact_figures.personal_share, None),
    Entry("appreciation", case_figures.appreciation, None),
    Entry("arrangements", case_figures.arrangements, case_figures.arrangement_households),
    Entry("durable", case_figures.durable_cases, case_figures.durable_households),
    Entry("cleared", arrears.cleared_still_paying, arrears.cleared_households),
    Entry("escalations", case_figures.escalations, case_figures.escalation_households),
    Entry("prevented", arrears.evictions_prevented, arrears.prevented_households),
    Entry("nuisance", case_figures.nuisance, case_figures.nuisance_households),
    Entry("referrals", referral_figures.referral_outcomes, None),
]
BY_KEY = {e.key: e for e in FIGURES}
