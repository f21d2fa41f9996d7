"""The guardrails before a bailiff, a collection agency or the court, as plain functions.

Everything counts per **arrears episode** (``verbinding.arrears.episodes``): evidence dated before
the current episode started (an earlier, cleared arrears) does not count. docs/law.md lists each
rule with its source and the test that proves it.

Conditions that must be met:

1. ``arrears_now``: there are arrears today (no handover without debt);
2. ``court_threshold`` (court only): more than the association's court threshold in months of
   rent (default 3: the kantonrechters' starting point for dissolving a lease, domain.md §1);
3. ``home_visit``: an attempt at personal contact at home in this episode (any outcome);
4. ``arrangement_offered``: a payment arrangement offered to the tenant in this episode (an offer
   counts whether or not the tenant took it up; a proposal the association declined is no offer);
5. ``fourteen_day_letter``: a 14-dagenbrief of this episode, received, whose term has expired.

Conditions that block (each named with its reason): a running arrangement that is being kept, an
arrangement request waiting for the team lead, accepted municipal debt help (collection suspended
for up to 30 days, Landelijk Convenant Vroegsignalering), a debt-settlement/WSNP/court stay, and,
where the municipality receives early signals, no signal sent in this episode (Besluit
gemeentelijke schuldhulpverlening art. 2).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from verbinding.letters.rules import term_last_day

ARREARS_NOW = "arrears_now"
COURT_THRESHOLD = "court_threshold"
HOME_VISIT = "home_visit"
ARRANGEMENT_OFFERED = "arrangement_offered"
FOURTEEN_DAY_LETTER = "fourteen_day_letter"
ARRANGEMENT_KEPT = "arrangement_kept"
ARRANGEMENT_PENDING = "arrangement_pending"
DEBT_HELP = "debt_help"
COLLECTION_STAY = "collection_stay"
EARLY_SIGNAL = "early_signal"

BLOCKERS = (ARRANGEMENT_KEPT, ARRANGEMENT_PENDING, DEBT_HELP, COLLECTION_STAY, EARLY_SIGNAL)
# A team lead may go ahead without these; a handover without any debt is never recorded.
NOT_OVERRIDABLE = frozenset({ARREARS_NOW})
DEBT_HELP_SUSPENSION_DAYS = 30  # Landelijk Convenant Vroegsignalering (domain.md §2)

WHY = {
    ARREARS_NOW: _(
        "A claim can only be handed over or brought to court while something is owed: nothing is "
        "overdue today by the arrears rule (due date plus grace days)."
    ),
    COURT_THRESHOLD: _(
        "Kantonrechters start from more than three months' rent in arrears before dissolving a "
        "lease (a 2006 starting point, not a statute; domain.md §1). The association's threshold "
        "is set in the arrears policy."
    ),
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
    ARRANGEMENT_KEPT: _(
        "The tenant keeps to a running payment arrangement: a recent arrangement can defeat a "
        "claim to dissolve the lease (domain.md §1)."
    ),
    ARRANGEMENT_PENDING: _(
        "The tenant asked for a payment arrangement and the team lead has not decided yet: decide "
        "the request first."
    ),
    DEBT_HELP: _(
        "The tenant accepted municipal debt help: under the Landelijk Convenant Vroegsignalering "
        "collection is suspended for up to 30 days after the tenant accepts help."
    ),
    COLLECTION_STAY: _(
        "A debt settlement (minnelijk or WSNP) or a court order stops collection while it runs."
    ),
    EARLY_SIGNAL: _(
        "The municipality receives early signals: the landlord must pass on the signal first "
        "(Besluit gemeentelijke schuldhulpverlening art. 2); kantonrechters have refused "
        "dissolution where this step was skipped."
    ),
}

LABELS = {
    ARREARS_NOW: _("Arrears today"),
    COURT_THRESHOLD: _("Arrears above the court threshold (court only)"),
    HOME_VISIT: _("Personal contact attempted at home"),
    ARRANGEMENT_OFFERED: _("Payment arrangement offered"),
    FOURTEEN_DAY_LETTER: _("14-day letter received and its term expired"),
    ARRANGEMENT_KEPT: _("No payment arrangement being kept"),
    ARRANGEMENT_PENDING: _("No arrangement request waiting for the team lead"),
    DEBT_HELP: _("No accepted municipal debt help in its first 30 days"),
    COLLECTION_STAY: _("No debt settlement, WSNP or court stay"),
    EARLY_SIGNAL: _("Early signal sent to the municipality"),
}


@dataclass(frozen=True)
class Stay:
    """A debt-settlement, WSNP or court-ordered stay (``CollectionStay``)."""

    kind_label: str
    starts_on: dt.date
    ends_on: dt.date | None
    source: str

    def runs_on(self, day: dt.date) -> bool:
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)


@dataclass(frozen=True)
class Facts:
    """What the file shows. Dates are evidence; the rules keep only the current episode's."""

    episode_start: dt.date | None = None  # None: not in arrears today
    arrears_cents: int = 0
    months_of_rent: Decimal = Decimal("0")
    court_threshold_months: Decimal = Decimal("3")
    home_visits: tuple[dt.date, ...] = ()
    offers: tuple[dt.date, ...] = ()  # arrangements offered to the tenant (taken up or not)
    letters: tuple[tuple[dt.date, dt.date | None], ...] = ()  # 14-dagenbrieven: (sent, received)
    arrangement_kept_since: dt.date | None = None
    arrangement_pending_since: dt.date | None = None
    debt_help_accepted: tuple[dt.date, ...] = ()
    stays: tuple[Stay, ...] = ()
    signals_agreed: bool = False  # the municipality receives early signals
    signals_sent: tuple[dt.date, ...] = ()  # signal dates (any episode)


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

    @property
    def blocker(self) -> bool:
        return self.code in BLOCKERS

    @property
    def court_only(self) -> bool:
        return self.code == COURT_THRESHOLD

    @property
    def overridable(self) -> bool:
        return self.code not in NOT_OVERRIDABLE


