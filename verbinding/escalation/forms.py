from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from verbinding.escalation.models import StepKind
from verbinding.vera import codes


class EscalationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Step"), choices=StepKind.choices)
    start_reason = forms.ChoiceField(
        label=_("Reason (VERA)"), choices=codes.ExterneIncassoStartReden.choices
    )
    handed_over_on = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    reason = forms.CharField(label=_("Explanation"), max_length=300)
    override_reason = forms.CharField(
        label=_("Team lead: why go ahead although something is missing"),
        max_length=300,
        required=False,
    )
