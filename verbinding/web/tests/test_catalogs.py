"""One catalog per plural rule: the same translations as Django's catalog per file."""

from __future__ import annotations

import pytest
from django.utils.translation import trans_real

from verbinding.web import catalogs


def translation_with(monkeypatch: pytest.MonkeyPatch, update, language: str):
    monkeypatch.setattr(trans_real.TranslationCatalog, "update", update)
    return trans_real.DjangoTranslation(language)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_merged_catalogs_translate_every_message_as_one_per_file_did(monkeypatch, language):
    """(English: the files hold only their headers, the messages are the source.)"""
    per_file = translation_with(monkeypatch, catalogs._django_update, language)
    merged = translation_with(monkeypatch, catalogs._update, language)
    assert len(per_file._catalog._catalogs) > 5  # Django's comparison never merges
    assert len(merged._catalog._catalogs) == 1  # every file here has nplurals=2; (n != 1)
    keys = {key for catalog in per_file._catalog._catalogs for key in catalog}
    assert len(keys) > (1000 if language == "nl" else 0)
    for key in keys:
        assert merged._catalog.get(key) == per_file._catalog.get(key), key
    for n in (0, 1, 2, 5) if language == "nl" else ():
        assert merged._catalog.plural("%(counter)s day overdue", n) == per_file._catalog.plural(
            "%(counter)s day overdue", n
        )


def test_the_running_translations_are_merged_and_translate():
    from django.utils import translation

    with translation.override("nl"):
        assert len(trans_real._active.value._catalog._catalogs) == 1
        assert translation.gettext("Log in") == "Inloggen"
        assert translation.ngettext("%(counter)s day overdue", "%(counter)s days overdue", 2) == (
            "%(counter)s dagen over tijd"
        )


def test_nothing_is_changed_where_django_merges_itself(monkeypatch):
    assert not catalogs.merges(catalogs._django_update) and catalogs.merges(catalogs._update)

    def fixed_django(self, trans):  # what a Django that compares the code objects would do
        catalogs._update(self, trans)

    monkeypatch.setattr(trans_real.TranslationCatalog, "update", fixed_django)
    before = trans_real._translations
    catalogs.install()
    assert trans_real.TranslationCatalog.update is fixed_django
    assert trans_real._translations is before  # nothing reset
