"""The Content-Security-Policy allows no inline script and no inline style (but a nonced <style>),
so no page may carry one: every URL pattern
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
STYLE_ATTRIBUTE = re.compile(r"<([a-z][a-z0-9-]*)\b[^>]*\sstyle\s*=", re.IGNORECASE)
STYLE_ELEMENT = re.compile(r"<style\b([^>]*)>", re.IGNORECASE)
NONCE = re.compile(r"'nonce-([^']+)'")


def inline_style_problems(html: str, nonce: str | None = None) -> list[str]:
    """What ``style-src 'self' 'nonce-…'`` blocks: any style attribute, and a ``<style>`` element
    without the response's nonce."""
    problems = [f"style attribute on <{m.group(1)}>" for m in STYLE_ATTRIBUTE.finditer(html)]
    for m in STYLE_ELEMENT.finditer(html):
        if not (nonce and f'nonce="{nonce}"' in m.group(1)):
            problems.append(f"<style{m.group(1)}> without the nonce")
    return problems


def style_nonce(response) -> str | None:  # type: ignore[no-untyped-def]
    policy = response.get("Content-Security-Policy", "")
    style_src = next((d for d in policy.split(";") if d.strip().startswith("style-src")), "")
    found = NONCE.search(style_src)
    return found.group(1) if found else None


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


def test_the_style_checker_finds_what_the_policy_would_block():
    assert inline_style_problems('<p class="x" style="margin:0">') == ["style attribute on <p>"]
    assert inline_style_problems("<style>a{}</style>") == ["<style> without the nonce"]
    assert inline_style_problems('<style nonce="n1">a{}</style>', "n2") == [
        '<style nonce="n1"> without the nonce'
    ]
    assert not inline_style_problems('<style nonce="n1">a{}</style>', "n1")
    assert not inline_style_problems('<p data-style="x">style= in text</p>')


def test_a_chart_carries_the_responses_style_nonce(client, cast):
    """The household page's arrears chart (pygal writes its colours in a <style> element)."""
    from verbinding.testing import factories as f

    tenancy = cast.north_household.tenancies.get()
    f.LedgerEntryFactory(tenancy=tenancy)
    client.force_login(cast.advisor)
    response = client.get(f"/households/{cast.north_household.id}/")
    html = response.content.decode()
    nonce = style_nonce(response)
    assert nonce and f'<style nonce="{nonce}"' in html
    assert not inline_style_problems(html, nonce)
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]


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
            html = response.content.decode()
            found = inline_script_problems(html) + inline_style_problems(
                html, style_nonce(response)
            )
            if found:
                problems.append(f"{url}: {sorted(set(found))}")
            assert "Content-Security-Policy" in response, url
            checked += 1
            break
    assert not problems, "\n".join(problems)
    assert checked >= 50, checked


def test_only_the_api_description_pages_allow_inline_styles(client, cast):
    """Swagger UI and Redoc (packaged, no personal data) set styles from their scripts."""
    client.force_login(cast.manager)

    def style_src(url: str) -> str:
        policy = client.get(url)["Content-Security-Policy"]
        return next(d for d in policy.split(";") if d.strip().startswith("style-src"))

    assert "'unsafe-inline'" in style_src("/api/docs/")
    assert "'unsafe-inline'" in style_src("/api/redoc/")
    assert "'unsafe-inline'" not in style_src("/outcomes/")
    assert "'unsafe-inline'" not in style_src("/account/login/")
