"""Plain rules of the warm referral: working days, link validity, what the partner may see."""

from __future__ import annotations

import datetime as dt
import hashlib

ANSWER_WITHIN_WORKING_DAYS = 5  # a referral without an answer after this shows on the worklist
LINK_VALID_DAYS = 30


def token_hash(token: str) -> str:
    """Only a hash of the one-time link's token is stored (a leaked database opens no link)."""
    return hashlib.sha256(token.encode()).hexdigest()


def add_working_days(day: dt.date, n: int) -> dt.date:
    """``n`` working days (Monday to Friday) after ``day``. Public holidays are not skipped yet."""
    while n > 0:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            n -= 1
    return day


def is_overdue(sent_on: dt.date, today: dt.date, days: int = ANSWER_WITHIN_WORKING_DAYS) -> bool:
    """No answer within ``days`` working days after sending."""
    return today > add_working_days(sent_on, days)
