"""Template filters: money in euros (from cents), Dutch or English style."""

from __future__ import annotations

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from verbinding.security.csp import with_style_nonce

register = template.Library()


@register.simple_tag(takes_context=True)
def inline_svg(context: template.Context, svg: str) -> str:
    """A chart drawn on the server, with the response's CSP nonce on its ``<style>`` elements."""
    request = context.get("request")
    lazy = getattr(request, "csp_nonce", None)  # django-csp's lazy object: false until read
    nonce = str(lazy) if lazy is not None else ""
    return mark_safe(with_style_nonce(str(svg), escape(nonce)))  # noqa: S308 - our own SVG


def format_euro(cents: int | None, *, whole: bool = False) -> str:
    if cents is None:
        return ""
    negative = cents < 0
    cents = abs(int(cents))
    euros, rest = divmod(cents, 100)
    dutch = (get_language() or "nl").startswith("nl")
    thousands = f"{euros:,}".replace(",", "." if dutch else ",")
    decimal_mark = "," if dutch else "."
    body = thousands if whole else f"{thousands}{decimal_mark}{rest:02d}"
    sign = "-" if negative else ""
    return f"{sign}€ {body}" if dutch else f"{sign}€{body}"


@register.filter
def euro(cents: int | None) -> str:
    """``{{ 141250|euro }}`` → ``€ 1.412,50`` (nl) / ``€1,412.50`` (en)."""
    return format_euro(cents)


@register.filter
def euro_whole(cents: int | None) -> str:
    """Rounded down to whole euros: ``€ 1.412``."""
    return format_euro(cents, whole=True)
