from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from verbinding import clock
from verbinding.cases.selectors import household_in_reach
from verbinding.network import selectors, services
from verbinding.network.forms import ConsentForm, DetailsForm, MemberQuickForm, TieForm
from verbinding.network.models import ConsentKind
from verbinding.web.access import require_household_work


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


@login_required
@require_household_work
def network_map(request: HttpRequest, household_id: int) -> HttpResponse:
    """The ecomap with its list; ``?on=YYYY-MM-DD`` shows it as it was then."""
    household = household_in_reach(user=request.user, household_id=household_id)
    today = clock.today()
    on = _date(request.GET.get("on")) or today
    entries = selectors.network_on(user=request.user, household=household, on=on)
    if request.method == "POST":
        form = MemberQuickForm(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            member = services.member_add(
                household=household,
                name=d["name"],
                category=d["category"],
                strength=d["strength"],
                stressful=d["stressful"],
                support=d["support"] or "unk",
                role=d["role"],
                organisation=d["organisation"],
                phone=d["phone"],
                email=d["email"],
                note=d["note"],
                actor=request.user,
            )
            for kind, key in (
                (ConsentKind.CONTACT, "contact_consent"),
                (ConsentKind.SHARE, "share_consent"),
            ):
                if d.get(key):
                    services.consent_record(
                        member=member,
                        kind=kind,
                        given=d[key] == "yes",
                        purpose=d["purpose"],
                        legal_basis=d["legal_basis"] or "consent",
                        actor=request.user,
                    )
            messages.success(request, _("%(name)s added to the map.") % {"name": member.name})
            return redirect("network:map", household_id=household.id)
    else:
        form = MemberQuickForm()
    return render(
        request,
        "network/map.html",
        {
            "household": household,
            "entries": entries,
            "svg": selectors.ecomap_svg(household=household, entries=entries, on=on),
            "on": on,
            "is_today": on == today,
            "dates": selectors.change_dates(user=request.user, household=household)[:12],
            "form": form,
        },
    )


@login_required
@require_household_work
def member_detail(request: HttpRequest, member_id: int) -> HttpResponse:
    member = selectors.member_in_reach(user=request.user, member_id=member_id)
    tie = services.current_tie(member)
    tie_form = TieForm(
        initial={"strength": tie.strength, "stressful": tie.stressful, "support": tie.support}
        if tie
        else None
    )
    details_form = DetailsForm(
        initial={
            "name": member.name,
            "category": member.category,
            "role": member.role,
            "organisation": member.organisation,
            "phone": member.phone,
            "email": member.email,
            "version": member.version,
        }
    )
    return render(
        request,
        "network/member.html",
        {
            "member": member,
            "tie": tie,
            "ties": member.ties.select_related("recorded_by").order_by("-valid_from", "-id"),
            "consents": member.consents.select_related("recorded_by").order_by(
                "-decided_on", "-id"
            ),
            "tie_form": tie_form,
            "details_form": details_form,
            "consent_form": ConsentForm(),
        },
    )


@login_required
@require_household_work
@require_POST
def tie_change(request: HttpRequest, member_id: int) -> HttpResponse:
    member = selectors.member_in_reach(user=request.user, member_id=member_id)
    form = TieForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        services.tie_change(
            member=member,
            strength=d["strength"],
            stressful=d["stressful"],
            support=d["support"] or "unk",
            note=d["note"],
            actor=request.user,
        )
        messages.success(request, _("Tie updated; the earlier version is kept."))
    else:
        messages.error(request, _("Could not save: check the fields."))
    return redirect("network:member", member_id=member.id)


@login_required
@require_household_work
@require_POST
def member_details(request: HttpRequest, member_id: int) -> HttpResponse:
    member = selectors.member_in_reach(user=request.user, member_id=member_id)
    form = DetailsForm(request.POST)
    if form.is_valid():
        try:
            services.member_update_details(member=member, actor=request.user, **form.cleaned_data)
        except services.StaleEdit as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Details saved."))
    else:
        messages.error(request, _("Could not save: check the fields."))
    return redirect("network:member", member_id=member.id)


@login_required
@require_household_work
@require_POST
def consent_add(request: HttpRequest, member_id: int) -> HttpResponse:
    member = selectors.member_in_reach(user=request.user, member_id=member_id)
    form = ConsentForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        services.consent_record(
            member=member,
            kind=d["kind"],
            given=d["given"] == "yes",
            purpose=d["purpose"],
            legal_basis=d["legal_basis"],
            actor=request.user,
        )
        messages.success(request, _("Consent recorded."))
    else:
        messages.error(request, _("Could not save: record the answer and the purpose."))
    return redirect("network:member", member_id=member.id)


@login_required
@require_household_work
@require_POST
def member_end(request: HttpRequest, member_id: int) -> HttpResponse:
    member = selectors.member_in_reach(user=request.user, member_id=member_id)
    services.tie_end(member=member, actor=request.user)
    messages.success(request, _("%(name)s is off the map from today.") % {"name": member.name})
    return redirect(reverse("network:map", args=[member.household_id]))
