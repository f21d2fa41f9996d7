"""'Lopende zaken': what is going on in a household now, for the top of the household page.

Read for a household the caller has already opened through ``selectors.household_detail`` (so the
access rule is applied there); contacts go through the contacts selector's confidentiality rule.
A bounded number of queries (about nine) whatever the household's history.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from verbinding.vera import codes

RECENT_LETTER_DAYS = 60  # a letter without a known deadline is shown this long after sending
# What the glance shows of them (households/_glance.html): not the letter's body, not every figure
LETTER_FIELDS = ("id", "household_id", "kind", "sent_on", "received_on")
ARRANGEMENT_FIELDS = ("id", "household_id", "instalment_cents", "status", "approval", "created_on")


@dataclass
class ArrangementGlance:
    arrangement: Any
    paid: int = 0
    partly_paid: int = 0
    missed: int = 0
    coming: int = 0
    next_due: Any = None  # the next instalment not yet due (or due today)

    @property
    def pending(self) -> bool:
        return self.arrangement.status == "AAN"


@dataclass
class LetterGlance:
    letter: Any
    deadline: dt.date | None
    expired: bool


@dataclass
class NuisanceGlance:
    nuisance_case: Any
    as_reporter: bool  # this household reported; otherwise it is the party complained about


@dataclass
class Glance:
    cases: list[Any] = field(default_factory=list)
    arrangement: ArrangementGlance | None = None
    letters: list[LetterGlance] = field(default_factory=list)
    nuisance: list[NuisanceGlance] = field(default_factory=list)
    overdue_agreements: list[Any] = field(default_factory=list)
    referrals: list[Any] = field(default_factory=list)  # warm referrals still in play
    referral_count: int = 0  # every referral of the household, running or not
    next_contact_on: dt.date | None = None

    @property
    def empty(self) -> bool:
        return not (
            self.cases
            or self.arrangement
            or self.letters
            or self.nuisance
            or self.overdue_agreements
            or self.referrals
            or self.next_contact_on
        )


def arrangement_glance(arrangement: Any, today: dt.date) -> ArrangementGlance:
    from verbinding.arrangements.rules import shown_state

    glance = ArrangementGlance(arrangement=arrangement)
    for inst in arrangement.instalments.all():
        state = shown_state(
            status=inst.status,
            due_on=inst.due_on,
            paid_cents=inst.paid_cents,
            amount_cents=inst.amount_cents,
            today=today,
        )
        if state == "coming":
            glance.coming += 1
            if glance.next_due is None:
                glance.next_due = inst
        else:
            setattr(glance, state, getattr(glance, state) + 1)
    return glance


def household_glance(
    *, user: Any, household: Any, today: dt.date, cases: list[Any] | None = None
) -> Glance:
    """``cases``: the household's cases if the caller already read them (saves two queries)."""
    from verbinding.arrangements.models import ACTIVE_STATUSES, PaymentArrangement
    from verbinding.cases.selectors import cases_for_household
    from verbinding.contacts.models import ContactMoment
    from verbinding.households.present import absent
    from verbinding.letters.models import Letter, LetterKind
    from verbinding.letters.rules import term_last_day
    from verbinding.nuisance.models import REPORTER_ROLES, Party
    from verbinding.plans.models import Agreement, AgreementState
    from verbinding.referrals.selectors import household_referrals

    glance = Glance()
    if cases is None:
        cases = list(cases_for_household(user=user, household=household))
    cases = [c for c in cases if c.is_open]
    nuisance_case_ids = set()
    parties = (
        []
        if absent(household, "parties")
        else (
            Party.objects.filter(household=household)
            .exclude(nuisance_case__case__status__in=codes.CLOSED_CASE_STATUSES)
            .select_related("nuisance_case__case")
            .order_by("-nuisance_case__case__opened_on", "nuisance_case_id", "id")
        )
    )
    seen: set[int] = set()
    for party in parties:
        if party.nuisance_case_id in seen:
            continue
        seen.add(party.nuisance_case_id)
        nuisance_case_ids.add(party.nuisance_case.case_id)
        glance.nuisance.append(
            NuisanceGlance(
                nuisance_case=party.nuisance_case, as_reporter=party.role in REPORTER_ROLES
            )
        )
    # A nuisance case is shown once, in the nuisance list (with the household's role in it).
    glance.cases = [c for c in cases if c.id not in nuisance_case_ids]
    arrangement = (
        None
        if absent(household, "arrangements")
        else (
            PaymentArrangement.objects.filter(household=household, status__in=ACTIVE_STATUSES)
            .only(*ARRANGEMENT_FIELDS)
            .prefetch_related("instalments")
            .order_by("-created_on", "-id")
            .first()
        )
    )
    if arrangement is not None:
        glance.arrangement = arrangement_glance(arrangement, today)
    since = today - dt.timedelta(days=RECENT_LETTER_DAYS)
    for letter in (
        []
        if absent(household, "letters")
        else (
            Letter.objects.filter(household=household, sent_on__gte=since)
            .only(*LETTER_FIELDS)
            .order_by("-sent_on", "-id")
        )
    ):
        deadline = None
        if letter.kind == LetterKind.FOURTEEN_DAY and letter.received_on:
            deadline = term_last_day(letter.received_on)
        glance.letters.append(
            LetterGlance(
                letter=letter, deadline=deadline, expired=bool(deadline and deadline < today)
            )
        )
    glance.overdue_agreements = (
        []
        if absent(household, "agreements")
        else list(
            Agreement.objects.filter(
                plan__household=household, status=AgreementState.OPEN, due_on__lt=today
            )
            .only("id", "plan_id", "what", "due_on")
            .order_by("due_on", "id")
        )
    )
    if not absent(household, "referrals"):
        glance.referrals, glance.referral_count = household_referrals(household)
    glance.next_contact_on = (
        None
        if absent(household, "contacts")
        else (
            ContactMoment.objects.filter(
                household=household, follow_up_done=False, follow_up_on__gte=today
            )
            .order_by("follow_up_on")
            .values_list("follow_up_on", flat=True)
            .first()
        )
    )
    return glance
