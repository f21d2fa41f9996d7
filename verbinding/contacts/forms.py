"""The quick contact form: three inputs (channel, outcome, note); everything else is folded away."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from verbinding import clock
from verbinding.accounts.models import User
from verbinding.cases.models import Case
from verbinding.contacts.models import SUCCESSFUL_OUTCOMES, Outcome
from verbinding.vera import codes

# Which results fit which channel (the form shows only these once a channel is chosen).
OUTCOMES_BY_CHANNEL: dict[str, list[str]] = {
    "BEZ": ["spoke", "not_home", "card_left", "door_closed", "refused"],
    "TEL": ["spoke", "no_answer", "voicemail", "wrong_number", "refused"],
    "BRI": ["sent"],
    "EMA": ["sent", "spoke"],
    "APP": ["sent", "spoke", "no_answer"],
    "SMS": ["sent", "spoke"],
    "BAL": ["spoke", "refused"],
    "INT": ["sent", "spoke"],
}


class TapRadio(forms.RadioSelect):
    """Radio buttons drawn as large tap targets (see contacts/tap.css)."""

    template_name = "contacts/widgets/tap_radio.html"


class ContactForm(forms.Form):
    channel = forms.ChoiceField(
        label=_("How"),
        choices=codes.CommunicatieKanaal.choices,
        initial=codes.CommunicatieKanaal.BEZ,
        widget=TapRadio,
    )
    outcome = forms.ChoiceField(label=_("Result"), choices=Outcome.choices, widget=TapRadio)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Factual, so the tenant could read it. Required when you spoke with them."),
    )
    # Optional, folded away:
    occurred_at = forms.DateTimeField(
        label=_("When"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Leave empty for now."),
    )
    direction = forms.ChoiceField(
        label=_("Direction"),
        choices=codes.CommunicatieRichting.choices,
        initial=codes.CommunicatieRichting.UIT,
        required=False,
    )
    tenant_words = forms.CharField(
        label=_("In the tenant's own words"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    agreed = forms.CharField(
        label=_("What was agreed"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    follow_up_on = forms.DateField(
        label=_("Follow up on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("The household comes back on your worklist on this day."),
    )
    confidentiality = forms.ChoiceField(
        label=_("Who may read this"),
        choices=[
            ("INT", _("Colleagues who work with this household (internal)")),
            ("VER", _("Confidential")),
            ("GEH", _("Secret: only me and the colleagues I choose")),
        ],
        initial="INT",
        required=False,
        widget=forms.RadioSelect,
    )
    shared_with = forms.ModelMultipleChoiceField(
        label=_("Share a secret note with"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    case = forms.ModelChoiceField(
        label=_("Case"), queryset=Case.objects.none(), required=False, empty_label=_("(none)")
    )

    def __init__(self, *args: Any, cases: Any, colleagues: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["case"].queryset = cases  # type: ignore[attr-defined]
        self.fields["shared_with"].queryset = colleagues  # type: ignore[attr-defined]
        self.fields["shared_with"].label_from_instance = lambda u: u.get_full_name() or u.username  # type: ignore[attr-defined]

    def clean_occurred_at(self) -> dt.datetime | None:
        value = self.cleaned_data.get("occurred_at")
        if value and value > clock.now() + dt.timedelta(minutes=10):
            raise forms.ValidationError(_("A contact cannot be in the future."))
        return value

    def clean_shared_with(self) -> list[User]:
        """The chosen colleagues as a list. None chosen: Django's empty queryset would be compiled
        (to find it needs no query) each time it is tested, here and in the view (~0.5 ms)."""
        chosen = self.cleaned_data.get("shared_with")
        if chosen is None or chosen.query.is_empty():
            return []
        return list(chosen)  # already read by the field's own check

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("outcome") in SUCCESSFUL_OUTCOMES and not (data.get("note") or "").strip():
            self.add_error("note", _("Write a short note of what you talked about."))
        if data.get("shared_with") and data.get("confidentiality") != "GEH":
            self.add_error("shared_with", _("Only secret notes are shared with chosen colleagues."))
        return data
