from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from verbinding import clock
from verbinding.nuisance.models import (
    NUISANCE_DETAIL_CHOICES,
    Frequency,
    Incident,
    MediationOutcome,
    ReportSource,
    Step,
    TalkedToNeighbour,
)
from verbinding.vera import codes
from verbinding.web.validators import not_in_future

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
CHANNELS = [(c, codes.CommunicatieKanaal(c).label) for c in ("TEL", "BEZ", "BAL", "EMA", "BRI")]
INVITE_CHANNELS = [(c, codes.CommunicatieKanaal(c).label) for c in ("BRI", "BEZ", "TEL", "EMA")]


class ReportForm(forms.Form):
    """The quick report form: staff can fill it in during a phone call, on a phone."""

    reporter_household = forms.TypedChoiceField(
        label=_("Reporter: neighbouring household"),
        coerce=int,
        empty_value=None,
        required=False,
    )
    reporter_name = forms.CharField(label=_("Or: reporter's name"), max_length=150, required=False)
    reporter_organisation = forms.CharField(
        label=_("Organisation (police, municipality ...)"), max_length=150, required=False
    )
    reporter_contact = forms.CharField(label=_("Phone or e-mail"), max_length=150, required=False)
    source = forms.ChoiceField(label=_("Who reports"), choices=ReportSource.choices)
    reporter_role = forms.ChoiceField(
        label=_("Role"),
        choices=[("KLG", codes.ZaakRol.KLG.label), ("MEL", codes.ZaakRol.MEL.label)],
        initial="KLG",
        help_text=_("Complainant: bothered themselves. Reporter: passes it on."),
    )
    channel = forms.ChoiceField(label=_("Received by"), choices=CHANNELS, initial="TEL")
    detail = forms.ChoiceField(label=_("Kind of nuisance"), choices=NUISANCE_DETAIL_CHOICES)
    occurred_on = forms.DateField(
        label=_("Date of the nuisance"), validators=[not_in_future], widget=DATE
    )
    occurred_time = forms.TimeField(label=_("Time"), required=False, widget=TIME)
    place = forms.CharField(
        label=_("Place"),
        max_length=200,
        required=False,
        help_text=_("E.g. stairwell, garden, balcony."),
    )
    what_happened = forms.CharField(
        label=_("What happened?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Facts: what was seen or heard."),
    )
    frequency = forms.ChoiceField(label=_("How often?"), choices=Frequency.choices)
    talked_to_neighbour = forms.ChoiceField(
        label=_("Have you talked to your neighbour yourself?"),
        choices=TalkedToNeighbour.choices,
        widget=forms.RadioSelect,
    )
    share_identity = forms.BooleanField(
        label=_("The reporter agrees that their name may be shared with the neighbour"),
        required=False,
    )

    def __init__(self, *args: Any, neighbours: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["reporter_household"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", _("— not a tenant nearby —"))] + [
            (h.id, label) for h, label in neighbours
        ]
        self.fields["occurred_on"].initial = clock.today()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (
            data.get("reporter_household")
            or data.get("reporter_name", "").strip()
            or data.get("reporter_organisation", "").strip()
        ):
            raise forms.ValidationError(
                _("Choose the reporter's household, or fill in a name or an organisation.")
            )
        return data


class AccountForm(forms.Form):
    party = forms.TypedChoiceField(label=_("Whose account"), coerce=int)
    words = forms.CharField(
        label=_("In their own words"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Write down what they say, as they say it."),
    )
    heard_on = forms.DateField(label=_("Heard on"), validators=[not_in_future], widget=DATE)
    channel = forms.ChoiceField(label=_("How"), choices=CHANNELS, initial="BEZ")

    def __init__(self, *args: Any, parties: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["party"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [(p.id, f"{p.label} ({p.get_role_display()})") for p in parties]
        self.fields["heard_on"].initial = clock.today()


class InvitationForm(forms.Form):
    channel = forms.ChoiceField(label=_("How"), choices=INVITE_CHANNELS)
    sent_on = forms.DateField(label=_("Sent on"), validators=[not_in_future], widget=DATE)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sent_on"].initial = clock.today()


class IncidentForm(forms.Form):
    occurred_on = forms.DateField(label=_("Date"), validators=[not_in_future], widget=DATE)
    occurred_time = forms.TimeField(label=_("Time"), required=False, widget=TIME)
    fact = forms.CharField(
        label=_("What was seen or heard"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Facts, not opinions. Do not name the reporter."),
    )
    observer_kind = forms.ChoiceField(label=_("Observed by"), choices=Incident.Observer.choices)
    observer_name = forms.CharField(
        label=_("Observer's name (staff only)"), max_length=150, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["occurred_on"].initial = clock.today()


class StepForm(forms.Form):
    step = forms.ChoiceField(label=_("Step"), choices=Step.choices)
    reason = forms.CharField(
        label=_("Why this step"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    follow_up_on = forms.DateField(label=_("Follow up on"), required=False, widget=DATE)


class MediationForm(forms.Form):
    organisation = forms.CharField(
        label=_("Mediation service"), max_length=150, initial="Buurtbemiddeling"
    )
    reason = forms.CharField(label=_("Why mediation"), max_length=500)
    referred_on = forms.DateField(label=_("Referred on"), validators=[not_in_future], widget=DATE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["referred_on"].initial = clock.today()


class MediationOutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=MediationOutcome.choices)
    note = forms.CharField(label=_("About the outcome"), max_length=500, required=False)


class PartyForm(forms.Form):
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[(c, codes.ZaakRol(c).label) for c in ("OVE", "KLG", "MEL", "BEK")],
        initial="OVE",
    )
    household = forms.TypedChoiceField(
        label=_("Household on the same street"), coerce=int, empty_value=None, required=False
    )
    name = forms.CharField(label=_("Or: name"), max_length=150, required=False)
    organisation = forms.CharField(
        label=_("Organisation (police, municipality, GGZ ...)"), max_length=150, required=False
    )
    contact = forms.CharField(label=_("Phone or e-mail"), max_length=150, required=False)

    def __init__(self, *args: Any, neighbours: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["household"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", "—")] + [(h.id, label) for h, label in neighbours]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (
            data.get("household")
            or data.get("name", "").strip()
            or data.get("organisation", "").strip()
        ):
            raise forms.ValidationError(_("Choose a household, or fill in a name or organisation."))
        return data


class CloseForm(forms.Form):
    note = forms.CharField(label=_("How did it end?"), max_length=300)
