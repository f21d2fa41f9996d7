"""Which kind of file is this? Decided from the content, never from the file name."""

from __future__ import annotations

import re

from verbinding.imports.parsers.base import FileFacts
from verbinding.imports.parsers.csv_erp import guess_kind

KINDS = ("households", "tenancies", "ledger", "bank")
_MT940 = re.compile(rb"^:20:.*$[\s\S]*^:25:", re.MULTILINE)


def bank_format(head: bytes) -> str | None:
    """``"camt053"``, ``"mt940"`` or ``None``, from the first bytes of a file."""
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if start.startswith(b"<"):
        return "camt053" if b"camt." in head else "xml"
    if _MT940.search(head) or start.startswith((b"{1:", b":20:", b"\x01")):
        return "mt940"
    return None


def detect_kind(facts: FileFacts) -> str | None:
    """One of :data:`KINDS`, or ``None`` when the content fits none."""
    if bank_format(facts.head) in ("camt053", "mt940", "xml"):
        return "bank"
    return guess_kind(facts)
