from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from verbinding.escalation.models import Escalation, LegalOutcomeKind, StayKind, StepKind
from verbinding.vera import codes
from verbinding.web.validators import not_in_future


class EscalationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Step"), choices=StepKind.choices)
    start_reason = forms.ChoiceField(
        label=_("Reason for the handover"), choices=codes.ExterneIncassoStartReden.choices
    )
    handed_over_on = forms.DateField(
        label=_("Date"),
        validators=[not_in_future],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    reason = forms.CharField(label=_("Explanation"), max_length=300)
    override_reason = forms.CharField(
        label=_("Team lead: why go ahead although something is missing"),
        max_length=300,
        required=False,
    )


class StepChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.handed_over_on:%d-%m-%Y} · {obj.get_kind_display()}"


class LegalOutcomeForm(forms.Form):
    """What happened after a handover or court start. ``steps`` are the household's own steps."""

    escalation = StepChoiceField(label=_("After which step"), queryset=Escalation.objects.none())
    kind = forms.ChoiceField(label=_("What happened"), choices=LegalOutcomeKind.choices)
    occurred_on = forms.DateField(
        label=_("Date"),
        validators=[not_in_future],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    note = forms.CharField(
        label=_("Short note (for example: debt paid, arrangement made)"),
        max_length=300,
        required=False,
    )

    def __init__(self, *args: Any, steps: QuerySet[Escalation], **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "outcome")
        super().__init__(*args, **kwargs)
        field = self.fields["escalation"]
        assert isinstance(field, StepChoiceField)
        field.queryset = steps


class StayForm(forms.Form):
    """A debt settlement, WSNP or court stay, or accepted municipal debt help."""

    kind = forms.ChoiceField(label=_("What"), choices=StayKind.choices)
    starts_on = forms.DateField(
        label=_("From (for debt help: the day the tenant accepted it)"),
        validators=[not_in_future],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    ends_on = forms.DateField(
        label=_("Until (leave empty when not known)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    source = forms.CharField(
        label=_("Source"),
        max_length=200,
        help_text=_("E.g. letter of the municipality of 3 June, court decision number."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "stay")
        super().__init__(*args, **kwargs)
