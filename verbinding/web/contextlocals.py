"""Django's per-request state (active language, time zone, URL prefix and urlconf) in a plain
context variable instead of ``asgiref.local.Local``.

Django keeps that state in ``asgiref.local.Local`` objects: storage local to a thread, and to an
async task where there is one. Every ``gettext``, ``get_language``, ``localtime`` and ``reverse``
reads it. asgiref 3.13's ``Local`` takes a lock and goes through two Python-level indirections
and a thread check per read: 4.4 us against 0.16 us for a ``threading.local`` on the 2-core
benchmark machine (``timeit``), and ``get_urlconf``, which asks for a value that is usually not
set, 9 us. A worklist page reads that state about 800 times, the household page about 350
(docs/benchmarks.md, issue 16).

``ContextLocal`` gives the same behaviour as ``Local(thread_critical=False)``: its values live in
one ``contextvars.ContextVar`` holding a dict that is copied on every write, so a copied context
(``sync_to_async``, ``async_to_sync``, asyncio tasks) sees the values at the copy and its own
writes stay its own, and a new thread (which starts with an empty context) sees none. What it
leaves out is asgiref's lock (a read of a context variable needs none; a write replaces the
dict in one step) and the thread check asgiref 3.13 added for interpreters whose new threads
inherit the spawning thread's context (``sys.flags.thread_inherit_context``, Python 3.14): where
that flag is on, ``install`` keeps Django's objects.

``install()`` (``WebConfig.ready``) swaps the four module-level objects and carries over what
they hold in the current context. Django replaces ``trans_real._active`` by a new ``Local`` when
a test changes ``LANGUAGES`` (``django.test.signals``): that only makes it slower again.
"""

from __future__ import annotations

import asyncio
import contextvars
import sys
import threading
from typing import Any

from asgiref.local import Local

_set = object.__setattr__

# (module, attribute) of Django's Local objects read on every request
TARGETS = (
    ("django.utils.translation.trans_real", "_active"),
    ("django.utils.timezone", "_active"),
    ("django.urls.base", "_prefixes"),
    ("django.urls.base", "_urlconfs"),
)
KEYS = ("value",)  # the one attribute each of them holds


class ContextLocal:
    """Attributes local to the current context (thread or async task); see the module docstring."""

    __slots__ = ("_var",)

    def __init__(self, name: str = "verbinding.contextlocal") -> None:
        _set(self, "_var", contextvars.ContextVar(name))

    # ``__getattribute__``, not ``__getattr__``: every attribute is a stored value, and Python's
    # own lookup, which would fail first, costs as much as the read.
    def __getattribute__(self, key: str) -> Any:
        try:
            return _var_of(self).get()[key]
        except (LookupError, KeyError):
            raise AttributeError(key) from None

    def __setattr__(self, key: str, value: Any) -> None:
        var = _var_of(self)
        data = dict(var.get({}))
        data[key] = value
        var.set(data)

    def __delattr__(self, key: str) -> None:
        var = _var_of(self)
        data = dict(var.get({}))
        if key not in data:
            raise AttributeError(key)
        del data[key]
        var.set(data)


_var_of = ContextLocal._var.__get__  # type: ignore[attr-defined]  # the slot, read directly


class ThreadCriticalLocal:
    """``Local(thread_critical=True)`` (the database connections): a ``threading.local`` in a
    thread without an event loop, as asgiref's; in a thread with one, asgiref's own ``Local``.
    asgiref asks ``asyncio.get_running_loop()``, which raises in every synchronous read (3.2 us
    for ``connections["default"]``); ``asyncio._get_running_loop()`` answers the same without."""

    __slots__ = ("_task", "_thread")

    def __init__(self) -> None:
        _set(self, "_thread", threading.local())
        _set(self, "_task", Local(thread_critical=True))

    def _storage(self) -> Any:
        return _thread_of(self) if _running_loop() is None else _task_of(self)

    def __getattribute__(self, key: str) -> Any:
        if _running_loop() is None:
            return getattr(_thread_of(self), key)
        return getattr(_task_of(self), key)

    def __setattr__(self, key: str, value: Any) -> None:
        setattr(_storage_of(self), key, value)

    def __delattr__(self, key: str) -> None:
        delattr(_storage_of(self), key)


_thread_of = ThreadCriticalLocal._thread.__get__  # type: ignore[attr-defined]
_task_of = ThreadCriticalLocal._task.__get__  # type: ignore[attr-defined]
_storage_of = ThreadCriticalLocal._storage
_running_loop = asyncio._get_running_loop


def install() -> list[str]:
    """Swap Django's ``Local`` objects for ours; returns what was swapped."""
    if getattr(sys.flags, "thread_inherit_context", False):
        return []
    swapped = _swap_handlers()
    for module_name, attribute in TARGETS:
        module = sys.modules.get(module_name) or __import__(module_name, fromlist=[attribute])
        current = getattr(module, attribute, None)
        if not issubclass(type(current), Local):  # type(): ours answer for any attribute
            continue  # already swapped, or Django changed: leave it
        fresh = ContextLocal(f"{module_name}.{attribute}")
        for key in KEYS:
            if hasattr(current, key):
                setattr(fresh, key, getattr(current, key))
        setattr(module, attribute, fresh)
        swapped.append(f"{module_name}.{attribute}")
    return swapped


def _swap_handlers() -> list[str]:
    """The database connections' and the caches' ``Local`` (one attribute per alias), with what
    this thread's holds (a connection object made at import, before any request)."""
    from django.core.cache import caches
    from django.db import connections

    swapped = []
    handlers: tuple[tuple[str, Any], ...] = (
        ("django.db.connections", connections),
        ("django.core.cache.caches", caches),
    )
    for name, handler in handlers:
        current = handler._connections
        if not issubclass(type(current), Local):
            continue
        fresh = ThreadCriticalLocal() if handler.thread_critical else ContextLocal()
        for alias in handler.settings:
            if hasattr(current, alias):
                setattr(fresh, alias, getattr(current, alias))
        handler._connections = fresh
        swapped.append(name)
    return swapped
