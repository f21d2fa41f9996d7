"""What every parser shares: problems with a line and a field, amounts, dates and encodings."""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.utils.translation import gettext as _


class ImportProblem(Exception):
    """One thing wrong with an input file: where (line, field) and what.

    ``message`` is for people: translated (gettext) when the problem is made, so the problems kept
    on an import run are in the language that was active then (Dutch for the page and the CLI).
    """

    def __init__(self, line: int, field: str, message: str) -> None:
        super().__init__(f"line {line}, {field or 'file'}: {message}")
        self.line = line
        self.field = field
        self.message = message

    def as_dict(self) -> dict[str, object]:
        return {"line": self.line, "field": self.field, "message": self.message}


class RowProblems(Exception):
    """Everything wrong with one line (a line can have several bad fields)."""

    def __init__(self, problems: list[ImportProblem]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class FileFacts:
    """Learned in one streaming pass before parsing: hash, size, lines and text encoding."""

    sha256: str
    size: int
    lines: int
    encoding: str  # a Python codec name
    encoding_label: str  # for people: "UTF-8 with BOM", "Windows-1252"
    head: bytes  # the first 64 KiB, for detection


def inspect_file(path: Path, *, chunk_size: int = 1 << 20) -> FileFacts:
    """Hash the file, count its lines and decide its encoding, reading it once.

    UTF-8 validates itself, so a file that decodes as UTF-8 from start to end *is* UTF-8 (plain
    ASCII included); otherwise it is Windows-1252, the other encoding Dutch ERPs and Excel write.
    A byte-order mark settles it at once (UTF-8 or UTF-16).
    """
    digest = hashlib.sha256()
    size = lines = 0
    head = b""
    decoder = codecs.getincrementaldecoder("utf-8")()
    utf8_ok = True
    with path.open("rb") as fh:
        while chunk := fh.read(chunk_size):
            if not head:
                head = chunk[: 1 << 16]
            digest.update(chunk)
            size += len(chunk)
            lines += chunk.count(b"\n")
            if utf8_ok:
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError:
                    utf8_ok = False
    if utf8_ok:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            utf8_ok = False
    if size and not head.endswith(b"\n"):
        lines += 1
    if head.startswith(codecs.BOM_UTF8):
        encoding, label = "utf-8-sig", _("UTF-8 with BOM")
    elif head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding, label = "utf-16", "UTF-16"
    elif utf8_ok:
        encoding, label = "utf-8", "UTF-8"
    else:
        encoding, label = "cp1252", "Windows-1252"
    return FileFacts(digest.hexdigest(), size, lines, encoding, label, head)


def decode_bytes(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ImportProblem(
            line, "", _("unreadable character (not %(encoding)s)") % {"encoding": encoding}
        ) from exc


_AMOUNT = re.compile(r"^([-+])?(\d{1,13})(?:[.,](\d{1,2}))?$")
_CLEAN = str.maketrans("", "", " \u00a0\u20ac'")


def parse_cents(text: str) -> int:
    """A euro amount as Dutch and English exports write it, in cents.

    ``650,00``, ``-650,5``, ``1.234,56``, ``1,234.56``, ``€ 650``, ``650.00-`` (trailing sign).
    More than two decimals, or a lone separator followed by three digits, is refused: a wrong
    guess would book a thousand times too much.
    """
    s = text.strip()
    m = _AMOUNT.match(s)
    if m is None:
        s = s.translate(_CLEAN)
        if s.endswith("-") and not s.startswith("-"):
            s = "-" + s[:-1]
        m = _AMOUNT.match(s)
        if m is None:
            s = _drop_thousands(s)
            m = _AMOUNT.match(s)
        if m is None:
            raise ValueError(_("not an amount: %(value)s") % {"value": repr(text)})
    sign, whole, frac = m.groups()
    cents = int(whole) * 100 + (int(frac.ljust(2, "0")) if frac else 0)
    return -cents if sign == "-" else cents


_BANK_AMOUNT = re.compile(r"^(\d{1,15})(?:[.,](\d*))?$")


def bank_cents(text: str) -> int:
    """A bank amount (``712.45``, ``712,45``, ``8.850``, ``500,``) in cents, never signed.

    Banks write amounts with one decimal separator and no thousands. More decimals than cents are
    fine when the value is exact (``8.850`` is 885 cents); an amount that is not a whole number of
    cents (``8.855``) is refused, never rounded.
    """
    m = _BANK_AMOUNT.match(text.strip())
    if m is None:
        raise ValueError(_("not an amount: %(value)s") % {"value": repr(text)})
    whole, frac = m.group(1), (m.group(2) or "")
    if frac[2:].strip("0"):
        raise ValueError(
            _("%(value)s is not a whole number of cents; it is not rounded")
            % {"value": repr(text.strip())}
        )
    return int(whole) * 100 + int(frac[:2].ljust(2, "0"))


def _drop_thousands(s: str) -> str:
    """``1.234,56`` → ``1234,56`` and ``1,234.56`` → ``1234.56``; anything else unchanged."""
    if "." in s and "," in s:
        decimal = "," if s.rfind(",") > s.rfind(".") else "."
        thousands = "." if decimal == "," else ","
        whole, _sep, frac = s.rpartition(decimal)
        sign = whole[0] if whole[:1] in "+-" else ""
        groups = whole.lstrip("+-").split(thousands)
        if groups[0] and all(len(g) == 3 and g.isdigit() for g in groups[1:]):
            return f"{sign}{''.join(groups)}.{frac}"
    return s


_DATE_FORMATS = ("%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y", "%Y%m%d", "%d-%m-%y")


@lru_cache(maxsize=65536)
def parse_date(text: str) -> dt.date:
    """``31-01-2026``, ``2026-01-31``, ``31/01/2026``, ``31.01.2026``, ``20260131``."""
    s = text.strip()
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(s, fmt).date()
        except ValueError:
            continue
    raise ValueError(_("not a date: %(value)s (use dd-mm-yyyy)") % {"value": repr(text)})


def normalise_iban(text: str) -> str:
    return text.replace(" ", "").replace("-", "").upper()


def valid_iban(text: str) -> str:
    """The IBAN in its electronic form, or ``ValueError`` (checked by schwifty)."""
    from schwifty import IBAN
    from schwifty.exceptions import SchwiftyException

    try:
        return str(IBAN(normalise_iban(text)).compact)
    except SchwiftyException as exc:
        reason = _iban_reason(exc)
        raise ValueError(
            _("not a valid IBAN: %(value)s (%(reason)s)") % {"value": repr(text), "reason": reason}
        ) from exc


def _iban_reason(exc: Exception) -> str:
    """Why schwifty refused an IBAN, in the active language (its own texts are English)."""
    from schwifty import exceptions as e

    if isinstance(exc, e.InvalidChecksumDigits | e.InvalidBBANChecksum):
        return _("the check digits do not match")
    if isinstance(exc, e.InvalidLength):
        return _("wrong length")
    if isinstance(exc, e.InvalidCountryCode):
        return _("unknown country code")
    if isinstance(
        exc, e.InvalidStructure | e.InvalidBankCode | e.InvalidBranchCode | e.InvalidAccountCode
    ):
        return _("wrong layout for its country")
    return str(exc)


def format_cents(cents: int | None) -> str:
    """``€ 1.234,56`` in Dutch (the project's money notation), for messages."""
    from verbinding.web.templatetags.verbinding import format_euro

    return format_euro(cents)
