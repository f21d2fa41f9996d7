from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from verbinding.access.services import MIN_REASON


class GlassForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you need this file now?"),
        min_length=MIN_REASON,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "For example: the colleague who handles it is ill and the tenant is at the desk. "
            "The privacy officer reads every reason."
        ),
    )
