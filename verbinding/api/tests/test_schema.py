"""The committed OpenAPI document is what the code generates (CI fails on drift), and the docs
page is served from the package (no CDN)."""

from __future__ import annotations

from pathlib import Path

from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[3]


def test_the_committed_openapi_document_matches_the_code(tmp_path):
    generated = tmp_path / "openapi.yaml"
    call_command("spectacular", "--file", str(generated), "--validate", "--fail-on-warn")
    committed = (ROOT / "docs" / "api" / "openapi.yaml").read_text()
    assert generated.read_text() == committed, (
        "docs/api/openapi.yaml is out of date: run "
        "`.venv/bin/verbinding spectacular --file docs/api/openapi.yaml`"
    )


def test_the_docs_page_is_served_without_a_cdn(client):
    page = client.get("/api/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "swagger-ui" in html
    assert "cdn" not in html.lower()
    assert client.get("/api/schema/").status_code == 200
