"""The audit state of the request being served.

While the view-audit middleware serves a request, a selector's "viewed" row is not written at once
but noted here; the middleware then writes one row for the page, naming the page and the record
(so a page view is one row, not one per selector it calls). Outside a request (commands, tests
calling selectors directly) rows are written immediately.
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass, field


@dataclass
class RequestAudit:
    seen: list[tuple[str, str, int | None]] = field(default_factory=list)
    exported: bool = False


_state: ContextVar[RequestAudit | None] = ContextVar("verbinding_audit_request", default=None)


def start_request() -> RequestAudit:
    state = RequestAudit()
    _state.set(state)
    return state


def end_request() -> None:
    _state.set(None)


def current() -> RequestAudit | None:
    return _state.get()
