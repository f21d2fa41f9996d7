"""``{% url %}`` as Django's, with addresses of ids built by ``verbinding.web.reversing``.

A template builtin (settings.TEMPLATES "builtins"), so it stands in for Django's tag in every
template without a ``{% load %}``: same syntax (``{% url 'name' arg … [as var] %}``), same output,
same errors. Keyword arguments and arguments that are not ids go through Django's tag unchanged.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.template import defaulttags
from django.urls import NoReverseMatch
from django.utils.html import conditional_escape

from verbinding.web.reversing import reverse_ids

register = template.Library()


class IdURLNode(defaulttags.URLNode):
    def render(self, context: Any) -> str:
        if self.kwargs:
            return super().render(context)
        args = [arg.resolve(context) for arg in self.args]
        view_name = self.view_name.resolve(context)
        try:
            current_app = context.request.current_app
        except AttributeError:
            try:
                current_app = context.request.resolver_match.namespace
            except AttributeError:
                current_app = None
        url = ""
        try:
            url = reverse_ids(view_name, args, current_app)
        except NoReverseMatch:
            if self.asvar is None:
                raise
        if self.asvar:
            context[self.asvar] = url
            return ""
        return conditional_escape(url) if context.autoescape else url


@register.tag
def url(parser: Any, token: Any) -> IdURLNode:
    node = defaulttags.url(parser, token)
    return IdURLNode(node.view_name, node.args, node.kwargs, node.asvar)
