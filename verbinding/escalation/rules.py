"""The guardrails before a bailiff, a collection agency or the court, as plain functions.

A handover is allowed only when the file shows all three (docs/arrangements.md, "Escalation"):

1. ``home_visit``: at least one attempt at personal contact at home (contact moment BEZ, any
   outcome: a closed door counts as an attempt);
2. ``arrangement_offered``: a payment arrangement was offered (made, proposed, or offered and not
   taken up);
3. ``fourteen_day_letter``: a 14-dagenbrief with a known receipt date whose term has expired.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

HOME_VISIT = "home_visit"
ARRANGEMENT_OFFERED = "arrangement_offered"
FOURTEEN_DAY_LETTER = "fourteen_day_letter"

WHY = {
    HOME_VISIT: _(
        "Kantonrechters expect the landlord to have tried to talk to the tenant in person before "
        "asking to dissolve the lease; most evictions are avoided through personal contact "
        "(domain.md §1), and the Besluit gemeentelijke schuldhulpverlening art. 2 asks for an "
        "attempt at personal contact."
    ),
    ARRANGEMENT_OFFERED: _(
        "A payment arrangement must have been offered first: kantonrechters have refused "
        "dissolution where landlords skipped this step, and the association's own policy sets it "
        "as the way out of arrears."
    ),
    FOURTEEN_DAY_LETTER: _(
        "Collection costs may only be charged after a 14-dagenbrief whose 14 days, counted from the "
        "day after receipt, have passed (art. 6:96 lid 6 BW; Hoge Raad 25-11-2016). The landlord "
        "must be able to prove the receipt date."
    ),
}

LABELS = {
    HOME_VISIT: _("Personal contact attempted at home"),
    ARRANGEMENT_OFFERED: _("Payment arrangement offered"),
    FOURTEEN_DAY_LETTER: _("14-day letter received and its term expired"),
}


@dataclass(frozen=True)
class Facts:
    home_visit_on: dt.date | None = None  # the latest home-visit attempt
    arrangement_offered_on: dt.date | None = None  # the latest arrangement or offer
    letter_sent_on: dt.date | None = None  # the latest 14-dagenbrief
    letter_received_on: dt.date | None = None  # its receipt date, if known


@dataclass(frozen=True)
class Check:
    code: str
    met: bool
    evidence_on: dt.date | None
    detail: str = ""

    @property
    def label(self) -> str:
        return str(LABELS[self.code])

    @property
    def why(self) -> str:
        return str(WHY[self.code])


def term_last_day(received_on: dt.date) -> dt.date:
    return received_on + dt.timedelta(days=14)


def checks(facts: Facts, today: dt.date) -> list[Check]:
    letter_detail = ""
    letter_met = False
    if facts.letter_sent_on is None:
        letter_detail = str(_("No 14-day letter sent."))
    elif facts.letter_received_on is None:
        letter_detail = str(_("The receipt date of the 14-day letter is not recorded."))
    elif today <= term_last_day(facts.letter_received_on):
        letter_detail = str(
            _("The term runs until %(day)s.") % {"day": term_last_day(facts.letter_received_on)}
        )
    else:
        letter_met = True
    return [
        Check(HOME_VISIT, facts.home_visit_on is not None, facts.home_visit_on),
        Check(
            ARRANGEMENT_OFFERED,
            facts.arrangement_offered_on is not None,
            facts.arrangement_offered_on,
        ),
        Check(FOURTEEN_DAY_LETTER, letter_met, facts.letter_received_on, letter_detail),
    ]


def missing(facts: Facts, today: dt.date) -> list[str]:
    return [c.code for c in checks(facts, today) if not c.met]


# --- after a handover or court start: which outcome may follow which (data, checked by the service)

DISSOLUTION = "dissolution"
PAYMENT_JUDGMENT = "payment_judgment"
EVICTION_EXECUTED = "eviction_executed"
EVICTION_CALLED_OFF = "eviction_called_off"
WITHDRAWN = "withdrawn"

# Keyed by the latest outcome of the step (None: nothing recorded yet). A judgment needs a court
# case, which a bailiff (DEU) or the association (COURT) starts; a collection agency cannot.
# An eviction called off can still be carried out later on the same judgment (e.g. when the
# arrangement made to avoid it is not kept).
NEXT_OUTCOMES: dict[str | None, frozenset[str]] = {
    None: frozenset({DISSOLUTION, PAYMENT_JUDGMENT, WITHDRAWN}),
    DISSOLUTION: frozenset({EVICTION_EXECUTED, EVICTION_CALLED_OFF}),
    EVICTION_CALLED_OFF: frozenset({EVICTION_EXECUTED}),
    PAYMENT_JUDGMENT: frozenset(),
    EVICTION_EXECUTED: frozenset(),
    WITHDRAWN: frozenset(),
}
NO_COURT_STEPS = frozenset({"INC"})


def next_outcomes(step_kind: str, latest: str | None) -> frozenset[str]:
    """The outcomes that may be recorded next for a step of ``step_kind``."""
    allowed = NEXT_OUTCOMES.get(latest, frozenset())
    if step_kind in NO_COURT_STEPS:
        allowed = allowed & {WITHDRAWN}
    return allowed
