"""Django's per-request state (active language, time zone, URL prefix and urlconf, the database
and cache connections) in a plain context variable instead of ``asgiref.local.Local``.

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

The database connections are ``Local(thread_critical=True)``: ``ThreadCriticalLocal`` keeps them
in a ``threading.local`` where no event loop runs and in asgiref's own ``Local`` where one does.

``install()`` (``WebConfig.ready``) swaps the four module-level objects and the connection
handlers' (``django.db.connections``, ``django.core.cache.caches``), carrying over what they
hold in the current context; ``uninstall()`` puts asgiref's back. Django replaces
``trans_real._active`` by a new ``Local`` when a test changes ``LANGUAGES``
(``django.test.signals``): that only makes it slower again.
"""

from __future__ import annotations

import asyncio
import contextvars
import sys
import threading
from collections.abc import Callable, Iterator
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

    # ``_storage`` inlined: this read is on every query, the extra call would cost a third of it
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


def ours(thread_critical: bool) -> ContextLocal | ThreadCriticalLocal:
    """Our stand-in for ``Local(thread_critical)``."""
    return ThreadCriticalLocal() if thread_critical else ContextLocal()


def install() -> list[str]:
    """Swap Django's ``Local`` objects for ours; returns what was swapped."""
    if getattr(sys.flags, "thread_inherit_context", False):
        return []
    return _swap(Local, ours)


def uninstall() -> list[str]:
    """Put asgiref's ``Local`` objects back (``benchmarks/switch_ab.py`` measures both)."""
    return _swap((ContextLocal, ThreadCriticalLocal), Local)


def _swap(replaced: type | tuple[type, ...], make: Callable[[bool], Any]) -> list[str]:
    """Replace each target that is a ``replaced`` by ``make(thread_critical)``, carrying over what
    the current context holds (for the connections: this thread's, made at import)."""
    swapped = []
    for name, holder, attribute, keys, thread_critical in _targets():
        current = getattr(holder, attribute, None)
        if not issubclass(type(current), replaced):  # type(): ours answer for any attribute
            continue  # already swapped, or Django changed: leave it
        fresh = make(thread_critical)
        for key in keys:
            if hasattr(current, key):
                setattr(fresh, key, getattr(current, key))
        setattr(holder, attribute, fresh)
        swapped.append(name)
    return swapped


def _targets() -> Iterator[tuple[str, Any, str, tuple[str, ...], bool]]:
    """(name, holder, attribute, keys it holds, thread-critical) of each ``Local`` we swap."""
    for module_name, attribute in TARGETS:
        module = sys.modules.get(module_name) or __import__(module_name, fromlist=[attribute])
        yield f"{module_name}.{attribute}", module, attribute, KEYS, False
    from django.core.cache import caches
    from django.db import connections

    # one attribute per alias; the database connections are thread-critical, the caches not
    for name, handler in (
        ("django.db.connections", connections),
        ("django.core.cache.caches", caches),
    ):
        yield name, handler, "_connections", tuple(handler.settings), handler.thread_critical
