from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

Choices = tuple[tuple[Any, str], ...]


class WorklistFilterForm(forms.Form):
    neighbourhood = forms.TypedChoiceField(
        label=_("Neighbourhood"), required=False, coerce=int, empty_value=None
    )
    kind = forms.ChoiceField(label=_("Kind of signal"), required=False)
    advisor = forms.TypedChoiceField(
        label=_("Advisor"), required=False, coerce=int, empty_value=None
    )
    without_contact = forms.BooleanField(
        label=_("Only without recent personal contact"), required=False
    )
    days = forms.IntegerField(
        label=_("Recent means within (days)"), required=False, min_value=1, max_value=365
    )

    def __init__(
        self,
        *args: Any,
        neighbourhoods: Sequence[tuple[int, str]],
        kinds: Sequence[tuple[str, str]],
        advisors: Sequence[tuple[int, str]] | None = None,
        **kwargs: Any,
    ) -> None:
        """``neighbourhoods`` and ``advisors``: (id, name); ``kinds``: (source:kind, label);
        without ``advisors`` (not a team lead) there is no advisor field."""
        super().__init__(*args, **kwargs)
        self.choices_key: tuple[Choices, Choices, Choices | None] = (
            tuple(neighbourhoods),
            tuple(kinds),
            None if advisors is None else tuple(advisors),
        )
        everything: list[tuple[Any, Any]] = [("", _("All"))]
        field_neighbourhood = self.fields["neighbourhood"]
        assert isinstance(field_neighbourhood, forms.ChoiceField)
        field_neighbourhood.choices = everything + list(neighbourhoods)
        field_kind = self.fields["kind"]
        assert isinstance(field_kind, forms.ChoiceField)
        field_kind.choices = everything + list(kinds)
        if advisors is None:
            del self.fields["advisor"]
        else:
            field_advisor = self.fields["advisor"]
            assert isinstance(field_advisor, forms.ChoiceField)
            field_advisor.choices = everything + list(advisors)


def widgets(form: WorklistFilterForm) -> dict[str, SafeString]:
    """The form's widgets as HTML, by field name. The unbound form (the worklist as it opens, most
    requests) is drawn once per process for each set of choices and language: through the form
    renderer its selects cost ~1 ms of CPU per page (issue 16). A bound form is drawn as usual."""
    if form.is_bound:
        return {name: SafeString(str(form[name])) for name in form.fields}
    return _unbound(*form.choices_key, get_language())


@functools.lru_cache(maxsize=512)  # choices per user x languages; bounded whatever the users
def _unbound(
    neighbourhoods: Choices,
    kinds: Choices,
    advisors: Choices | None,
    language: str | None,  # part of the key: labels and "All" are translated
) -> dict[str, SafeString]:
    form = WorklistFilterForm(neighbourhoods=neighbourhoods, kinds=kinds, advisors=advisors)
    return {name: mark_safe(str(form[name])) for name in form.fields}  # noqa: S308 - Django drew it
