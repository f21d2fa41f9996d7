from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from verbinding import clock
from verbinding.accounts.roles import Role
from verbinding.accounts.selectors import neighbourhoods_for
from verbinding.arrears.selectors import household_section
from verbinding.cases.selectors import cases_for_household
from verbinding.households import rendering, selectors, services
from verbinding.households.forms import (
    ContactPreferencesForm,
    HouseholdSearchForm,
    OwnerChoiceForm,
    OwnerForm,
    SafetyFlagForm,
)
from verbinding.households.glance import household_glance
from verbinding.households.models import SafetyFlag
from verbinding.households.ownership import current_owner
from verbinding.households.views_team import team_advisors
from verbinding.web import formhtml
from verbinding.web.access import require_household_work


@login_required
@require_household_work
def household_list(request: HttpRequest) -> HttpResponse:
    neighbourhoods = tuple(
        Area(*row)
        for row in neighbourhoods_for(user=request.user).order_by("name").values_list("id", "name")
    )
    form = HouseholdSearchForm(request.GET or None, neighbourhoods=neighbourhoods)
    query, neighbourhood_id = "", None
    if form.is_valid():
        query = form.cleaned_data["q"] or ""
        neighbourhood_id = form.cleaned_data["neighbourhood"]
    page = selectors.household_list_page(
        user=request.user,
        query=query,
        neighbourhood_id=neighbourhood_id,
        page=request.GET.get("page"),
    )
    return render(
        request,
        "households/list.html",
        {
            "form": form,
            # Without a search the select is the unbound form's, drawn once per process
            # (web/formhtml.py) for these neighbourhoods.
            "neighbourhood_select": (
                form["neighbourhood"]
                if form.is_bound
                else formhtml.widget(
                    HouseholdSearchForm, "neighbourhood", None, neighbourhoods=neighbourhoods
                )
            ),
            "page": page,
            "rows_html": rendering.rows_html(page),
            "query": query,
            "neighbourhoods": neighbourhoods,
        },
    )


class Area(NamedTuple):
    """A neighbourhood as the search form's choices read it."""

    id: int
    name: str


@login_required
@require_household_work
def household_detail(request: HttpRequest, household_id: int) -> HttpResponse:
    household = selectors.household_detail(
        user=request.user, household_id=household_id, related=("reminder_consent",), page=True
    )
    today = clock.today()
    tenancies = list(household.tenancies.all())
    current = next((t for t in tenancies if t.is_active), tenancies[0] if tenancies else None)
    # One definition of arrears: the arrears app's (overdue after the grace days), not the balance.
    section = household_section(tenancy=current, today=today, ledger=False) if current else None
    cases = list(cases_for_household(user=request.user, household=household, history=False))
    saved = _contact_just_saved(request, household)
    return render(
        request,
        "households/detail.html",
        {
            "household": household,
            "tenancy": current,
            "past_tenancies": [t for t in tenancies if t is not current],
            "balance": section.state if section else None,
            "arrears_section": section,
            "glance": household_glance(
                user=request.user, household=household, today=today, cases=cases
            ),
            "cases": cases,
            "contact_saved": saved,
            "today": today,
            # Unbound forms drawn once per process (web/formhtml.py), as the form would draw them.
            "contact_form": {
                "preferred_channel": formhtml.widget(
                    ContactPreferencesForm, "preferred_channel", household.preferred_channel
                ),
                "contact_notes": formhtml.text_widget(
                    ContactPreferencesForm, "contact_notes", household.contact_notes
                ),
            },
            "flag_form": {
                "detail": formhtml.widget(SafetyFlagForm, "detail"),
                "note": formhtml.widget(SafetyFlagForm, "note"),
            },
            "owner": current_owner(household, today),
            "owner_form": (
                _owner_form(request.user, household)
                if getattr(request.user, "role", None) == Role.TEAM_LEAD
                else None
            ),
        },
    )


def _owner_form(user: Any, household: Any) -> dict[str, Any]:
    """The team lead's "advisor of this household" fields: ``OwnerForm`` as it draws, its advisor
    list read as (id, name) pairs and the select drawn once per process (web/formhtml.py)."""
    advisors = tuple(
        (a.pk, str(a))
        for a in team_advisors(user).only("id", "first_name", "last_name", "username")
    )
    fields = OwnerForm.base_fields
    return {
        "advisor": formhtml.widget(
            OwnerChoiceForm, "advisor", household.owner_id, advisors=advisors
        ),
        "advisor_label": fields["advisor"].label,
        "note_label": fields["note"].label,
    }


