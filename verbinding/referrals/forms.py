from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from verbinding.cases.models import Case
from verbinding.referrals.models import SHAREABLE, Partner, ReferralStatus


class ReferralForm(forms.Form):
    partner = forms.ModelChoiceField(label=_("Refer to"), queryset=Partner.objects.none())
    case = forms.ModelChoiceField(
        label=_("For the case"),
        queryset=Case.objects.none(),
        required=False,
        help_text=_("The partner's answer then also shows on this case."),
    )
    question = forms.CharField(
        label=_("What do you ask the partner?"), widget=forms.Textarea(attrs={"rows": 3})
    )
    shared = forms.MultipleChoiceField(
        label=_("What the tenant agreed to share"),
        choices=list(SHAREABLE.items()),
        widget=forms.CheckboxSelectMultiple,
    )
    purpose = forms.CharField(label=_("For what purpose"), max_length=300)
    consent_until = forms.DateField(
        label=_("Consent valid until"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    consent = forms.BooleanField(
        label=_("The tenant gave explicit consent for this, and knows it can be withdrawn.")
    )

    def __init__(self, *args: Any, partners: Any, cases: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = partners  # type: ignore[attr-defined]
        self.fields["case"].queryset = cases  # type: ignore[attr-defined]


class AnswerForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Your answer"),
        choices=[c for c in ReferralStatus.choices if c[0] != ReferralStatus.SENT],
        widget=forms.RadioSelect,
    )
    intake_on = forms.DateField(
        label=_("Intake on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    note = forms.CharField(
        label=_("Note (why not for you, or what happens next)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
