"""The worklist is one list fed by several signal sources.

A source is a class with a ``name`` and a method ``items(*, household_ids, today)`` that returns
``WorkItem`` rows for the given households (the caller has already applied access rules). Each app
registers its sources on its AppConfig: ``worklist_sources = ["verbinding.<app>.worklist.MySource"]``.
A source must use a bounded number of queries whatever the number of households (no N+1): the
worklist page's query count is pinned by a test.

Priority is rule-based and explainable (docs/worklist.md): ``rank`` is a small integer where a
lower number is more urgent; ties are broken by ``since`` (older first). No opaque scores, no
personal traits.

Optional, backward-compatible extras:

- ``household_ids`` is a ``verbinding.db.ids.HouseholdIds``: a plain ``list`` of ints, which
  Django also accepts as *one* query parameter in ``household_id__in=household_ids`` (an advisor
  has ~2,000 households). Sources build their queries once per connection with
  ``verbinding.db.prepared.Prepared``.
- ``reason`` and ``suggestion`` may be lazy strings (``django.utils.functional.lazy``): the page
  only renders the rows it shows.
- A source may declare ``label`` (for the filter) and ``kinds``: ``{kind: label}``, so the worklist
  can offer "filter by kind of signal" before any item of that kind exists.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Protocol

from django.apps import apps
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from verbinding.web.reversing import reverse_ids

# "Go to …" on the worklist: where an item's ``url`` leads (the household has its own button).
GO_TO = {
    "nuisance": _("Go to the nuisance case"),
    "arrangements": _("Go to the arrangement"),
    "plans": _("Go to the plan"),
    "contacts": _("Go to the contacts"),
}


@dataclass(frozen=True)
class WorkItem:
    household_id: int
    source: str  # the source's name, e.g. "arrears", "contacts.follow_up", "nuisance"
    kind: str  # a filterable kind within the source, e.g. "arrears_2m", "follow_up_due"
    rank: int  # rule-based urgency: lower is more urgent (see docs/worklist.md)
    reason: str  # plain Dutch (translated) why this household needs the advisor
    suggestion: str = ""  # a suggested next step, never enforced
    since: dt.date | None = None  # when the reason arose (older first within a rank)
    url: str = ""  # where to act, if not the household page
    assignee_id: int | None = None  # a specific staff member (e.g. a team lead's approval)

    @property
    def source_label(self) -> str:
        """The label of the "Go to …" button for ``url``."""
        return str(GO_TO.get(self.source.split(".")[0], _("Go to the details")))


def url_with_id(viewname: str, pk: int) -> str:
    """``reverse(viewname, args=[pk])``, for a row's link (``verbinding.web.reversing``)."""
    return reverse_ids(viewname, [int(pk)])


class WorklistSource(Protocol):
    name: str

    def items(self, *, household_ids: Sequence[int], today: dt.date) -> Iterable[WorkItem]: ...


@cache
def registered_sources() -> tuple[WorklistSource, ...]:
    sources: list[WorklistSource] = []
    for config in apps.get_app_configs():
        for path in getattr(config, "worklist_sources", []):
            sources.append(import_string(path)())
    return tuple(sources)
