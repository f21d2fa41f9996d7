"""The same money once: a transaction read from MT940 and from camt.053 is booked once.

While a bank migrates, an association receives each day's statement in both formats. The files
differ (a direct-debit batch is one camt.053 entry with transaction details but separate MT940
lines; references and texts are written differently), so the transactions themselves are compared:
own account, booking date, amount and direction must be equal, and the counterparty IBAN, the
end-to-end id and the mandate reference must not contradict each other (empty on one side is no
contradiction). Each earlier transaction can stand for one new transaction only, so two equal
transfers on one day stay two.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

Key = tuple[str, dt.date, int, str]


@dataclass(frozen=True)
class Money:
    account_iban: str
    booked_on: dt.date
    amount_cents: int
    direction: str
    counterparty_iban: str
    end_to_end_id: str
    mandate_id: str

    @property
    def key(self) -> Key:
        return (self.account_iban, self.booked_on, self.amount_cents, self.direction)

    @property
    def details(self) -> tuple[str, str, str]:
        return (self.counterparty_iban, self.end_to_end_id, self.mandate_id)


def agreement(a: Money, b: Money) -> int | None:
    """How many details both name and agree on; ``None`` when one contradicts."""
    score = 0
    for x, y in zip(a.details, b.details, strict=True):
        if x and y:
            if x != y:
                return None
            score += 1
    return score


def pair(new: list[Money], earlier: list[tuple[int, Money]]) -> dict[int, int]:
    """``{index in new: id of the earlier transaction it is the same money as}``.

    The most specific new transactions choose first, each the best-agreeing earlier one left.
    """
    left: dict[Key, list[tuple[int, Money]]] = defaultdict(list)
    for item in earlier:
        left[item[1].key].append(item)
    out: dict[int, int] = {}
    order = sorted(range(len(new)), key=lambda i: -sum(1 for d in new[i].details if d))
    for i in order:
        candidates = left.get(new[i].key)
        if not candidates:
            continue
        scored = [
            (score, n)
            for n, (_id, m) in enumerate(candidates)
            if (score := agreement(new[i], m)) is not None
        ]
        if scored:
            _score, n = max(scored)
            out[i] = candidates.pop(n)[0]
    return out
