from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from verbinding.arrears.models import ArrearsPolicy
from verbinding.arrears.services import POLICY_FIELDS


class PolicyForm(forms.ModelForm):
    """A new version of the arrears policy (never an edit of an old one)."""

    class Meta:
        model = ArrearsPolicy
        fields = ["valid_from", *POLICY_FIELDS, "note"]
        widgets = {"valid_from": forms.DateInput(attrs={"type": "date"})}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, visit, court = (
            data.get("months_first"),
            data.get("months_home_visit"),
            data.get("months_court"),
        )
        if None not in (first, visit, court) and not first < visit < court:  # type: ignore[operator]
            raise forms.ValidationError(
                _("The arrears steps must go up: first step < home visit < court threshold.")
            )
        return data


class DueDayForm(forms.Form):
    """Agree another day of the month for the rent (e.g. the day the tenant's benefit arrives)."""

    day = forms.IntegerField(label=_("Rent due on day"), min_value=1, max_value=28)
    valid_from = forms.DateField(
        label=_("From"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    reason = forms.CharField(
        label=_("Why"),
        max_length=300,
        help_text=_("For example: the benefit arrives on the 5th."),
    )
