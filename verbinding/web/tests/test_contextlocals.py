"""Django's per-request state in plain context variables: the same isolation as asgiref's Local."""

from __future__ import annotations

import asyncio
import contextvars
import threading
from typing import Any

import pytest
from asgiref.local import Local
from asgiref.sync import async_to_sync, sync_to_async
from django.core.cache import caches
from django.db import connections
from django.urls import base as urls_base
from django.utils import timezone, translation
from django.utils.translation import trans_real

from verbinding.web import contextlocals
from verbinding.web.contextlocals import ContextLocal, ThreadCriticalLocal


def in_thread(function: Any) -> Any:
    """Run in a new thread: no event loop there (the browser tests' Playwright keeps one running
    in the main thread), its own context."""
    result: list[Any] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            result.append(function())
        except BaseException as error:  # re-raised in the test's thread
            errors.append(error)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if errors:
        raise errors[0]
    return result[0]


def test_installed_for_the_language_time_zone_urls_connections_and_caches():
    assert isinstance(connections._connections, ThreadCriticalLocal)  # by WebConfig.ready
    contextlocals.install()  # again: a test that changes LANGUAGES gives Django a new Local
    assert isinstance(trans_real._active, ContextLocal)
    assert isinstance(timezone._active, ContextLocal)
    assert isinstance(urls_base._prefixes, ContextLocal)
    assert isinstance(urls_base._urlconfs, ContextLocal)
    assert isinstance(connections._connections, ThreadCriticalLocal)
    assert isinstance(caches._connections, ContextLocal)
    assert contextlocals.install() == []  # once is enough: nothing left to swap


def test_uninstall_puts_asgirefs_back_with_what_they_held_and_install_swaps_again():
    connection = connections["default"]
    try:
        with translation.override("en"):
            assert len(contextlocals.uninstall()) == 6
            assert isinstance(trans_real._active, Local)
            assert isinstance(connections._connections, Local)
            assert isinstance(caches._connections, Local)
            assert translation.get_language() == "en"
            assert connections["default"] is connection
            assert len(contextlocals.install()) == 6
            assert translation.get_language() == "en"
            assert connections["default"] is connection
    finally:
        contextlocals.install()
    assert isinstance(trans_real._active, ContextLocal)
    assert isinstance(connections._connections, ThreadCriticalLocal)


def test_values_are_per_thread_and_missing_ones_raise_attribute_error():
    local = ContextLocal()
    local.value = "main"
    assert local.value == "main"
    assert in_thread(lambda: getattr(local, "value", "unset")) == "unset"
    assert in_thread(lambda: (setattr(local, "value", "other"), local.value)[1]) == "other"
    assert local.value == "main"
    del local.value
    assert not hasattr(local, "value")
    with pytest.raises(AttributeError):
        del local.value
    with pytest.raises(AttributeError):
        local.missing  # noqa: B018


def test_a_copied_context_sees_the_values_and_keeps_its_own_writes():
    local = ContextLocal()
    local.value = "outer"

    def inside() -> str:
        seen = local.value
        local.value = "inner"
        return seen

    assert contextvars.copy_context().run(inside) == "outer"
    assert local.value == "outer"


def test_the_active_language_is_per_thread():
    with translation.override("en"):
        assert in_thread(translation.get_language) == "nl"  # the default, not this thread's
        assert translation.get_language() == "en"
        with translation.override("nl"):
            assert translation.gettext("Household") == "Huishouden"
        assert translation.gettext("Household") == "Household"


def test_the_active_language_reaches_sync_to_async_and_async_to_sync():
    async def language_in_async() -> str:
        return translation.get_language()

    def check() -> None:
        with translation.override("en"):
            assert async_to_sync(language_in_async)() == "en"
            assert async_to_sync(sync_to_async(translation.get_language))() == "en"

    in_thread(check)


def test_async_tasks_do_not_see_each_others_language():
    async def task(language: str) -> str:
        translation.activate(language)
        await asyncio.sleep(0)
        return translation.get_language()

    async def both() -> list[str]:
        return list(await asyncio.gather(task("en"), task("nl")))

    assert in_thread(lambda: asyncio.run(both())) == ["en", "nl"]


def test_thread_critical_values_stay_in_their_thread_and_event_loop():
    local = ThreadCriticalLocal()

    async def in_loop() -> tuple[bool, str]:
        had = hasattr(local, "conn")  # a running loop has storage of its own (asgiref's)
        local.conn = "loop's"
        return had, local.conn

    def check() -> None:
        local.conn = "this thread's"
        assert local.conn == "this thread's"
        assert in_thread(lambda: hasattr(local, "conn")) is False
        assert asyncio.run(in_loop()) == (False, "loop's")
        assert local.conn == "this thread's"
        del local.conn
        assert not hasattr(local, "conn")

    in_thread(check)


def test_each_thread_gets_its_own_database_connection():
    mine = connections["default"]
    assert connections["default"] is mine
    assert in_thread(lambda: connections["default"]) is not mine