def _day(value: dt.date) -> str:
    return date_format(value, "j F Y")


def _in_episode(days: Iterable[dt.date], start: dt.date | None, today: dt.date) -> list[dt.date]:
    if start is None:
        return []
    return sorted(d for d in days if start <= d <= today)


def _older(days: Iterable[dt.date], start: dt.date | None) -> str:
    """The detail for evidence that exists only from an earlier episode."""
    before = [d for d in days if start is not None and d < start]
    if not before or start is None:
        return ""
    return str(
        _("Only from an earlier arrears episode (%(old)s); this episode started on %(start)s.")
        % {"old": _day(max(before)), "start": _day(start)}
    )


def _letter_check(facts: Facts, today: dt.date) -> Check:
    start = facts.episode_start
    current = [(s, r) for s, r in facts.letters if start is not None and start <= s <= today]
    if not current:
        detail = _older((s for s, _r in facts.letters), start) or str(
            _("No 14-day letter sent in this arrears episode.")
        )
        return Check(FOURTEEN_DAY_LETTER, False, None, detail)
    received = [r for _s, r in current if r is not None and r <= today]
    if not received:
        return Check(
            FOURTEEN_DAY_LETTER,
            False,
            None,
            str(_("The receipt date of the 14-day letter is not recorded.")),
        )
    first = min(received, key=term_last_day)
    last_day = term_last_day(first)
    if today <= last_day:
        return Check(
            FOURTEEN_DAY_LETTER,
            False,
            first,
            str(_("The term runs until %(day)s.") % {"day": _day(last_day)}),
        )
    return Check(FOURTEEN_DAY_LETTER, True, first)


def _evidence_check(code: str, days: tuple[dt.date, ...], facts: Facts, today: dt.date) -> Check:
    current = _in_episode(days, facts.episode_start, today)
    if current:
        return Check(code, True, current[-1])
    return Check(code, False, None, _older(days, facts.episode_start))


