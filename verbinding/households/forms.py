from __future__ import annotations

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
