from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


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
        neighbourhoods: list[Any],
        kinds: list[tuple[str, str]],
        advisors: list[Any] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        everything: list[tuple[Any, Any]] = [("", _("All"))]
        field_neighbourhood = self.fields["neighbourhood"]
        assert isinstance(field_neighbourhood, forms.ChoiceField)
        field_neighbourhood.choices = everything + [(n.id, n.name) for n in neighbourhoods]
        field_kind = self.fields["kind"]
        assert isinstance(field_kind, forms.ChoiceField)
        field_kind.choices = everything + kinds
        if advisors is None:
            del self.fields["advisor"]
        else:
            field_advisor = self.fields["advisor"]
            assert isinstance(field_advisor, forms.ChoiceField)
            field_advisor.choices = everything + [(a.id, str(a)) for a in advisors]
