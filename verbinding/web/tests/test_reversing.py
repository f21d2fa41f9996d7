"""reverse_ids and the {% url %} tag built on it give what Django's reverse gives, errors included."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.template import Context, Template, engines
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter

from verbinding.web import reversing
from verbinding.web.reversing import reverse_ids
from verbinding.web.templatetags.idurls import IdURLNode


def named_patterns(patterns: list, namespace: str = "") -> Iterator[tuple[str, list[type], bool]]:
    """(name, converter classes, has a regex group) of every named URL of the project."""
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from named_patterns(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            converters = [type(c) for c in getattr(entry.pattern, "converters", {}).values()]
            regex_groups = entry.pattern.regex.groups
            yield f"{namespace}{entry.name}", converters, regex_groups != len(converters)


def test_every_address_of_ids_is_what_reverse_gives():
    checked = 0
    for name, converters, has_regex in named_patterns(get_resolver().url_patterns):
        if has_regex or any(c is not IntConverter for c in converters):
            continue
        for ids in ([0] * len(converters), [7, 42, 9, 3][: len(converters)], [123456789] * 4):
            args = ids[: len(converters)]
            assert reverse_ids(name, args) == reverse(name, args=args), name
        checked += 1
    assert checked > 50  # the project's household, case, plan, letter … pages


def test_other_arguments_go_to_reverse_with_its_errors():
    assert reverse_ids("households:detail", ["12"]) == reverse("households:detail", args=["12"])
    for bad in ([-1], [True], ["x"], [1, 2]):
        with pytest.raises(NoReverseMatch):
            reverse_ids("households:detail", bad)
    with pytest.raises(NoReverseMatch):
        reverse_ids("no-such-view", [1])
    assert reverse_ids("households:list") == reverse("households:list")


def test_a_pattern_that_refuses_the_markers_is_not_cached_wrongly(monkeypatch):
    monkeypatch.setattr(reversing, "_patterns", {})
    monkeypatch.setattr(reversing, "_MARKS", (5, 55))  # "5" is inside "55": not usable
    assert reverse_ids("households:flag_end", [5, 55]) == reverse(
        "households:flag_end", args=[5, 55]
    )
    assert reverse_ids("households:flag_end", [1, 2]) == reverse("households:flag_end", args=[1, 2])
    assert list(reversing._patterns.values()) == [None]


def test_the_url_tag_is_the_id_tag_and_writes_what_djangos_writes():
    engine = engines["django"].engine
    node = Template("{% url 'households:detail' 5 %}", engine=engine).nodelist[0]
    assert isinstance(node, IdURLNode)
    context = Context({"h": 31, "name": "households:ledger", "text": "a&b"})
    cases = {
        "{% url 'households:detail' h %}": reverse("households:detail", args=[31]),
        "{% url name h %}": reverse("households:ledger", args=[31]),
        "{% url 'households:detail' h as x %}[{{ x }}]": f"[{reverse('households:detail', args=[31])}]",
        "{% url 'no-such-view' h as x %}[{{ x }}]": "[]",
        "{% url 'households:detail' household_id=h %}": reverse(
            "households:detail", kwargs={"household_id": 31}
        ),
    }
    for source, expected in cases.items():
        assert Template(source, engine=engine).render(context) == expected, source
    with pytest.raises(NoReverseMatch):
        Template("{% url 'households:detail' text %}", engine=engine).render(context)
