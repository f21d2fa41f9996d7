from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from verbinding.network.models import Category
from verbinding.vera import codes


class LessonForm(forms.Form):
    title = forms.CharField(label=_("In one line: what worked"), max_length=150)
    situation = forms.CharField(
        label=_("The situation"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Describe it so that nobody can tell who it was: no names, addresses or dates."
        ),
    )
    what_worked = forms.CharField(
        label=_("What worked, and why"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    network_types = forms.MultipleChoiceField(
        label=_("Who in the network played a part?"),
        choices=Category.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    signed = forms.BooleanField(
        label=_("Show my name with this lesson"),
        required=False,
        help_text=_("Without this, colleagues see 'a colleague'."),
    )


def situation_choices() -> list[tuple[Any, Any]]:
    kinds = [(c.value, c.label) for c in codes.ZaaktypeSoort]
    details = [(c.value, c.label) for c in codes.ZaaktypeDetailSoort]
    return [("", _("Any situation")), (_("Kind"), kinds), (_("Situation"), details)]


class LessonSearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    situation = forms.ChoiceField(label=_("Situation"), required=False, choices=situation_choices)
    network = forms.ChoiceField(
        label=_("Network"),
        required=False,
        choices=[("", _("Any network")), *Category.choices],
    )
