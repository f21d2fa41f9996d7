"""One redaction engine: find and mask what could identify a person in free text.

Used wherever free text leaves its context: shared lessons (a lesson cannot be published while
``find`` still finds something) and the nuisance case as the other party sees it (the reporters'
details are masked). Three layers, all offline:

1. **Patterns** (plain regular expressions, validated where a checksum exists): e-mail addresses,
   IBANs (``stdnum.iban``), BSNs (``stdnum.nl.bsn``, the eleven test), Dutch phone numbers,
   dates, postcodes and "street + house number".
2. **What we know** of the people involved: the names of the household's members and network,
   the household's streets, and literal secrets (a reporter's name or phone number, masked even
   inside other words: over-masking is the safe side there).
3. **Deduce** (``deduce``, the de-identification method for Dutch text of UMC Utrecht): person
   names (first names, surnames, initials, titles), places and streets, phone numbers, e-mail
   addresses, URLs, BSN-like and other id numbers, dates. Its lookup tables ship with the package;
   the structures built from them are cached next to them at install time (``python -m
   verbinding.privacy.redaction --build``, part of ``make install``) and loaded once per process
   (about 1 GB of memory, 10-20 s) on first use.

What is found is reported as ``Finding`` (kind, where, what), so that an author sees what was found
and where, and replaced by a placeholder such as ``[naam]`` (or one mask for everything).
"""

from __future__ import annotations

import logging
import os
import pickle
import re
import sys
import threading
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from stdnum import iban as stdnum_iban
from stdnum.nl import bsn as stdnum_bsn

PLACEHOLDERS = {
    "name": "[naam]",
    "address": "[adres]",
    "postcode": "[postcode]",
    "phone": "[telefoon]",
    "email": "[e-mail]",
    "iban": "[IBAN]",
    "bsn": "[BSN]",
    "number": "[nummer]",
    "url": "[website]",
    "date": "[datum]",
    "secret": "[…]",
}

LABELS: dict[str, Promise] = {
    "name": _("name"),
    "address": _("address or place"),
    "postcode": _("postcode"),
    "phone": _("phone number"),
    "email": _("e-mail address"),
    "iban": _("IBAN"),
    "bsn": _("BSN (citizen service number)"),
    "number": _("identifying number"),
    "url": _("website"),
    "date": _("date"),
    "secret": _("detail of a reporter"),
}

ALL_KINDS = frozenset(PLACEHOLDERS)

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

# Candidates that count only when their checksum holds (so "rekening 123456789" in a sum is not a
# BSN unless it passes the eleven test; an IBAN in lower case counts when it is a valid IBAN).
BSN_CANDIDATE = re.compile(r"(?<![\w.-])\d(?:[ .]?\d){7,8}(?![\w-])")
IBAN_CANDIDATE = re.compile(
    r"(?<!\w)[A-Za-z]{2}\d{2}(?:[ ]?[A-Za-z0-9]{4}){2,7}(?:[ ]?[A-Za-z0-9]{1,3})?(?!\w)"
)

# Deduce's tags, as our kinds. Ages and care institutions are left alone: "an 84-year-old" and
# "the district nurse of the care home" are what makes a lesson useful, not who it was.
DEDUCE_KINDS = {
    "persoon": "name",
    "patient": "name",
    "locatie": "address",
    "telefoonnummer": "phone",
    "emailadres": "email",
    "url": "url",
    "bsn": "bsn",
    "id": "number",
    "datum": "date",
}

NAME_PARTICLES = {"van", "der", "den", "het", "ter", "ten", "de", "la", "le", "el"}


@dataclass(frozen=True)
class Finding:
    kind: str
    start: int
    end: int
    text: str

    @property
    def label(self) -> Promise:
        return LABELS[self.kind]

    def context(self, text: str, width: int = 30) -> str:
        """The found text with a few words around it, for showing the author where it is."""
        left = text[max(0, self.start - width) : self.start]
        right = text[self.end : self.end + width]
        return (
            f"{'…' if self.start > width else ''}{left}{text[self.start : self.end]}{right}"
            f"{'…' if self.end + width < len(text) else ''}"
        )


_deduce_lock = threading.Lock()
_deduce: Any = None


def _import_deduce() -> Any:
    """Import deduce without letting it configure the root logger (it calls basicConfig(DEBUG))."""
    root = logging.getLogger()
    guard = logging.NullHandler()
    level = root.level
    root.addHandler(guard)
    try:
        import deduce
    finally:
        root.removeHandler(guard)
        root.setLevel(level)
    return deduce


