from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from verbinding import clock
from verbinding.arrangements import rules
from verbinding.arrangements.models import ArrangementPolicy, HouseholdKind, OfferResponse
from verbinding.vera import codes


def to_cents(value: Decimal | None) -> int | None:
    if value is None:
        return None
    return int((value * 100).to_integral_value())


class EuroField(forms.DecimalField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_digits", 9)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("min_value", Decimal("0"))
        super().__init__(localize=True, **kwargs)
        self.widget.attrs.setdefault("inputmode", "decimal")


class ProposalForm(forms.Form):
    """The kitchen-table form: what the tenant proposes, and (optionally) the worksheet."""

    amount = EuroField(label=_("Amount to pay off (€)"), min_value=Decimal("0.01"))
    instalment = EuroField(
        label=_("The tenant can pay each month, on top of the rent (€)"),
        min_value=Decimal("0.01"),
    )
    first_due_on = forms.DateField(
        label=_("First instalment on"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    household_kind = forms.ChoiceField(
        label=_("Household type"), choices=[("", "—"), *HouseholdKind.choices], required=False
    )
    income = EuroField(label=_("Net income per month (€)"), required=False)
    fixed_costs = EuroField(
        label=_("Fixed costs per month besides the rent (€)"),
        required=False,
        help_text=_("Energy, water, insurance, phone, other debts ..."),
    )
    protected_income = EuroField(
        label=_("Beslagvrije voet from the official calculator (€)"),
        required=False,
        help_text=_(
            "Calculate it with the tenant in the official calculator and fill in the outcome."
        ),
    )
    protected_income_on = forms.DateField(
        label=_("Calculated on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    exception_reason = forms.CharField(
        label=_("Reason for an exception (one line, for the team lead)"),
        max_length=300,
        required=False,
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("protected_income") is not None and data.get("protected_income_on") is None:
            self.add_error("protected_income_on", _("Say when it was calculated."))
        on = data.get("protected_income_on")
        if on is not None and on > clock.today():
            self.add_error("protected_income_on", _("The date cannot be in the future."))
        amount, instalment = to_cents(data.get("amount")), to_cents(data.get("instalment"))
        if amount and instalment and rules.term_months(amount, instalment) > rules.MAX_TERM:
            self.add_error(
                "instalment",
                _("That would take more than %(n)s months.") % {"n": rules.MAX_TERM},
            )
        return data


class DecisionForm(forms.Form):
    note = forms.CharField(label=_("Note for the advisor"), max_length=300, required=False)


class EndForm(forms.Form):
    status = forms.ChoiceField(
        label=_("What happens"),
        choices=[
            ("ANN", _("Stop the arrangement")),
            ("BEV", _("Freeze it for now")),
            ("ACT", _("Resume it")),
        ],
    )
    end_reason = forms.ChoiceField(
        label=_("Why it ends"),
        choices=[("", "—"), *codes.BetalingsregelingEindeReden.choices],
        required=False,
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class OfferForm(forms.Form):
    offered_on = forms.DateField(
        label=_("Offered on"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        initial=clock.today,
    )
    channel = forms.ChoiceField(label=_("How"), choices=codes.CommunicatieKanaal.choices)
    terms = forms.CharField(
        label=_("Terms offered"),
        max_length=300,
        help_text=_("E.g. 6 instalments of € 120 on top of the rent, from 1 July."),
    )
    response = forms.ChoiceField(label=_("Tenant's answer"), choices=OfferResponse.choices)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class PolicyForm(forms.ModelForm):
    min_instalment = EuroField(label=_("Minimum instalment on top of the rent (€)"))

    class Meta:
        model = ArrangementPolicy
        fields = [
            "valid_from",
            "small_band_months",
            "max_term_small",
            "max_term_large",
            "max_per_year",
            "min_tenancy_months",
            "max_arrears_months",
            "advisor_max_term",
            "grace_days",
            "note",
        ]
        localized_fields = ["small_band_months", "max_arrears_months"]
        widgets = {"valid_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
