"""Through which channel a write or view arrives (the web pages, the API, a command).

The API sets ``channel("api", client_name)`` around a request; every audit row written meanwhile
records the staff account *and* ``[api:<client>]`` in its label, so an API write differs from a UI
write only in its channel and client.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_current: ContextVar[str] = ContextVar("audit_channel", default="")


@contextmanager
def channel(name: str, client: str = "") -> Iterator[None]:
    token = _current.set(f"{name}:{client}" if client else name)
    try:
        yield
    finally:
        _current.reset(token)


def current() -> str:
    return _current.get()


def label(base: str) -> str:
    """``base`` with the channel appended, e.g. ``"erp-koppeling [api:Dynamics]"``."""
    now = _current.get()
    return f"{base} [{now}]"[:150] if now else base


def enter(name: str, client: str = "") -> object:
    """For frameworks with separate begin/end hooks (DRF's initial/finalize_response)."""
    return _current.set(f"{name}:{client}" if client else name)


def leave(token: object) -> None:
    _current.reset(token)  # type: ignore[arg-type]
