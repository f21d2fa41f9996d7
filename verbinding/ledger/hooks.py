"""After the ledger changes (an import, a bank statement, the nightly run), derived state is
recomputed by the apps that keep it: arrears and early signals, arrangement instalments, ...

An app registers a listener on its AppConfig::

    ledger_listeners = ["verbinding.arrears.services.on_ledger_changed"]

A listener is ``def on_ledger_changed(*, tenancy_ids: Collection[int] | None, today: date) -> None``
(``tenancy_ids=None`` means "all tenancies", the full nightly recompute). Listeners run in
INSTALLED_APPS order (arrears before arrangements) inside the caller's transaction, so an import and
everything derived from it land together or not at all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection
from functools import cache
from typing import Any

from django.apps import apps
from django.utils.module_loading import import_string

from verbinding import clock

Listener = Callable[..., Any]


@cache
def _listeners() -> tuple[Listener, ...]:
    found: list[Listener] = []
    for config in apps.get_app_configs():
        for path in getattr(config, "ledger_listeners", []):
            found.append(import_string(path))
    return tuple(found)


def ledger_changed(*, tenancy_ids: Collection[int] | None, today: dt.date | None = None) -> None:
    """Tell every listener which tenancies' ledgers changed (``None``: all of them)."""
    day = today or clock.today()
    for listener in _listeners():
        listener(tenancy_ids=tenancy_ids, today=day)
