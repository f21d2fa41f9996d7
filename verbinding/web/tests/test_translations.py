"""Every user-facing string has a Dutch translation, and the compiled catalogue is current."""

from __future__ import annotations

import ast
import gettext
from pathlib import Path

import pytest
from django.utils import translation

PACKAGE = Path(__file__).resolve().parents[2]
CATALOGUES = sorted(PACKAGE.glob("**/locale/nl/LC_MESSAGES/django.po"))


def _entries(po: Path) -> list[tuple[str, str, bool]]:
    """(msgid, msgstr, fuzzy) for each entry, read with the standard library only."""
    entries: list[tuple[str, str, bool]] = []
    msgid, msgstr, fuzzy, target = None, None, False, None
    for raw in [*po.read_text(encoding="utf-8").splitlines(), ""]:
        line = raw.strip()
        if not line:
            if msgid:
                entries.append((msgid, msgstr or "", fuzzy))
            msgid, msgstr, fuzzy, target = None, None, False, None
        elif line.startswith("#,") and "fuzzy" in line:
            fuzzy = True
        elif line.startswith("msgid "):
            msgid, target = line[7:-1], "id"
        elif line.startswith("msgid_plural"):
            target = "plural"
        elif line.startswith("msgstr ") or line.startswith("msgstr[0]"):
            msgstr = line.split(" ", 1)[1][1:-1]
            target = "str"
        elif line.startswith("msgstr["):
            target = "other"
        elif line.startswith('"'):
            if target == "id":
                msgid = (msgid or "") + line[1:-1]
            elif target == "str":
                msgstr = (msgstr or "") + line[1:-1]
    return entries


def test_there_are_dutch_catalogues():
    assert len(CATALOGUES) >= 5


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_every_string_is_translated_and_none_is_fuzzy(po):
    problems = [m for m, s, fuzzy in _entries(po) if not s or fuzzy]
    assert not problems, f"untranslated or fuzzy in {po}: {problems[:10]}"


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_the_compiled_catalogue_matches_the_source(po):
    mo = po.with_suffix(".mo")
    assert mo.exists(), f"{mo} missing: run make messages"
    with mo.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = []
    for msgid, msgstr, _fuzzy in _entries(po):
        source, expected = ast.literal_eval(f'"{msgid}"'), ast.literal_eval(f'"{msgstr}"')
        context_free = "\x04" not in source
        if context_free and expected and compiled.gettext(source) != expected:
            stale.append(source)
    assert not stale, f"{mo} is stale (run make messages): {stale[:5]}"


def test_the_interface_speaks_dutch_by_default_and_english_on_request():
    from verbinding.vera.codes import CommunicatieKanaal

    with translation.override("nl"):
        assert str(CommunicatieKanaal.BEZ.label) == "Huisbezoek"
    with translation.override("en"):
        assert str(CommunicatieKanaal.BEZ.label) == "Home visit"


@pytest.mark.django_db
def test_a_browser_that_asks_for_english_still_gets_dutch_until_the_user_chooses():
    """Dutch by default: the browser's Accept-Language does not switch the interface; the
    language switch (a cookie) does."""
    from django.conf import settings
    from django.test import Client

    client = Client(headers={"Accept-Language": "en-US,en;q=0.9"})
    page = client.get("/account/login/")
    assert page.status_code == 200 and 'lang="nl"' in page.content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/account/login/"})
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert 'lang="en"' in client.get("/account/login/").content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx"
    assert 'lang="nl"' in client.get("/account/login/").content.decode()
