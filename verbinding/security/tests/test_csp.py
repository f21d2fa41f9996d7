"""The Content-Security-Policy allows no inline script, so no page may carry one: every URL pattern
(from the URLconf, new pages covered without editing this test) is rendered as the demo's users and
anonymously, and each HTML page is checked for inline handlers (``onclick=""``), ``javascript:``
links and ``<script>`` elements without ``src`` (JSON data blocks excepted)."""

from __future__ import annotations

import re

import pytest

from verbinding.audit.tests.test_every_view_is_audited import Demo, url_patterns

pytestmark = pytest.mark.django_db

HANDLER = re.compile(r"<[^>]*\s(on[a-z]+)\s*=", re.IGNORECASE)
JS_URL = re.compile(r"""(?:href|src|action)\s*=\s*["']?\s*javascript:""", re.IGNORECASE)
SCRIPT = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)


def inline_script_problems(html: str, nonce: str | None = None) -> list[str]:
    problems = [f"inline handler {m.group(1)}=" for m in HANDLER.finditer(html)]
    problems += ["javascript: URL" for _ in JS_URL.finditer(html)]
    for m in SCRIPT.finditer(html):
        attrs = m.group(1)
        if "src=" in attrs or 'type="application/json"' in attrs:
            continue
        if nonce and f'nonce="{nonce}"' in attrs:
            continue
        problems.append(f"inline <script{attrs}>")
    return problems


def test_the_checker_finds_what_the_policy_would_block():
    assert inline_script_problems('<button onclick="x()">') == ["inline handler onclick="]
    assert inline_script_problems('<a href="javascript:go()">') == ["javascript: URL"]
    assert inline_script_problems("<script>alert(1)</script>") == ["inline <script>"]
    assert not inline_script_problems('<script src="/static/a.js" defer></script>')
    assert not inline_script_problems('<script id="d" type="application/json">{}</script>')
    assert not inline_script_problems("<p>onclick= is a word in text</p>")


def test_the_policy_forbids_inline_script(client):
    policy = client.get("/account/login/")["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if " " in d.strip())
    assert "'unsafe-inline'" not in directives["script-src"]
    assert "'self'" in directives["script-src"]
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"


def test_no_page_carries_an_inline_script_or_handler(client):
    demo = Demo()
    checked, problems = 0, []
    for name, route, keywords in url_patterns():
        if name.startswith("api:"):
            continue  # JSON for systems (the API's docs page: api/tests/test_schema.py)
        url = demo.url(name, route, keywords)
        for user in [None, *demo.users]:
            client.logout()
            if user is not None:
                client.force_login(user)
            response = client.get(url)
            if response.status_code == 404 and not keywords:
                response = client.get(url, demo.query())
            if response.status_code != 200:
                continue
            if not response.get("Content-Type", "").startswith("text/html"):
                break
            found = inline_script_problems(response.content.decode())
            if found:
                problems.append(f"{url}: {sorted(set(found))}")
            assert "Content-Security-Policy" in response, url
            checked += 1
            break
    assert not problems, "\n".join(problems)
    assert checked >= 50, checked
