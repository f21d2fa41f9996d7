from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from verbinding.vera import codes


class CaseOpenForm(forms.Form):
    detail = forms.ChoiceField(label=_("Kind of case"), choices=codes.ZaaktypeDetailSoort.choices)
    summary = forms.CharField(
        label=_("Short description (optional)"), max_length=200, required=False
    )


class CaseStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=codes.ZaakstatusSoort.choices)
    note = forms.CharField(label=_("Why (optional)"), max_length=300, required=False)
    seen = forms.CharField(required=False, widget=forms.HiddenInput)  # the status the page showed
