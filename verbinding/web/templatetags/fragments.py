"""``{% per_process … %}…{% endper_process %}``: a part of a page drawn once per process.

The page chrome every request draws (base.html: the links to the style sheet and scripts, the
menu, the footer with the language switch) is the same for every request with the same language
and the same few values, yet drawing it through the template engine (a translation lookup per
text, a URL per link and per static file) cost about a millisecond of CPU on every request
(issue 16). The tag draws its content the first time and keeps the result, per process, keyed by
the active language and the values named after the tag::

    {% per_process nav_key %}<ul>{% for item in nav_items %}…{% endfor %}</ul>{% endper_process %}

What is inside must depend on nothing else: never the user, the request, a CSRF token, a nonce,
messages or form values (those go between the blocks). ``web/tests/test_fragments.py`` compares
base.html drawn with and without the tag for each role, page and language.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from django import template
from django.template.base import FilterExpression, NodeList, Parser, Token
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

register = template.Library()

# Languages x values per block (roles x pages for the menu): bounded, so a process never grows
# with it; past the limit a block is drawn on every request, as without the tag.
KEEP = 2048
# Switched off by the test that compares the pages drawn with and without the tag.
ENABLED = True


class PerProcessNode(template.Node):
    def __init__(self, nodelist: NodeList, vary: list[FilterExpression]) -> None:
        self.nodelist = nodelist
        self.vary = vary
        self.kept: dict[tuple[Hashable, ...], SafeString] = {}

    def render(self, context: template.Context) -> str:
        if not ENABLED:
            return self.nodelist.render(context)
        key = (get_language(), *(value.resolve(context) for value in self.vary))
        html = self.kept.get(key)
        if html is None:
            html = mark_safe(self.nodelist.render(context))  # noqa: S308 - the template's own output
            if len(self.kept) < KEEP:
                self.kept[key] = html
        return html


@register.tag
def per_process(parser: Parser, token: Token) -> Any:
    bits = token.split_contents()[1:]
    nodelist = parser.parse(("endper_process",))
    parser.delete_first_token()
    return PerProcessNode(nodelist, [parser.compile_filter(bit) for bit in bits])
