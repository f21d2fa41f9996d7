"""Helpers for the Content-Security-Policy (settings.CONTENT_SECURITY_POLICY)."""

from __future__ import annotations

import re

_SCRIPT = re.compile(r"<script\b[^>]*>.*?</script>", re.IGNORECASE | re.DOTALL)


def without_scripts(svg: str) -> str:
    """A pygal SVG without the inline ``<script>`` pygal always writes (its tooltip config): the
    policy would block it anyway, and our charts are static pictures next to their table."""
    return _SCRIPT.sub("", svg)
