from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from verbinding.letters.models import LetterKind


class SendForm(forms.Form):
    kind = forms.ChoiceField(label=_("Letter"), choices=LetterKind.choices)
    arrangement = forms.IntegerField(required=False, widget=forms.HiddenInput)


class ReceiptForm(forms.Form):
    received_on = forms.DateField(
        label=_("Received by the tenant on"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    evidence = forms.CharField(
        label=_("How do you know?"),
        max_length=200,
        help_text=_(
            "E.g. registered mail (track and trace), handed over in person, the tenant said so."
        ),
    )


class TemplateForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 18}))
    offers_signal = forms.BooleanField(
        label=_("This letter offers to pass on the contact details to the municipality"),
        required=False,
    )
    note = forms.CharField(label=_("Why this change"), max_length=300, required=False)
