"""A new web process warms up before its first request (verbinding/ops/warmup.py)."""

from __future__ import annotations

import importlib
import logging
from typing import Any

import pytest
from django.template import TemplateSyntaxError, engines

from verbinding.ops import warmup


def cached_loader() -> Any:
    loader = engines["django"].engine.template_loaders[0]
    assert hasattr(loader, "get_template_cache"), "Django's cached loader"
    return loader


def test_every_template_of_the_project_and_its_apps_is_named() -> None:
    names = warmup.template_names()
    assert "worklist/worklist.html" in names  # an app's
    assert "base.html" in names  # the project's own directory
    assert all(name.endswith(".html") for name in names) and len(names) == len(set(names))


def test_warm_up_compiles_the_templates_and_loads_the_urlconf() -> None:
    loader = cached_loader()
    loader.reset()  # as in a new process: nothing compiled yet
    assert "worklist/worklist.html" not in loader.get_template_cache
    warmed = warmup.warm_up()
    assert "worklist/worklist.html" in loader.get_template_cache
    assert "households/detail.html" in loader.get_template_cache
    assert warmed.templates == len(warmup.template_names())
    assert warmed.url_patterns > 10 and warmed.languages == 2


def test_a_template_that_does_not_compile_is_logged_and_the_rest_are_warmed(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    engine = engines["django"]
    real = engine.get_template

    def get_template(name: str) -> Any:
        if name == "worklist/worklist.html":
            raise TemplateSyntaxError("Invalid block tag: 'endfor'")
        return real(name)

    monkeypatch.setattr(engine, "get_template", get_template)
    with caplog.at_level(logging.WARNING, logger="verbinding.ops.warmup"):
        warmed = warmup.warm_up()
    assert warmed.templates == len(warmup.template_names()) - 1
    assert "worklist/worklist.html does not compile" in caplog.text


def test_a_gunicorn_worker_warms_up_unless_told_not_to(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    monkeypatch.setattr(warmup, "warm_up", lambda: calls.append("warm"))
    import verbinding.gunicorn_conf as conf

    monkeypatch.delenv("WEB_WARM_UP", raising=False)
    conf = importlib.reload(conf)
    conf.post_worker_init(None)
    assert calls == ["warm"]
    monkeypatch.setenv("WEB_WARM_UP", "false")
    conf = importlib.reload(conf)
    conf.post_worker_init(None)
    assert calls == ["warm"]


def test_a_worker_whose_warm_up_fails_still_starts(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """A broken URLconf fails the requests as it would have; the process is not lost in a loop
    of failed starts."""

    def broken() -> None:
        raise ImportError("cannot import name 'views'")

    monkeypatch.setattr(warmup, "warm_up", broken)
    monkeypatch.delenv("WEB_WARM_UP", raising=False)
    import verbinding.gunicorn_conf as conf

    conf = importlib.reload(conf)
    with caplog.at_level(logging.ERROR, logger="verbinding.ops.warmup"):
        conf.post_worker_init(None)
    assert "warm-up failed" in caplog.text and "cannot import name" in caplog.text
