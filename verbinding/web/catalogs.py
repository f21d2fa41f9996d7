"""One translation catalog per plural rule, as Django means to keep them.

Django's ``TranslationCatalog.update`` (django/utils/translation/trans_real.py, 5.2) is meant to
merge a newly loaded ``.mo`` file into the top catalog when both use the same plural rule, and to
put it on top as a catalog of its own otherwise. It compares the new rule's code object with the
top rule *function* (``trans.plural.__code__ == self._plurals[0]``), which is never equal, so
every ``.mo`` file becomes a catalog of its own: 37 for Dutch here (our apps and Django's), and
every ``gettext`` of a message that lives low in the stack tries up to 37 dictionaries (~2.7 us
per call; a worklist page makes a few hundred; issue 16, docs/benchmarks.md).

``install()`` puts the comparison Django meant in its place: the code objects of both rules.
Merging into the top catalog keeps Django's order (a later file's message wins, as it did from
on top), and the merged messages share one rule, so ``ngettext`` counts the same. Installed by
``WebConfig.ready``; translations loaded before it (none at start-up) are dropped so they load
anew. Once Django compares the code objects itself this does nothing (``merges``).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import trans_real

_django_update = trans_real.TranslationCatalog.update


def _update(self: Any, trans: Any) -> None:
    if self._plurals and trans.plural.__code__ == self._plurals[0].__code__:
        self._catalogs[0].update(trans._catalog)
    else:
        self._catalogs.insert(0, trans._catalog.copy())
        self._plurals.insert(0, trans.plural)


class _Rule:
    def __init__(self) -> None:
        self._catalog: dict[str, str] = {}

    @staticmethod
    def plural(n: int) -> int:
        return int(n != 1)


def merges(update: Any) -> bool:
    """Whether this ``update`` merges two files with the same rule into one catalog."""
    catalog = trans_real.TranslationCatalog(_Rule())  # type: ignore[arg-type]
    update(catalog, _Rule())
    return len(catalog._catalogs) == 1


def install() -> None:
    current = trans_real.TranslationCatalog.update
    if current is _update or merges(current):  # installed, or a Django that merges itself
        return
    trans_real.TranslationCatalog.update = _update  # type: ignore[method-assign]
    # loaded again, merged (what Django's own reset on a changed LANGUAGES setting does)
    trans_real._translations = {}  # type: ignore[attr-defined]
    trans_real._default = None  # type: ignore[attr-defined]