def checks(facts: Facts, today: dt.date) -> list[Check]:
    """Every condition, in the order the guardrail screen shows them (court threshold included;
    it applies to a court start only: see ``missing``)."""
    euro = f"€ {facts.arrears_cents / 100:,.2f}".replace(",", "x").replace(".", ",")
    euro = euro.replace("x", ".")
    result = [
        Check(
            ARREARS_NOW,
            facts.arrears_cents > 0,
            facts.episode_start,
            str(
                _("%(amount)s overdue today (%(months)s months of rent); since %(start)s.")
                % {
                    "amount": euro,
                    "months": facts.months_of_rent,
                    "start": _day(facts.episode_start),
                }
            )
            if facts.arrears_cents > 0 and facts.episode_start
            else str(_("Nothing is overdue today.")),
        ),
        Check(
            COURT_THRESHOLD,
            facts.months_of_rent > facts.court_threshold_months,
            None,
            str(
                _("%(months)s months of rent in arrears; the threshold is more than %(limit)s.")
                % {"months": facts.months_of_rent, "limit": facts.court_threshold_months}
            ),
        ),
        _evidence_check(HOME_VISIT, facts.home_visits, facts, today),
        _evidence_check(ARRANGEMENT_OFFERED, facts.offers, facts, today),
        _letter_check(facts, today),
    ]
    kept = facts.arrangement_kept_since
    result.append(
        Check(
            ARRANGEMENT_KEPT,
            kept is None,
            kept,
            str(
                _("A payment arrangement is running and being kept (since %(day)s).")
                % {"day": _day(kept)}
            )
            if kept
            else "",
        )
    )
    pending = facts.arrangement_pending_since
    result.append(
        Check(
            ARRANGEMENT_PENDING,
            pending is None,
            pending,
            str(
                _("An arrangement request from %(day)s is waiting for the team lead.")
                % {"day": _day(pending)}
            )
            if pending
            else "",
        )
    )
    accepted = [
        d
        for d in facts.debt_help_accepted
        if d <= today <= d + dt.timedelta(days=DEBT_HELP_SUSPENSION_DAYS)
    ]
    result.append(
        Check(
            DEBT_HELP,
            not accepted,
            max(accepted) if accepted else None,
            str(
                _("Debt help accepted on %(day)s: collection is suspended until %(until)s.")
                % {
                    "day": _day(max(accepted)),
                    "until": _day(max(accepted) + dt.timedelta(days=DEBT_HELP_SUSPENSION_DAYS)),
                }
            )
            if accepted
            else "",
        )
    )
    running = [s for s in facts.stays if s.runs_on(today)]
    result.append(
        Check(
            COLLECTION_STAY,
            not running,
            running[0].starts_on if running else None,
            "; ".join(
                str(
                    _("%(kind)s since %(start)s (%(source)s)%(until)s")
                    % {
                        "kind": s.kind_label,
                        "start": _day(s.starts_on),
                        "source": s.source,
                        "until": (" " + str(_("until %(day)s") % {"day": _day(s.ends_on)}))
                        if s.ends_on
                        else "",
                    }
                )
                for s in running
            ),
        )
    )
    if facts.signals_agreed:
        sent = _in_episode(facts.signals_sent, facts.episode_start, today)
        result.append(
            Check(
                EARLY_SIGNAL,
                bool(sent),
                sent[-1] if sent else None,
                "" if sent else str(_("No early signal sent in this arrears episode.")),
            )
        )
    return result


def applies(check: Check, step_kind: str | None) -> bool:
    """The court threshold applies to a court start only."""
    return not check.court_only or step_kind == "COURT"


def missing(facts: Facts, today: dt.date, step_kind: str | None = "DEU") -> list[str]:
    return [c.code for c in checks(facts, today) if not c.met and applies(c, step_kind)]


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
