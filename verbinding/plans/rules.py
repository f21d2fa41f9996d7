"""Plan rules as data and plain functions."""

from __future__ import annotations

import datetime as dt

# Allowed agreement status transitions (checked by plans.services.agreement_change_status).
AGREEMENT_TRANSITIONS: dict[str, tuple[str, ...]] = {
    "open": ("done", "not_done", "cancelled"),
    "not_done": ("open", "cancelled"),
    "done": ("open",),
    "cancelled": (),
}

FOLLOWED_BY_ADVISOR = ("advisor",)
REMINDER_TO_CALL = ("tenant", "network", "agency")


def is_due(*, status: str, due_on: dt.date | None, today: dt.date) -> bool:
    """An agreement needs attention when it is still to do and its date has come."""
    return status == "open" and due_on is not None and due_on <= today
