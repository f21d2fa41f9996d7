from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from verbinding.contacts.forms import TapRadio
from verbinding.network.models import (
    Category,
    ConsentKind,
    LegalBasis,
    Strength,
    Support,
    SupportRole,
)

CONSENT_CHOICES = [("", _("Not asked yet")), ("yes", _("Yes")), ("no", _("No"))]


class TieFields(forms.Form):
    strength = forms.ChoiceField(
        label=_("How strong is the tie?"),
        choices=Strength.choices,
        initial=Strength.NORMAL,
        widget=TapRadio,
    )
    stressful = forms.BooleanField(label=_("The tie causes stress"), required=False)
    support = forms.ChoiceField(
        label=_("Support"), choices=Support.choices, initial=Support.UNKNOWN, required=False
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class MemberQuickForm(TieFields):
    """Adding someone during the conversation: name, category, strength; the rest optional."""

    field_order = ["name", "category", "strength"]

    name = forms.CharField(label=_("Name"), max_length=120)
    category = forms.ChoiceField(label=_("Who is it?"), choices=Category.choices, widget=TapRadio)
    role = forms.ChoiceField(
        label=_("Role (professionals)"),
        choices=[("", "—"), *SupportRole.choices],
        required=False,
    )
    organisation = forms.CharField(label=_("Organisation"), max_length=120, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    contact_consent = forms.ChoiceField(
        label=_("May we contact this person?"), choices=CONSENT_CHOICES, required=False
    )
    share_consent = forms.ChoiceField(
        label=_("May we share information with them?"), choices=CONSENT_CHOICES, required=False
    )
    purpose = forms.CharField(
        label=_("For what purpose"),
        max_length=200,
        required=False,
        help_text=_("E.g. 'to talk about the payment arrangement'."),
    )
    legal_basis = forms.ChoiceField(
        label=_("Legal basis"), choices=LegalBasis.choices, initial=LegalBasis.CONSENT
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "net_%s")
        super().__init__(*args, **kwargs)
        self.fields["legal_basis"].required = False

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("contact_consent") or data.get("share_consent")) and not data.get("purpose"):
            self.add_error("purpose", _("Record what the consent is for."))
        return data


class TieForm(TieFields):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "tie_%s")
        super().__init__(*args, **kwargs)


class ConsentForm(forms.Form):
    kind = forms.ChoiceField(label=_("About"), choices=ConsentKind.choices)
    given = forms.ChoiceField(label=_("Answer"), choices=CONSENT_CHOICES[1:])
    purpose = forms.CharField(label=_("For what purpose"), max_length=200)
    legal_basis = forms.ChoiceField(
        label=_("Legal basis"), choices=LegalBasis.choices, initial=LegalBasis.CONSENT
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "consent_%s")
        super().__init__(*args, **kwargs)


class DetailsForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    role = forms.ChoiceField(
        label=_("Role"), choices=[("", "—"), *SupportRole.choices], required=False
    )
    organisation = forms.CharField(label=_("Organisation"), max_length=120, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "details_%s")
        super().__init__(*args, **kwargs)
