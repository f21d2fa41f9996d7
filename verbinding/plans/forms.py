from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from verbinding.plans.models import AgreementState


class GoalForm(forms.Form):
    text = forms.CharField(
        label=_("Goal, in the tenant's own words"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Write it the way the tenant says it."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "goal_%s")
        super().__init__(*args, **kwargs)


class AgreementForm(forms.Form):
    """Owner is one choice: the tenant, me, a person on the network map, or another agency."""

    what = forms.CharField(
        label=_("What did we agree?"), max_length=300, widget=forms.Textarea(attrs={"rows": 2})
    )
    owner = forms.ChoiceField(label=_("Who does it?"))
    owner_name = forms.CharField(
        label=_("Name of the agency"),
        max_length=120,
        required=False,
        help_text=_("Only when an agency that is not on the network map does it."),
    )
    due_on = forms.DateField(
        label=_("By when?"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    goal = forms.ChoiceField(label=_("For which goal?"), required=False)

    def __init__(self, *args: Any, members: Any = (), goals: Any = (), **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "agreement_%s")
        super().__init__(*args, **kwargs)
        choices: list[tuple[str, Any]] = [
            ("tenant", _("The tenant")),
            ("advisor", _("Me (the advisor)")),
        ]
        choices += [(f"member:{m.id}", m.name) for m in members]
        choices.append(("agency", _("Another agency (type the name)")))
        self.fields["owner"].choices = choices  # type: ignore[attr-defined]
        self.fields["goal"].choices = [("", "—")] + [(str(g.id), g.text[:80]) for g in goals]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("owner") == "agency" and not (data.get("owner_name") or "").strip():
            self.add_error("owner_name", _("Type the name of the agency."))
        return data


class AgreementStatusForm(forms.Form):
    status = forms.ChoiceField(choices=AgreementState.choices)
    seen = forms.CharField(required=False, widget=forms.HiddenInput)  # the status the page showed
    note = forms.CharField(max_length=300, required=False)
