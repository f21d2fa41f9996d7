from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

GRADES = [(n, str(n)) for n in range(1, 11)]


class AppreciationForm(forms.Form):
    grade = forms.TypedChoiceField(
        label=_("What grade do you give this contact?"),
        choices=GRADES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a grade from 1 to 10.")},
    )
    comment = forms.CharField(
        label=_("Do you want to tell us more? (you do not have to)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    named = forms.BooleanField(
        label=_("My advisor may see my answer and my name"),
        required=False,
        help_text=_("If you leave this empty, your answer stays anonymous."),
    )
