"""Which tenancy does a bank line belong to? Three rules, in order, each explained.

1. **Payment reference** (betalingskenmerk): the structured creditor reference, or the reference
   found anywhere in the description or end-to-end id (spaces, dots and dashes inside a long
   number are ignored).
2. **Known IBAN**: the paying account is registered on exactly one tenancy (``TenancyIban``);
   if it is on several, the running one wins when there is exactly one running.
3. **Name and amount**: the amount equals the monthly rent of a running tenancy, and every part
   of the surname of a (co-)tenant of that tenancy appears in the account holder's name; only
   when exactly one tenancy fits.

Anything else goes to the review list, with the reason. The rules are plain functions over a
:class:`TenancyIndex` that is built with a few bounded queries for a whole statement.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from verbinding.households.models import HouseholdMember, Tenancy, TenancyIban
from verbinding.imports.parsers.statement import BankEntry
from verbinding.vera import codes


@dataclass(frozen=True)
class Match:
    tenancy_id: int | None
    rule: str  # "reference", "iban", "name_amount" or "" (not matched)
    why: str  # for the review list when not matched


@dataclass
class TenancyIndex:
    by_reference: dict[str, int] = field(default_factory=dict)
    by_iban: dict[str, list[tuple[int, bool]]] = field(default_factory=dict)  # (id, running)
    # rent in cents → [(tenancy id, surname token sets of its tenants)]
    by_rent: dict[int, list[tuple[int, list[frozenset[str]]]]] = field(default_factory=dict)


_TOKEN = re.compile(r"[A-Za-z0-9]+")
_SPACED_NUMBER = re.compile(r"\d[\d .\-]{4,}\d")


def candidate_references(text: str) -> set[str]:
    """Every token that could be a payment reference, upper-cased."""
    tokens = {t.upper() for t in _TOKEN.findall(text)}
    for m in _SPACED_NUMBER.finditer(text):
        tokens.add(re.sub(r"[ .\-]", "", m.group(0)))
    return tokens


def name_tokens(text: str) -> frozenset[str]:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return frozenset(t for t in re.split(r"[^a-z0-9]+", plain) if t)


def match_entry(entry: BankEntry, index: TenancyIndex) -> Match:
    # 1. payment reference
    found = {
        index.by_reference[r]
        for r in candidate_references(entry.search_text)
        if r in index.by_reference
    }
    if len(found) == 1:
        return Match(found.pop(), "reference", "")
    why = _("several payment references in the description") if found else ""
    # 2. a known IBAN
    if entry.counterparty_iban:
        owners = index.by_iban.get(entry.counterparty_iban, [])
        running = [t for t, is_running in owners if is_running]
        if len(owners) == 1:
            return Match(owners[0][0], "iban", "")
        if len(running) == 1:
            return Match(running[0], "iban", "")
        if owners:
            why = why or ngettext(
                "IBAN known for %(count)s tenancy",
                "IBAN known for %(count)s tenancies",
                len(owners),
            ) % {"count": len(owners)}
    # 3. name and amount
    name = name_tokens(entry.counterparty_name)
    if name:
        fits = {
            tenancy_id
            for tenancy_id, surnames in index.by_rent.get(entry.amount_cents, [])
            if any(s and s <= name for s in surnames)
        }
        if len(fits) == 1:
            return Match(fits.pop(), "name_amount", "")
        if len(fits) > 1:
            why = why or _("name and amount fit %(count)s tenancies") % {"count": len(fits)}
    return Match(None, "", why or _("no payment reference, known IBAN, or name and amount"))


def build_index(entries: Iterable[BankEntry]) -> TenancyIndex:
    """Load only what this statement can match: its references, its IBANs, its amounts."""
    entries = list(entries)
    index = TenancyIndex()
    refs: set[str] = set()
    for e in entries:
        refs |= candidate_references(e.search_text)
    ref_list = sorted(refs)
    for start in range(0, len(ref_list), 500):
        chunk = ref_list[start : start + 500]
        for ref, tenancy_id in Tenancy.objects.filter(payment_reference__in=chunk).values_list(
            "payment_reference", "id"
        ):
            index.by_reference[ref.upper()] = tenancy_id
    ibans = sorted({e.counterparty_iban for e in entries if e.counterparty_iban})
    for start in range(0, len(ibans), 500):
        rows = TenancyIban.objects.filter(iban__in=ibans[start : start + 500]).values_list(
            "iban", "tenancy_id", "tenancy__status"
        )
        for iban, tenancy_id, status in rows:
            index.by_iban.setdefault(iban, []).append(
                (tenancy_id, status in codes.ACTIVE_TENANCY_STATUSES)
            )
    amounts = sorted({e.amount_cents for e in entries if e.counterparty_name})
    surnames: dict[int, list[frozenset[str]]] = defaultdict(list)
    rents: dict[int, int] = {}
    for start in range(0, len(amounts), 500):
        running = Tenancy.objects.filter(
            rent_cents__in=amounts[start : start + 500],
            status__in=codes.ACTIVE_TENANCY_STATUSES,
        )
        by_household: dict[int, list[int]] = defaultdict(list)
        for tenancy_id, rent, household_id in running.values_list(
            "id", "rent_cents", "household_id"
        ):
            rents[tenancy_id] = rent
            by_household[household_id].append(tenancy_id)
        members = HouseholdMember.objects.filter(
            household_id__in=running.values("household_id"),
            role__in=("HUU", "MDH"),
            end_date__isnull=True,
        ).values_list("household_id", "person__surname")
        for household_id, surname in members:
            for tenancy_id in by_household[household_id]:
                surnames[tenancy_id].append(name_tokens(surname))
    for tenancy_id, rent in rents.items():
        index.by_rent.setdefault(rent, []).append((tenancy_id, surnames.get(tenancy_id, [])))
    return index
