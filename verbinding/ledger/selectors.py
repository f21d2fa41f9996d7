"""Reads of the rent ledger (the caller has already passed the household access check)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Sum

from verbinding.households.models import Tenancy
from verbinding.ledger.models import LedgerEntry


@dataclass(frozen=True)
class Balance:
    balance_cents: int
    rent_cents: int

    @property
    def arrears_cents(self) -> int:
        return max(self.balance_cents, 0)

    @property
    def months_of_rent(self) -> float:
        if self.rent_cents <= 0:
            return 0.0
        return round(self.arrears_cents / self.rent_cents, 1)


def tenancy_balance(*, tenancy: Tenancy) -> Balance:
    total = LedgerEntry.objects.filter(tenancy=tenancy).aggregate(s=Sum("amount_cents"))["s"] or 0
    return Balance(balance_cents=int(total), rent_cents=tenancy.rent_cents)
