from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from verbinding.earlysignals.models import EvidenceKind, Outcome, SignalPolicy


class EvidenceForm(forms.Form):
    kind = forms.ChoiceField(label=_("What"), choices=EvidenceKind.choices)
    on = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        initial=dt.date.today,
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome from the municipality"), choices=Outcome.choices)
    on = forms.DateField(
        label=_("Reported on"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        initial=dt.date.today,
    )


class ExportForm(forms.Form):
    file_format = forms.ChoiceField(
        label=_("File type"), choices=[("csv", "CSV"), ("json", "JSON")]
    )


class PolicyForm(forms.ModelForm):
    class Meta:
        model = SignalPolicy
        fields = ["valid_from", "days_late", "while_arrangement", "note"]
        widgets = {"valid_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
