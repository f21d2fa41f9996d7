"""``{% per_process %}`` (web/templatetags/fragments.py): the parts of base.html drawn once per
process are the same as drawn on each request, for every role, page and language, whoever asked
first; and only the parts meant to be kept are kept."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.template import Context, Template
from django.test import Client
from django.utils import translation

from verbinding.web.templatetags import fragments

pytestmark = pytest.mark.django_db

ROLES = ["advisor", "team_lead", "manager", "privacy_officer"]
PAGES = ["/households/", "/worklist/", "/outcomes/", "/account/password/", "/no-such-page/"]
# Per request by design: the CSRF and one-time form tokens (web/once.py), the CSP nonce, the ids
# of the charts on the dashboard.
_TOKENS = re.compile(r'value="[A-Za-z0-9_-]{32,}"|nonce="[^"]*"|chart-[0-9a-f-]{36}')


def _pages(cast: Any, language: str) -> dict[tuple[str, str], str]:
    drawn = {}
    for role in ROLES:
        client = Client()
        client.force_login(getattr(cast, role))
        if language != "nl":
            client.cookies["django_language"] = language
        for path in PAGES:
            response = client.get(path)
            drawn[(role, path)] = _TOKENS.sub("…", response.content.decode())
    return drawn


@pytest.mark.parametrize("language", ["nl", "en"])
def test_base_html_is_the_same_with_and_without_the_kept_parts(cast, monkeypatch, language):
    monkeypatch.setattr(fragments, "ENABLED", False)
    fresh = _pages(cast, language)
    monkeypatch.setattr(fragments, "ENABLED", True)
    kept_once = _pages(cast, language)  # each part drawn by whichever role asked first
    kept_twice = _pages(cast, language)  # and now copied
    for key, html in fresh.items():
        assert kept_once[key] == html, key
        assert kept_twice[key] == html, key
    assert any('aria-current="page"' in html for html in fresh.values())


def test_the_menu_is_kept_per_role_and_current_page(cast):
    advisor, manager = Client(), Client()
    advisor.force_login(cast.advisor)
    manager.force_login(cast.manager)
    assert 'href="/outcomes/"' in manager.get("/outcomes/").content.decode()
    households = advisor.get("/households/").content.decode()
    assert 'href="/outcomes/"' not in households
    assert 'href="/households/" aria-current="page"' in households
    assert 'aria-current="page"' not in advisor.get("/account/password/").content.decode()


def test_a_block_is_kept_per_language_and_value():
    template = Template(
        "{% load i18n fragments %}{% per_process who %}{% get_current_language as lang %}"
        "{{ lang }} {{ who }} {{ other }}{% endper_process %}"
    )
    with translation.override("nl"):
        assert template.render(Context({"who": "a", "other": 1})) == "nl a 1"
        # ``other`` is no key: the block drawn for "a" is copied (what the docstring forbids)
        assert template.render(Context({"who": "a", "other": 2})) == "nl a 1"
        assert template.render(Context({"who": "b", "other": 2})) == "nl b 2"
    with translation.override("en"):
        assert template.render(Context({"who": "a", "other": 3})) == "en a 3"
