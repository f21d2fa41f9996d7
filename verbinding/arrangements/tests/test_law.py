"""Issue 11, reference data that ages: the beslagvrije voet is not computed from the 2021 table;
the worksheet links to the official calculator, the advisor records its outcome with the date, and
a figure from before the latest half-yearly change is flagged (Wet vereenvoudiging beslagvrije voet,
since 2021; amounts change every half year, vng.nl; domain.md §3)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from verbinding.arrangements.models import PaymentArrangement
from verbinding.arrangements.reference import PROTECTED_INCOME_TOOL, figure_outdated_since
from verbinding.arrangements.tests.conftest import book

D = dt.date
pytestmark = [pytest.mark.usefixtures("reference"), pytest.mark.today(D(2026, 6, 17))]


def proposal(**extra: str) -> dict[str, str]:
    return {
        "amount": "650,00",
        "instalment": "130,00",
        "first_due_on": "2026-07-01",
        "household_kind": "single",
        "income": "1500,00",
        "fixed_costs": "400,00",
        "action": "check",
        **extra,
    }


def test_the_worksheet_links_to_the_official_calculator_and_uses_no_2021_table(client, cast):
    """Do not compute the beslagvrije voet from the 2021 table (€ 967,90 single): it depends on
    income, housing costs and children. The worksheet links to the official calculator."""
    book(cast.north_household.tenancies.get(), D(2026, 5, 1), 65000, kind="charge")
    client.force_login(cast.advisor)
    url = reverse("arrangements:new", args=[cast.north_household.id])
    page = client.post(url, proposal()).content.decode()
    assert PROTECTED_INCOME_TOOL in page
    assert "967,90" not in page  # the 2021 figure is not shown or used


def test_the_advisor_records_the_outcome_with_its_date(client, cast):
    """The outcome of the official calculator is recorded with the day it was calculated."""
    book(cast.north_household.tenancies.get(), D(2026, 5, 1), 65000, kind="charge")
    client.force_login(cast.advisor)
    url = reverse("arrangements:new", args=[cast.north_household.id])
    missing_date = client.post(url, proposal(protected_income="1250,00")).content.decode()
    assert "Zeg wanneer het is berekend." in missing_date
    page = client.post(
        url, proposal(protected_income="1250,00", protected_income_on="2026-06-15")
    ).content.decode()
    assert "€ 1.250,00" in page and 'data-testid="protected-outdated"' not in page
    client.post(
        url,
        proposal(protected_income="1250,00", protected_income_on="2026-06-15", action="save"),
    )
    arrangement = PaymentArrangement.objects.get()
    assert (arrangement.protected_income_cents, arrangement.protected_income_on) == (
        125000,
        D(2026, 6, 15),
    )
    assert arrangement.protected_income is None  # no figure from the table


def test_a_figure_from_before_the_latest_change_is_flagged(client, cast):
    """The amounts change on 1 January and 1 July: a calculation of 20 December 2025 is outdated
    since 1 January 2026; one of 15 June 2026 is current until 1 July 2026."""
    assert figure_outdated_since(D(2025, 12, 20), D(2026, 6, 17)) == D(2026, 1, 1)
    assert figure_outdated_since(D(2026, 6, 15), D(2026, 6, 30)) is None
    assert figure_outdated_since(D(2026, 6, 15), D(2026, 7, 1)) == D(2026, 7, 1)
    book(cast.north_household.tenancies.get(), D(2026, 5, 1), 65000, kind="charge")
    client.force_login(cast.advisor)
    url = reverse("arrangements:new", args=[cast.north_household.id])
    page = client.post(
        url, proposal(protected_income="1250,00", protected_income_on="2025-12-20")
    ).content.decode()
    assert 'data-testid="protected-outdated"' in page and "1 jan 2026" in page.lower()
