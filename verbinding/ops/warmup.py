"""Warm a new web process before it serves (gunicorn's ``post_worker_init``; issue 16).

Django builds much on first use: the URLconf imports every app's views (and what they import: the
PDF library alone takes ~0.5 s), the cached template loader compiles each template the first time
it is asked for, and each language's translation catalogue is read on its first activation. A new
gunicorn worker (at start, after a graceful reload, and each time one is replaced after
``WEB_MAX_REQUESTS``) paid all this inside its first requests: ~0.7 s of extra CPU over its first
ten, with the requests queued behind them waiting, while the other workers carried the load
(docs/benchmarks.md). Done here, before the worker accepts a connection, nobody waits for it.

Nothing is read from or written to the database here, and no request is made: the process only
builds what it would have built on first use. A template that does not compile is logged and
skipped (the page that uses it fails as it would have); any other failure (a URLconf that does not
import) is logged by ``gunicorn_conf.post_worker_init`` and the worker starts all the same.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.template import TemplateSyntaxError, engines
from django.urls import get_resolver
from django.utils import translation

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Warmed:
    url_patterns: int
    templates: int
    languages: int


def template_names() -> list[str]:
    """Every ``.html`` template of the project's and the apps' template directories."""
    names: set[str] = set()
    for directory in map(Path, engines["django"].template_dirs):  # DIRS, then the apps'
        names.update(str(p.relative_to(directory)) for p in directory.rglob("*.html"))
    return sorted(names)


def warm_up() -> Warmed:
    """Import the URLconf, compile every template, read every language's catalogue."""
    resolver = get_resolver()
    patterns = len(resolver.url_patterns)  # imports every app's urls and views
    resolver.reverse_dict  # noqa: B018 - builds the reverse lookup for the active language
    compiled = 0
    engine = engines["django"]
    for name in template_names():
        try:
            engine.get_template(name)  # the cached loader keeps what it compiled
            compiled += 1
        except TemplateSyntaxError:
            log.warning("warm-up: template %s does not compile", name, exc_info=True)
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("Worklist")  # reads the language's catalogues
    return Warmed(patterns, compiled, len(settings.LANGUAGES))
