"""Finding and stripping the obvious identifying details from a lesson's text.

Plain functions, no database: the caller passes the names and streets it knows from the case
(household members, network people, the home's street). What is found is replaced by a
placeholder such as ``[naam]``. This catches the *obvious* (names we know, addresses, postcodes,
phone numbers, e-mail addresses, IBANs, dates); the form still asks the author to read the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

PLACEHOLDERS = {
    "name": "[naam]",
    "address": "[adres]",
    "postcode": "[postcode]",
    "phone": "[telefoon]",
    "email": "[e-mail]",
    "iban": "[IBAN]",
    "date": "[datum]",
}

MONTHS = (
    "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december|"
    "january|february|march|may|june|july|august|october|"
    "jan|feb|mrt|mar|apr|jun|jul|aug|sep|sept|okt|oct|nov|dec"
)
STREET_SUFFIXES = (
    "straat|laan|weg|plein|gracht|kade|singel|dijk|hof|park|steeg|dreef|pad|plantsoen|markt|"
    "erf|ring|baan|allee|wal|veld|burg|straatweg|boulevard|promenade|oord|haven|akker"
)

PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("email", re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")),
    # IBAN: country, check digits, then 11-30 letters/digits, optionally in groups of four.
    ("iban", re.compile(r"\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,3})?\b")),
    # Dutch phone numbers: 0/+31/0031, then nine digits with optional spaces or dashes.
    (
        "phone",
        re.compile(r"(?<![\w+])(?:\+31|0031|0)[ -]?(?:\(0\)[ -]?)?[1-9](?:[ -]?\d){8}(?!\d)"),
    ),
    (
        "date",
        re.compile(
            r"\b\d{1,2}[-/.]\d{1,2}[-/.](?:\d{4}|\d{2})\b|\b\d{4}-\d{2}-\d{2}\b"
            rf"|\b\d{{1,2}}\s+(?:{MONTHS})\.?\s+\d{{4}}\b",
            re.IGNORECASE,
        ),
    ),
    # A street name with a known suffix and a house number ("Kerkstraat 12a", "Dorpsweg 3-II").
    (
        "address",
        re.compile(
            rf"\b[A-Z][\w'-]*(?:{STREET_SUFFIXES})\s+\d{{1,5}}(?:\s?[a-zA-Z]\b|-\w{{1,4}})?",
        ),
    ),
    # Postcode 1234 AB / 1234AB (SA, SD and SS are never issued). Lower case only without a space,
    # so "in 2019 de" is left alone.
    ("postcode", re.compile(r"\b[1-9]\d{3}(?:\s?(?!SA|SD|SS)[A-Z]{2}|(?!sa|sd|ss)[a-z]{2})\b")),
]


@dataclass(frozen=True)
class Finding:
    kind: str
    start: int
    end: int
    text: str


def _name_patterns(names: Iterable[str]) -> list[re.Pattern[str]]:
    """Whole-word patterns for known names: full names first, then each part of 3+ letters."""
    wanted: set[str] = set()
    for name in names:
        name = " ".join((name or "").split())
        if len(name) >= 3:
            wanted.add(name)
        for part in re.split(r"[\s-]+", name):
            if len(part) >= 3 and part.lower() not in {"van", "der", "den", "het", "ter", "ten"}:
                wanted.add(part)
    ordered = sorted(wanted, key=len, reverse=True)
    return [re.compile(rf"(?<!\w){re.escape(n)}(?!\w)", re.IGNORECASE) for n in ordered]


def find_identifiers(
    text: str, *, names: Iterable[str] = (), streets: Iterable[str] = ()
) -> list[Finding]:
    """Every obvious identifier in ``text``, without overlaps, in order of appearance."""
    found: list[Finding] = []
    for kind, pattern in PATTERNS:
        found.extend(Finding(kind, m.start(), m.end(), m.group()) for m in pattern.finditer(text))
    for pattern in _name_patterns(names):
        found.extend(Finding("name", m.start(), m.end(), m.group()) for m in pattern.finditer(text))
    for street in {s.strip() for s in streets if s and len(s.strip()) >= 3}:
        pattern = re.compile(
            rf"(?<!\w){re.escape(street)}(?:\s+\d{{1,5}}(?:\s?[a-zA-Z]\b|-\w{{1,4}})?)?(?!\w)",
            re.IGNORECASE,
        )
        found.extend(
            Finding("address", m.start(), m.end(), m.group()) for m in pattern.finditer(text)
        )
    # Keep the longest of overlapping findings.
    found.sort(key=lambda f: (f.start, -(f.end - f.start)))
    result: list[Finding] = []
    for f in found:
        if result and f.start < result[-1].end:
            if f.end > result[-1].end:
                last = result[-1]
                result[-1] = Finding(last.kind, last.start, f.end, text[last.start : f.end])
            continue
        result.append(f)
    return result


def strip_identifiers(
    text: str, *, names: Iterable[str] = (), streets: Iterable[str] = ()
) -> tuple[str, list[Finding]]:
    """``text`` with every finding replaced by its placeholder, and the findings."""
    names, streets = list(names), list(streets)
    findings = find_identifiers(text, names=names, streets=streets)
    out, pos = [], 0
    for f in findings:
        out.append(text[pos : f.start])
        out.append(PLACEHOLDERS[f.kind])
        pos = f.end
    out.append(text[pos:])
    return "".join(out), findings
