"""Nuisance rules as plain functions: the suggested next step, recurrence, redaction.

Nothing here writes or reads the database. The ladder is a *suggestion with a reason*
(product principle 7): the advisor chooses the step and records why (``StepTaken``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from verbinding.privacy import redaction

RECURRENCE_WINDOW_DAYS = 365  # "within 12 months" of the closed case's closing date
SECOND_INVITATION_AFTER_DAYS = 14  # no response to an invitation: send a second one
MEDIATION_CHECK_AFTER_DAYS = 42  # ask the mediation service for an outcome after six weeks
MIN_INCIDENTS_FOR_ORDER = 3  # a behaviour order or court needs a file of repeated facts

# Kinds where mediation suits (quarrels and everyday annoyance; jutter.nl, domain.md §4).
MEDIABLE_KINDS = frozenset({"GEL", "RUZ", "DIE", "STA", "VUI", "OVE", "ONG"})
# Kinds where care comes first (vulnerable household: kjenning.nl five-way split).
CARE_FIRST_KINDS = frozenset({"PSY", "VER"})
# Criminal kinds: police and municipality, no mediation, no "own attempt".
CRIMINAL_KINDS = frozenset({"DRU", "HEN", "AGR", "VAN"})


@dataclass(frozen=True)
class CaseFacts:
    """What the rules need to know about a case, gathered by the selector."""

    kind: str
    today: dt.date
    reporters_talked: bool = False  # a reporter says they talked to the neighbour themselves
    reporter_feels_unsafe: bool = False
    steps: frozenset[str] = frozenset()  # steps taken so far
    complained_about_heard: bool = False
    invitations: tuple[dt.date, ...] = ()  # invitations sent to the complained-about party
    mediation_outcomes: tuple[str, ...] = ()  # "" while a referral is still pending
    last_mediation_referred_on: dt.date | None = None
    incidents: int = 0
    incidents_after_warning: int = 0
    is_open: bool = True


@dataclass(frozen=True)
class Suggestion:
    step: str  # a Step value, or "" when the suggestion is to wait or close
    reason: str


def invitation_state(invitations: Iterable[dt.date], heard: bool, today: dt.date) -> str:
    """``heard`` | ``not_invited`` | ``invited`` | ``second_due`` | ``no_response``."""
    sent = sorted(invitations)
    if heard:
        return "heard"
    if not sent:
        return "not_invited"
    waited = (today - sent[-1]).days
    if waited < SECOND_INVITATION_AFTER_DAYS:
        return "invited"
    return "second_due" if len(sent) == 1 else "no_response"


def suggest_next_step(facts: CaseFacts) -> Suggestion:
    """The next rung of the ladder, with the reason in plain Dutch (translated)."""
    f = facts
    if not f.is_open:
        return Suggestion("", _("The case is closed. A new report within 12 months reopens it."))
    if f.kind in CRIMINAL_KINDS and "care" not in f.steps:
        return Suggestion(
            "care",
            _(
                "Possible crime or threat: mediation does not fit. Discuss the case with the "
                "police and the municipality (case conference)."
            ),
        )
    if (
        f.kind in MEDIABLE_KINDS
        and not f.reporters_talked
        and not f.reporter_feels_unsafe
        and "own" not in f.steps
    ):
        return Suggestion(
            "own",
            _(
                "The reporter has not yet talked to the neighbours themselves: suggest they "
                "try a conversation of their own first."
            ),
        )
    state = invitation_state(f.invitations, f.complained_about_heard, f.today)
    if state == "not_invited":
        return Suggestion(
            "talk",
            _(
                "The complained-about party has not been heard yet: invite them to tell their "
                "side. A story always has two sides."
            ),
        )
    if state == "invited":
        return Suggestion(
            "",
            _("The complained-about party has been invited: wait for their response."),
        )
    if state == "second_due":
        return Suggestion(
            "talk",
            _(
                "No response to the invitation for two weeks: send a second invitation, "
                "preferably in person."
            ),
        )
    if f.kind in CARE_FIRST_KINDS and "care" not in f.steps:
        return Suggestion(
            "care",
            _(
                "Mental health or addiction plays a part: care comes first. Involve a care "
                "partner or hold a case conference before any legal step."
            ),
        )
    pending = "" in f.mediation_outcomes
    if pending:
        ref = f.last_mediation_referred_on
        if ref and (f.today - ref).days >= MEDIATION_CHECK_AFTER_DAYS:
            return Suggestion(
                "",
                _("Mediation started more than six weeks ago: ask the mediators for the outcome."),
            )
        return Suggestion("", _("Mediation is under way: wait for the outcome."))
    if f.mediation_outcomes and f.mediation_outcomes[-1] == "resolved":
        return Suggestion(
            "",
            _(
                "Mediation resolved the problem: check with both parties in a few weeks, then "
                "close the case."
            ),
        )
    if f.kind in MEDIABLE_KINDS and not f.mediation_outcomes:
        return Suggestion(
            "mediation",
            _(
                "Both sides have been heard: propose neighbourhood mediation. It is voluntary "
                "and solves about two out of three cases."
            ),
        )
    if "warning" not in f.steps:
        return Suggestion(
            "warning",
            _(
                "Talks and mediation did not end the nuisance: send a warning letter naming "
                "the facts from the incident log."
            ),
        )
    if f.incidents_after_warning == 0:
        return Suggestion(
            "",
            _("No new incidents since the warning: follow up with both parties and keep the log."),
        )
    if "care" not in f.steps:
        return Suggestion(
            "care",
            _(
                "The nuisance goes on after the warning: discuss it with a care partner or in a "
                "case conference before going to the mayor or the court."
            ),
        )
    if f.incidents < MIN_INCIDENTS_FOR_ORDER:
        return Suggestion(
            "",
            _(
                "A behaviour order or court case needs a file of repeated facts: record "
                "incidents in the log first."
            ),
        )
    return Suggestion(
        "order",
        _(
            "Serious, repeated nuisance despite a warning and care: ask the mayor for a "
            "behaviour order (Wet aanpak woonoverlast) or prepare a court case."
        ),
    )


def is_recurrence(closed_on: dt.date | None, report_date: dt.date) -> bool:
    """A new report about the same party within 12 months of the case being closed."""
    if closed_on is None:
        return False
    return 0 <= (report_date - closed_on).days <= RECURRENCE_WINDOW_DAYS


def redact(
    text: str, secrets: Iterable[str], mask: str = "[…]", allowed: Iterable[str] = ()
) -> str:
    """Mask every secret (reporter names, streets, phone numbers) in free text, case-insensitively.

    A safety net for anything shown to the complained-about party: staff are asked to write facts
    without naming reporters, and this catches what slips through. It is the redaction engine of
    shared lessons (``verbinding.privacy.redaction``): the secrets are masked even inside other
    words (over-masking is the safe side here; secrets shorter than three characters are ignored),
    and every other name, phone number, e-mail address, address, postcode, IBAN or BSN it finds
    (Deduce and the patterns) is masked too, except the ``allowed`` names (reporters who agreed to
    be named, the party's own household). Dates stay: they are the facts of the case.
    """
    return redaction.redact(
        text, secrets=secrets, kinds=REDACTED_KINDS, mask=mask, allowed=allowed
    )[0]


REDACTED_KINDS = frozenset(redaction.ALL_KINDS - {"date"})