def deidentifier(*, build: bool = False) -> Any:
    """The process's one Deduce instance (built from the lookup tables shipped with deduce)."""
    global _deduce
    with _deduce_lock:
        if _deduce is None or build:
            deduce = _import_deduce()
            logging.getLogger("deduce").setLevel(logging.WARNING)
            _deduce = deduce.Deduce(build_lookup_structs=build)
        return _deduce


_common_words: frozenset[str] | None = None


def common_words() -> frozenset[str]:
    """Deduce's own whitelist of common Dutch words and stop words (lower case)."""
    global _common_words
    if _common_words is None:
        base = Path(_import_deduce().__file__).parent / "data" / "lookup" / "src" / "whitelist"
        words: set[str] = set()
        for name in ("lst_common_word", "lst_stop_word"):
            lines = (base / name / "items.txt").read_text(encoding="utf-8").splitlines()
            words.update(w.strip().lower() for w in lines if w.strip())
        _common_words = frozenset(words)
    return _common_words


def _deduce_findings(text: str) -> list[Finding]:
    doc = deidentifier().deidentify(text)
    found = []
    for a in doc.annotations:
        kind = DEDUCE_KINDS.get(a.tag)
        if kind is None:
            continue
        # Deduce takes a capitalised common word at the start of a sentence for a surname
        # ("Buurman als tolk", "Pas bij het tweede bezoek"). A single such word is let through:
        # the names we know (the household's, the network's) are matched on their own above,
        # and "mevrouw Buurman" is still found (two words).
        if kind == "name" and " " not in a.text and a.text.lower() in common_words():
            continue
        found.append(Finding(kind, a.start_char, a.end_char, a.text))
    return found


def _checked_findings(text: str) -> list[Finding]:
    found = []
    for m in BSN_CANDIDATE.finditer(text):
        if stdnum_bsn.is_valid(m.group()):
            found.append(Finding("bsn", m.start(), m.end(), m.group()))
    for m in IBAN_CANDIDATE.finditer(text):
        if stdnum_iban.is_valid(m.group()):
            found.append(Finding("iban", m.start(), m.end(), m.group()))
    return found


def _name_patterns(names: Iterable[str]) -> list[re.Pattern[str]]:
    """Whole-word patterns for known names: full names first, then each part of 3+ letters."""
    wanted: set[str] = set()
    for name in names:
        name = " ".join((name or "").split())
        if len(name) >= 3:
            wanted.add(name)
        for part in re.split(r"[\s-]+", name):
            if len(part) >= 3 and part.lower() not in NAME_PARTICLES:
                wanted.add(part)
    ordered = sorted(wanted, key=len, reverse=True)
    return [re.compile(rf"(?<!\w){re.escape(n)}(?!\w)", re.IGNORECASE) for n in ordered]


def find_patterns(
    text: str, *, names: Iterable[str] = (), streets: Iterable[str] = ()
) -> list[Finding]:
    """Layers 1 and 2 (no Deduce): deterministic, for the property tests and as a base."""
    found: list[Finding] = []
    for kind, pattern in PATTERNS:
        found.extend(Finding(kind, m.start(), m.end(), m.group()) for m in pattern.finditer(text))
    found.extend(_checked_findings(text))
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
    return _without_overlaps(text, found)


def _without_overlaps(text: str, found: list[Finding]) -> list[Finding]:
    """Keep the longest of overlapping findings (merged into one span), in order of appearance."""
    found = sorted(found, key=lambda f: (f.start, -(f.end - f.start)))
    result: list[Finding] = []
    for f in found:
        if result and f.start < result[-1].end:
            if f.end > result[-1].end:
                last = result[-1]
                result[-1] = Finding(last.kind, last.start, f.end, text[last.start : f.end])
            continue
        result.append(f)
    return result


