"""Helpers for the Content-Security-Policy (settings.CONTENT_SECURITY_POLICY)."""

from __future__ import annotations

import re

_SCRIPT = re.compile(r"<script\b[^>]*>.*?</script>", re.IGNORECASE | re.DOTALL)
_STYLE_ATTRIBUTE = re.compile(r'\sstyle="[^"]*"', re.IGNORECASE)
_STYLE_ELEMENT = re.compile(r"<style\b", re.IGNORECASE)


def without_scripts(svg: str) -> str:
    """A pygal SVG without the inline ``<script>`` pygal always writes (its tooltip config): the
    policy would block it anyway, and our charts are static pictures next to their table. Its one
    style attribute goes too (``opacity: 0`` on the empty tooltip): the policy allows none."""
    return _STYLE_ATTRIBUTE.sub("", _SCRIPT.sub("", svg))


def with_style_nonce(svg: str, nonce: str) -> str:
    """The SVG's ``<style>`` elements (pygal writes the chart's colours there) with the response's
    nonce, the only inline styles the policy lets through."""
    return _STYLE_ELEMENT.sub(f'<style nonce="{nonce}"', svg)
