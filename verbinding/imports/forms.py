from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from verbinding.imports.models import ImportKind


class UploadForm(forms.Form):
    file = forms.FileField(label=_("File"))
    kind = forms.ChoiceField(
        label=_("Kind of file"),
        choices=[("", _("Recognise it from the content")), *ImportKind.choices],
        required=False,
    )
    allow_unbalanced = forms.BooleanField(
        label=_("Import a bank statement that does not add up anyway"),
        help_text=_(
            "Only when you know why the opening balance plus the entries is not the closing "
            "balance (or the closing balance is missing). The warning is kept with the import."
        ),
        required=False,
    )


class AssignForm(forms.Form):
    tenancy = forms.CharField(
        label=_("Contract number or payment reference"),
        max_length=40,
        help_text=_("E.g. HO900001 or 9100000011."),
    )
    note = forms.CharField(label=_("Why (optional)"), max_length=300, required=False)
