"""Export adapters: one per municipal platform, each writing CSV and/or JSON.

``generic`` is the documented format of docs/formats.md ("Vroegsignalering export"). A platform
adapter (VPS, xxllnc Vroegsignalering, Inforing RIS) is a class with a ``name``, the ``formats`` it
writes, and ``render(signals, file_format) -> bytes``; add it to ``ADAPTERS``.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Protocol

from verbinding.earlysignals.models import Signal
from verbinding.web.spreadsheet import safe_dict

GENERIC_FIELDS = [
    "signal_id",
    "municipality_code",
    "municipality",
    "household_ref",
    "contract",
    "name",
    "street",
    "postcode",
    "city",
    "phone",
    "email",
    "arrears_eur",
    "arose_on",
    "signal_date",
    "signal_partner",
]


class Adapter(Protocol):
    name: str
    formats: tuple[str, ...]

    def render(self, signals: Sequence[Signal], file_format: str) -> bytes: ...


class GenericAdapter:
    name: str = "generic"
    formats: tuple[str, ...] = ("csv", "json")

    def row(self, s: Signal) -> dict[str, str]:
        """Every column, but only the data the reminder announced is filled (``s.fields``); the
        contract and household references only when announced as "reference"."""
        given = set(s.fields or [])
        row = {
            "signal_id": str(s.id),
            "municipality_code": s.municipality.cbs_code,
            "municipality": s.municipality.name,
            "household_ref": s.household.external_id,
            "contract": s.tenancy.external_id,
            "name": s.name,
            "street": s.street,
            "postcode": s.postcode,
            "city": s.city,
            "phone": s.phone,
            "email": s.email,
            "arrears_eur": f"{s.arrears_cents // 100}.{s.arrears_cents % 100:02d}",
            "arose_on": s.arose_on.isoformat(),
            "signal_date": s.signal_date.isoformat(),
            "signal_partner": "Huur",
        }
        if "reference" not in given:
            row["household_ref"] = row["contract"] = ""
        if "arose_on" not in given:
            row["arose_on"] = ""
        if "arrears" not in given:
            row["arrears_eur"] = ""
        return row

    def render(self, signals: Sequence[Signal], file_format: str) -> bytes:
        rows = [self.row(s) for s in signals]
        if file_format == "json":
            return json.dumps(
                {"format": "verbinding-vroegsignalering/1", "signals": rows},
                ensure_ascii=False,
                indent=2,
            ).encode("utf-8")
        if file_format == "csv":
            out = io.StringIO()
            writer = csv.DictWriter(
                out, fieldnames=GENERIC_FIELDS, delimiter=";", lineterminator="\n"
            )
            writer.writeheader()
            writer.writerows(safe_dict(row) for row in rows)
            return out.getvalue().encode("utf-8")
        raise ValueError(f"The generic adapter writes csv or json, not {file_format!r}")


ADAPTERS: dict[str, Adapter] = {"generic": GenericAdapter()}


def get_adapter(name: str) -> Adapter:
    try:
        return ADAPTERS[name]
    except KeyError:
        raise ValueError(f"Unknown adapter {name!r}; known: {sorted(ADAPTERS)}") from None