# Asking for a grade fits a contact where the tenant was reached, not a letter or a text message.
NO_GRADE_CHANNELS = frozenset({"BRI", "SMS"})


# How long after recording a contact its confirmation still shows at ?saved=<id>.
JUST_SAVED_MINUTES = 15


def _contact_just_saved(request: HttpRequest, household: Any) -> dict[str, Any] | None:
    """The contact this user recorded a moment ago, named in the address
    (``?saved=<id>``, where contacts.views.contact_new redirects to).

    Not kept in the session: writing it there and popping it again cost two session writes per
    contact (~3 ms of CPU and a database write each, issue 16). Only this user's own contact on
    this household, recorded in the last ``JUST_SAVED_MINUTES``: an address passed on or opened
    later shows nothing. A reload within that time shows the confirmation again."""
    from verbinding.contacts.models import ContactMoment
    from verbinding.feedback.services import RATEABLE_OUTCOMES

    raw = request.GET.get("saved", "")
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 18:  # "²" is a digit to isdigit
        return None
    contact = (
        ContactMoment.objects.filter(
            id=int(raw),
            household=household,
            author_id=request.user.pk,
            created_at__gte=clock.now() - dt.timedelta(minutes=JUST_SAVED_MINUTES),
        )
        .only("id", "channel", "outcome")
        .first()
    )
    if contact is None:
        return None
    rateable = contact.outcome in RATEABLE_OUTCOMES and contact.channel not in NO_GRADE_CHANNELS
    return {
        "contact": contact,
        "ask_grade": rateable,
        "in_person": contact.channel in ("BEZ", "BAL"),
    }


@login_required
@require_household_work
def household_ledger(request: HttpRequest, household_id: int) -> HttpResponse:
    """The rent ledger, newest first, paged (behind a link on the household page)."""
    household = selectors.household_detail(user=request.user, household_id=household_id)
    tenancies = list(household.tenancies.all())
    current = next((t for t in tenancies if t.is_active), tenancies[0] if tenancies else None)
    section = (
        household_section(tenancy=current, page=request.GET.get("page"), today=clock.today())
        if current
        else None
    )
    return render(
        request,
        "households/ledger.html",
        {"household": household, "tenancy": current, "section": section},
    )


@login_required
@require_household_work
@require_POST
def household_contact_preferences(request: HttpRequest, household_id: int) -> HttpResponse:
    household = selectors.household_detail(
        user=request.user, household_id=household_id, audit=False
    )
    form = ContactPreferencesForm(request.POST)
    if form.is_valid():
        services.household_update_contact(
            household=household,
            preferred_channel=form.cleaned_data["preferred_channel"],
            contact_notes=form.cleaned_data["contact_notes"],
            actor=request.user,
        )
        messages.success(request, _("Contact preferences saved."))
    else:
        messages.error(request, _("Could not save: check the fields."))
    return redirect("households:detail", household_id=household.id)


@login_required
@require_household_work
@require_POST
def safety_flag_add(request: HttpRequest, household_id: int) -> HttpResponse:
    household = selectors.household_detail(
        user=request.user, household_id=household_id, audit=False
    )
    form = SafetyFlagForm(request.POST)
    if form.is_valid():
        detail = form.cleaned_data["detail"]
        services.safety_flag_add(
            household=household,
            kind=SafetyFlagForm.KIND_FOR_DETAIL[detail],
            detail=detail,
            note=form.cleaned_data["note"],
            actor=request.user,
        )
        messages.success(request, _("Flag added."))
    else:
        messages.error(request, _("Could not add the flag: choose a flag."))
    return redirect("households:detail", household_id=household.id)


@login_required
@require_household_work
@require_POST
def safety_flag_end(request: HttpRequest, household_id: int, flag_id: int) -> HttpResponse:
    household = selectors.household_detail(
        user=request.user, household_id=household_id, audit=False
    )
    flag = get_object_or_404(SafetyFlag, id=flag_id, household=household)
    services.safety_flag_end(flag=flag, reason=request.POST.get("reason", ""), actor=request.user)
    messages.success(request, _("Flag ended."))
    return redirect("households:detail", household_id=household.id)
