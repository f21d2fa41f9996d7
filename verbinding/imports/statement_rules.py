"""Rules for a bank statement as a whole: does it add up, does it follow on from the one before?

Plain functions over :class:`Facts` (made from a parsed statement or a stored one). Messages go
through gettext, so an import run keeps them in the language of the import (Dutch).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from verbinding.imports.parsers.base import format_cents
from verbinding.imports.parsers.statement import Statement


@dataclass(frozen=True)
class Facts:
    account_iban: str
    statement_id: str
    number: int | None
    opening_cents: int | None
    opening_on: dt.date | None
    closing_cents: int | None
    closing_on: dt.date | None

    @classmethod
    def of(cls, s: Statement | Any) -> Facts:
        return cls(
            s.account_iban,
            s.statement_id,
            s.number,
            s.opening_cents,
            s.opening_on,
            s.closing_cents,
            s.closing_on,
        )


def _date(day: dt.date | None) -> str:
    return day.strftime("%d-%m-%Y") if day else "?"


def describe(f: Facts | Statement) -> str:
    """``rekening NL63INGB0006666666, afschrift 87 (STMT20260504) van 06-05-2026``."""
    day = f.closing_on or f.opening_on
    if f.number:
        return _("account %(account)s, statement %(number)s (%(id)s) of %(date)s") % {
            "account": f.account_iban,
            "number": f.number,
            "id": f.statement_id or "-",
            "date": _date(day),
        }
    return _("account %(account)s, statement %(id)s of %(date)s") % {
        "account": f.account_iban,
        "id": f.statement_id or "-",
        "date": _date(day),
    }


def reconcile(s: Statement) -> tuple[str, str] | None:
    """``(field, message)`` when the statement does not add up or cannot be checked, else None."""
    if s.closing_cents is None or not s.closing_final:
        return s.closing_field, _(
            "%(statement)s has no closing balance (%(field)s), so it cannot be checked"
        ) % {"statement": describe(s), "field": s.closing_field}
    if s.opening_cents is None:
        field = ":60F:" if s.family == "mt940" else "Bal/OPBD"
        return field, _(
            "%(statement)s has no opening balance (%(field)s), so it cannot be checked"
        ) % {"statement": describe(s), "field": field}
    computed = s.opening_cents + s.movement_cents
    if computed == s.closing_cents:
        return None
    return s.closing_field, _(
        "%(statement)s does not add up: opening balance %(opening)s plus the entries "
        "%(movement)s makes %(computed)s, but the closing balance is %(closing)s "
        "(difference %(difference)s)"
    ) % {
        "statement": describe(s),
        "opening": format_cents(s.opening_cents),
        "movement": format_cents(s.movement_cents),
        "computed": format_cents(computed),
        "closing": format_cents(s.closing_cents),
        "difference": format_cents(s.closing_cents - computed),
    }


def follow_on(prev: Facts, cur: Facts) -> list[str]:
    """What is wrong with ``cur`` as the statement after ``prev`` (same account and format)."""
    out: list[str] = []
    names = {"statement": describe(cur), "previous": describe(prev)}
    if (
        prev.closing_cents is not None
        and cur.opening_cents is not None
        and prev.closing_cents != cur.opening_cents
    ):
        out.append(
            _(
                "gap: the opening balance %(opening)s of %(statement)s is not the closing "
                "balance %(closing)s of the previous statement (%(previous)s); difference "
                "%(difference)s. A statement is missing, or one was imported twice."
            )
            % {
                **names,
                "opening": format_cents(cur.opening_cents),
                "closing": format_cents(prev.closing_cents),
                "difference": format_cents(cur.opening_cents - prev.closing_cents),
            }
        )
    if prev.closing_on and cur.opening_on and cur.opening_on < prev.closing_on:
        out.append(
            _("overlap: %(statement)s starts on %(start)s, before %(previous)s ends")
            % {
                **names,
                "start": _date(cur.opening_on),
            }
        )
    if prev.number and cur.number:
        new_year = bool(
            prev.closing_on and cur.closing_on and cur.closing_on.year > prev.closing_on.year
        )
        if cur.number > prev.number + 1:
            missing = (
                str(prev.number + 1)
                if cur.number == prev.number + 2
                else f"{prev.number + 1}-{cur.number - 1}"
            )
            out.append(
                _(
                    "gap: statement number %(missing)s is missing between %(previous)s and %(statement)s"
                )
                % {**names, "missing": missing}
            )
        elif cur.number < prev.number and not new_year:
            out.append(
                _("overlap: %(statement)s has a lower number than %(previous)s before it") % names
            )
    return out


def disagree(mine: Facts, other: Facts, other_format: str) -> str | None:
    """The same day's statement of the account in the other format ends on another balance."""
    if mine.closing_cents is None or other.closing_cents is None:
        return None
    if mine.closing_cents == other.closing_cents:
        return None
    return _(
        "%(statement)s ends on %(mine)s, the %(format)s statement of the same day on %(other)s"
    ) % {
        "statement": describe(mine),
        "mine": format_cents(mine.closing_cents),
        "format": other_format,
        "other": format_cents(other.closing_cents),
    }
