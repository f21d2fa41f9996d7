"""Nightly snapshots of the dashboard: the figures of the whole association and of each team over
the default period (the twelve months up to today), computed by ``verbinding outcomes_refresh``
(in the worker's nightly schedule, after the signals run) in every language of the site.

Every figure aggregates the scope at request time, which grows with the association (the manager's
whole-association dashboard took 2.2 s at a million households). The default views are what
managers and team leads open; from a snapshot such a request reads one row, whatever the size of
the association. The figures are then those of the night's run: the page says when they were
computed and offers to compute them now. Any other scope or period is computed at request time,
as before.

The snapshot key is the scope's query (period, team, neighbourhood), the day and the language:
everything that decides what the figures hold. Who may ask for which scope is decided before
(``scope_from``); a team lead's default scope is their own team's snapshot.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import translation

from verbinding import clock
from verbinding.accounts.models import Team
from verbinding.outcomes.figure import Figure, figure_from_data, figure_to_data
from verbinding.outcomes.models import Snapshot
from verbinding.outcomes.registry import BY_KEY, FIGURES
from verbinding.outcomes.scope import Scope, default_start


def snapshot_key(scope: Scope, language: str) -> str:
    return f"{scope.query()}&as_of={scope.as_of.isoformat()}&lang={language}"


def snapshot_scopes(today: dt.date) -> list[Scope]:
    """The default views: the whole association (managers) and each team (its team lead)."""
    start = default_start(today)
    teams = Team.objects.order_by("id").values_list("id", flat=True)
    return [Scope(start=start, end=today, today=today, team_id=t) for t in [None, *teams]]


def compute(scope: Scope) -> list[Figure]:
    """Every figure of the scope, computed now from the data."""
    return [entry.compute(scope) for entry in FIGURES]


def refresh_snapshots(*, today: dt.date | None = None) -> int:
    """Compute the snapshots for ``today`` and replace the old ones; returns how many."""
    today = today or clock.today()
    computed_at = clock.now()
    rows = []
    for scope in snapshot_scopes(today):
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                figures = [figure_to_data(figure) for figure in compute(scope)]
            key = snapshot_key(scope, language)
            rows.append(Snapshot(key=key, as_of=today, computed_at=computed_at, figures=figures))
    with transaction.atomic():
        Snapshot.objects.all().delete()
        Snapshot.objects.bulk_create(rows)
    return len(rows)


def find(scope: Scope) -> Snapshot | None:
    """Today's snapshot of exactly this scope and period in the active language, if one was made."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    return Snapshot.objects.filter(key=snapshot_key(scope, language)).first()


def dashboard(scope: Scope, *, fresh: bool = False) -> tuple[list[Figure], Snapshot | None]:
    """The dashboard's figures: from the night's snapshot when there is one for the scope (and
    ``fresh`` was not asked for), else computed now. The snapshot is returned to say when."""
    snapshot = None if fresh else find(scope)
    if snapshot is None:
        return compute(scope), None
    return [figure_from_data(data) for data in snapshot.figures], snapshot


def figure(key: str, scope: Scope, *, fresh: bool = False) -> Figure:
    """One figure (for its CSV), from the same source as the page: the snapshot or computed now.
    Raises ``KeyError`` for an unknown figure."""
    entry = BY_KEY[key]
    snapshot = None if fresh else find(scope)
    if snapshot is not None:
        for data in snapshot.figures:
            if data["key"] == key:
                return figure_from_data(data)
    return entry.compute(scope)
