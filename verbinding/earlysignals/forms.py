from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from verbinding import clock
from verbinding.areas.models import Municipality
from verbinding.earlysignals.models import (
    DATA_FIELDS,
    LEGAL_MINIMUM,
    EvidenceKind,
    Outcome,
    SignalPolicy,
)


class EvidenceForm(forms.Form):
    kind = forms.ChoiceField(label=_("What"), choices=EvidenceKind.choices)
    on = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        initial=clock.today,
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome from the municipality"), choices=Outcome.choices)
    on = forms.DateField(
        label=_("Reported on"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        initial=clock.today,
    )


class ExportForm(forms.Form):
    file_format = forms.ChoiceField(
        label=_("File type"), choices=[("csv", "CSV"), ("json", "JSON")]
    )


class PolicyForm(forms.ModelForm):
    class Meta:
        model = SignalPolicy
        fields = ["valid_from", "days_late", "waiting_days", "while_arrangement", "note"]
        widgets = {"valid_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class DataSetForm(forms.Form):
    """The data a signal to one municipality carries, as agreed with it."""

    municipality = forms.ModelChoiceField(
        label=_("Municipality"), queryset=Municipality.objects.order_by("name")
    )
    data_fields = forms.MultipleChoiceField(
        label=_("Data passed on (the reminder announces exactly these)"),
        choices=[(k, v) for k, v in DATA_FIELDS.items()],
        widget=forms.CheckboxSelectMultiple,
        initial=list(LEGAL_MINIMUM),
    )
    note = forms.CharField(
        label=_("Agreement with the municipality"), max_length=300, required=False
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("prefix", "data")
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