def find(
    text: str,
    *,
    names: Iterable[str] = (),
    streets: Iterable[str] = (),
    secrets: Iterable[str] = (),
    kinds: Collection[str] = ALL_KINDS,
    deduce: bool = True,
    allowed: Iterable[str] = (),
) -> list[Finding]:
    """Everything in ``text`` that could identify someone, without overlaps, in order.

    ``secrets`` are masked wherever they occur, even inside a word (three characters or more).
    ``kinds`` limits what counts (the nuisance page keeps dates, for instance). ``allowed`` are
    names that may stay (a reporter who agreed to be named): a finding that is (part of) one of
    them is let through, unless it is a secret.
    """
    if not text:
        return []
    found = find_patterns(text, names=names, streets=streets)
    words = sorted({s.strip() for s in secrets if s and len(s.strip()) >= 3}, key=len, reverse=True)
    if words:
        pattern = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)
        found += [Finding("secret", m.start(), m.end(), m.group()) for m in pattern.finditer(text)]
    if deduce:
        found += _deduce_findings(text)
    # A placeholder we put there ourselves is never a finding (nor a part of one).
    masks = [(m.start(), m.end()) for m in MASK_PATTERN.finditer(text)]
    found = [
        f
        for f in found
        if f.kind in kinds and not any(a <= f.start and f.end <= b for a, b in masks)
    ]
    may_stay = [" ".join(a.split()).lower() for a in allowed if a and len(a.strip()) >= 3]
    if may_stay:
        found = [
            f
            for f in found
            if f.kind == "secret"
            or not any(" ".join(f.text.split()).lower() in a for a in may_stay)
        ]
    return _without_overlaps(text, found)


MASK_PATTERN = re.compile("|".join(re.escape(m) for m in sorted(set(PLACEHOLDERS.values()))))


def replace(text: str, findings: Iterable[Finding], mask: str | None = None) -> str:
    """``text`` with every finding replaced by its placeholder (or by ``mask``)."""
    out, pos = [], 0
    for f in findings:
        out.append(text[pos : f.start])
        out.append(mask if mask is not None else PLACEHOLDERS[f.kind])
        pos = f.end
    out.append(text[pos:])
    return "".join(out)


def redact(
    text: str,
    *,
    names: Iterable[str] = (),
    streets: Iterable[str] = (),
    secrets: Iterable[str] = (),
    kinds: Collection[str] = ALL_KINDS,
    mask: str | None = None,
    deduce: bool = True,
    allowed: Iterable[str] = (),
) -> tuple[str, list[Finding]]:
    """``text`` with everything found replaced, and the findings."""
    findings = find(
        text,
        names=list(names),
        streets=list(streets),
        secrets=list(secrets),
        kinds=kinds,
        deduce=deduce,
        allowed=list(allowed),
    )
    return replace(text, findings, mask), findings


def strip_identifiers(
    text: str, *, names: Iterable[str] = (), streets: Iterable[str] = ()
) -> tuple[str, list[Finding]]:
    """Layers 1 and 2 only: ``text`` with every pattern and known name replaced, and the findings."""
    findings = find_patterns(text, names=list(names), streets=list(streets))
    return replace(text, findings), findings


def _lookup_base() -> Path:
    return Path(_import_deduce().__file__).parent / "data" / "lookup"


def _cache_readable() -> bool:
    """Deduce's cached lookup structures load (a write cut short leaves a truncated pickle that
    Deduce itself does not recover from)."""
    cache = _lookup_base() / "cache" / "lookup_structs.pickle"
    if not cache.exists():
        return False
    try:
        with cache.open("rb") as fh:
            pickle.load(fh)  # noqa: S301 - the file is the one this install step wrote
    except (EOFError, pickle.UnpicklingError):
        cache.unlink()
        return False
    return True


def _settle_lookup_sources() -> None:
    """Deduce rebuilds its cache when a source list's mtime is later than the moment the cache was
    saved, which it reads from the clock: under a frozen test clock (or a machine whose clock
    jumped) a valid cache counts as stale, and several processes rebuild and write it at once.
    The lists are data shipped in the package, never edited here: date them at the epoch, so the
    cache's freshness no longer depends on the clock (a new deduce version still rebuilds it)."""
    src = _lookup_base() / "src"
    for path in [src, *src.glob("**/*")]:
        os.utime(path, (0, 0))


def main(argv: list[str] | None = None) -> int:
    """``python -m verbinding.privacy.redaction --build``: build Deduce's lookup structures now.

    Run at install time (``make install``, the deployment steps) so that the first request does
    not build them and the app user needs no write access to the installed package.
    """
    args = sys.argv[1:] if argv is None else argv
    build = "--build" in args or not _cache_readable()
    _settle_lookup_sources()
    deidentifier(build=build)
    found = _deduce_findings("Jan Jansen woont in Deventer.")
    print(f"deduce ready: {len(found)} findings in the test sentence")
    return 0 if found else 1


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
