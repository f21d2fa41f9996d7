from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from verbinding.vera import codes


class ContactPreferencesForm(forms.Form):
    preferred_channel = forms.ChoiceField(
        label=_("Preferred way of contact"),
        choices=[("", _("No preference")), *list(codes.CommunicatieKanaal.choices)],
        required=False,
    )
    contact_notes = forms.CharField(
        label=_("How to reach them"),
        max_length=300,
        required=False,
        help_text=_("E.g. 'works mornings, call after 14:00'."),
    )


class SafetyFlagForm(forms.Form):
    detail = forms.ChoiceField(
        label=_("Flag"),
        choices=[
            ("BEZ", codes.SignaleringDetailSoort.BEZ.label),
            ("VEB", codes.SignaleringDetailSoort.VEB.label),
            ("FYS", codes.SignaleringDetailSoort.FYS.label),
            ("INT", codes.SignaleringDetailSoort.INT.label),
            ("BEW", codes.SignaleringDetailSoort.BEW.label),
            ("AMB", codes.SignaleringDetailSoort.AMB.label),
        ],
    )
    note = forms.CharField(label=_("Note (factual)"), max_length=300, required=False)

    KIND_FOR_DETAIL = {
        "BEZ": "AGR",
        "VEB": "AGR",
        "FYS": "AGR",
        "INT": "WAN",
        "BEW": "ONB",
        "AMB": "ONB",
    }


class HouseholdSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"), required=False, help_text=_("Name, street, postcode or number")
    )
    neighbourhood = forms.TypedChoiceField(
        label=_("Neighbourhood"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args: object, neighbourhoods: object = (), **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["neighbourhood"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", _("All my neighbourhoods"))] + [
            (n.id, n.name)
            for n in neighbourhoods  # type: ignore[attr-defined]
        ]


class OwnerForm(forms.Form):
    """The team lead gives a household to one advisor of the team."""

    advisor: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Advisor"), queryset=None, required=False, empty_label=_("Nobody in particular")
    )
    note = forms.CharField(label=_("Note (why)"), max_length=300, required=False)

    def __init__(self, *args: object, advisors: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["advisor"].queryset = advisors  # type: ignore[attr-defined]


class OwnerChoiceForm(forms.Form):
    """``OwnerForm``'s advisor list from ``(id, name)`` pairs read beforehand: the same select,
    drawn once per process for a team's advisors (the household page, web/formhtml.py)."""

    advisor = forms.ChoiceField(label=_("Advisor"), required=False)

    def __init__(
        self, *args: object, advisors: tuple[tuple[int, str], ...] = (), **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["advisor"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("Nobody in particular")), *advisors]


class CoverForm(forms.Form):
    """An absence covered by a colleague, with a handover note."""

    absent: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Who is away"), queryset=None
    )
    substitute: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Who takes over"), queryset=None
    )
    starts_on = forms.DateField(
        label=_("From"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    ends_on = forms.DateField(
        label=_("Until (inclusive)"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    note = forms.CharField(
        label=_("Handover note"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What your colleague needs to know: running agreements, visits planned."),
    )

    def __init__(self, *args: object, advisors: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["absent"].queryset = advisors  # type: ignore[attr-defined]
        self.fields["substitute"].queryset = advisors  # type: ignore[attr-defined]

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("absent") and data.get("absent") == data.get("substitute"):
            self.add_error("substitute", _("Choose a colleague to cover the absence."))
        start, end = data.get("starts_on"), data.get("ends_on")
        if start and end and end < start:  # type: ignore[operator]
            self.add_error("ends_on", _("The last day is before the first day."))
        return data
