"""The arrears signals as a worklist source (verbinding.worklist.sources.WorklistSource)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from verbinding.arrears import texts
from verbinding.arrears.models import ArrearsSignal, SignalKind
from verbinding.db.ids import OneOf
from verbinding.db.prepared import IDS, Prepared
from verbinding.worklist.sources import WorkItem

# Rule-based rank per kind (lower is more urgent). Documented in docs/worklist.md.
RANKS: dict[str, int] = {
    SignalKind.ARREARS_COURT: 10,
    SignalKind.ARREARS_HOME_VISIT: 20,
    SignalKind.RELAPSE: 30,
    SignalKind.STORNO: 35,
    SignalKind.ARREARS_FIRST: 40,
    SignalKind.PARTIAL: 50,
    SignalKind.MISSED: 55,
    SignalKind.LATER_THAN_USUAL: 60,
}


# Compiled once (verbinding.db.prepared): building the query cost more than running it.
SIGNALS = Prepared(
    lambda ids: (
        # estimate=False: planning ``= ANY`` of 2,400 ids against this column's statistics
        # took 1.1 ms of the query's 1.4 (PostgreSQL, 100k); hidden, 0.05 + ~0.6 ms
        # (verbinding.db.ids)
        ArrearsSignal.objects.filter(OneOf("household_id", ids, estimate=False))
        .order_by()
        .values_list("household_id", "kind", "started_on", "params")
    ),
    ids=IDS,
)

# Reasons are rendered when shown (only the rows on the page), in the language of the request.
lazy_reason = lazy(texts.reason, str)
lazy_suggestion = lazy(texts.suggestion, str)


class ArrearsSource:
    name = "arrears"
    label = _("Rent arrears")
    kinds = {k.value: k.label for k in SignalKind}

    def items(self, *, household_ids: Sequence[int], today: dt.date) -> Iterable[WorkItem]:
        for household_id, kind, started_on, params in SIGNALS.rows(ids=household_ids):
            yield WorkItem(
                household_id=household_id,
                source=self.name,
                kind=kind,
                rank=RANKS.get(kind, 90),
                reason=lazy_reason(kind, params),
                suggestion=lazy_suggestion(kind),
                since=started_on,
            )
