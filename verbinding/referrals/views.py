"""Warm referral: refer from the household (with consent), follow it up, and the partner's page
(one-time link, no account)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from verbinding import clock
from verbinding.audit.models import AuditAction
from verbinding.audit.services import audit_record
from verbinding.cases.selectors import household_in_reach
from verbinding.referrals import services
from verbinding.referrals.forms import AnswerForm, ReferralForm
from verbinding.referrals.models import SHAREABLE, Partner, Referral
from verbinding.vera import codes
from verbinding.web.access import require_household_work


def _partners(household: object) -> object:
    tenancy = household.tenancies.select_related(  # type: ignore[attr-defined]
        "unit__neighbourhood__district"
    ).first()
    qs = Partner.objects.filter(active=True)
    if tenancy is not None:
        qs = qs.filter(municipality_id=tenancy.unit.neighbourhood.district.municipality_id)
    return qs


@login_required
@require_household_work
def household(request: HttpRequest, household_id: int) -> HttpResponse:
    """The household's referrals: partner, what was shared, the answer; refer again."""
    home = household_in_reach(user=request.user, household_id=household_id)
    referrals = list(
        Referral.objects.filter(household=home).select_related("partner", "created_by", "case")
    )
    audit_record(
        actor=request.user,
        action=AuditAction.VIEW,
        object_type="referrals.referral",
        household_id=home.id,
        summary="referrals",
    )
    link = request.session.pop("referral_link", None)
    cases = home.cases.exclude(status__in=codes.CLOSED_CASE_STATUSES).order_by("-opened_on")
    if request.method == "POST":
        form = ReferralForm(request.POST, partners=_partners(home), cases=cases)
        if form.is_valid():
            data = form.cleaned_data
            try:
                _referral, link = services.referral_create(
                    household=home,
                    partner=data["partner"],
                    question=data["question"],
                    shared=data["shared"],
                    purpose=data["purpose"],
                    consent_until=data["consent_until"],
                    actor=request.user,
                    base_url=request.build_absolute_uri("/")[:-1],
                    case=data["case"],
                )
            except services.ReferralError as error:
                form.add_error(None, str(error))
            else:
                request.session["referral_link"] = link
                messages.success(
                    request, _("Referral sent to %(partner)s.") % {"partner": data["partner"]}
                )
                return redirect("referrals:household", household_id=home.id)
    else:
        initial: dict[str, object] = {"consent_until": clock.today() + dt.timedelta(days=183)}
        case = request.GET.get("case", "")
        if case.isascii() and case.isdigit() and len(case) < 19:  # "²" is a digit, not a number
            initial["case"] = int(case)
        form = ReferralForm(partners=_partners(home), cases=cases, initial=initial)
    return render(
        request,
        "referrals/household.html",
        {
            "household": home,
            "referrals": referrals,
            "form": form,
            "link": link,
            "shareable": SHAREABLE,
        },
    )


@login_required
@require_household_work
@require_POST
def revoke(request: HttpRequest, referral_id: int) -> HttpResponse:
    referral = Referral.objects.filter(pk=referral_id).first()
    if referral is None:
        raise Http404
    household_in_reach(user=request.user, household_id=referral.household_id)  # 404 if not
    services.consent_revoke(referral=referral, actor=request.user)
    messages.success(request, _("Consent withdrawn: the partner's link no longer works."))
    return redirect("referrals:household", household_id=referral.household_id)


@never_cache
def answer(request: HttpRequest, token: str) -> HttpResponse:
    """The partner's page: only what the tenant agreed to share, and the answer form."""
    referral = services.referral_for_token(token)
    if referral is None:
        return render(request, "referrals/link_gone.html", status=410)
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.referral_answer(
                token=token,
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
                intake_on=form.cleaned_data["intake_on"],
            )
        except services.ReferralError as error:
            form.add_error(None, str(error))
        else:
            return render(request, "referrals/answered.html", {"referral": referral})
    tenancy = referral.household.tenancies.select_related("unit").first()
    arrears = None
    if "arrears" in referral.shared and tenancy is not None:
        from verbinding.arrears.selectors import arrears_for_tenancy

        arrears = arrears_for_tenancy(tenancy)
    tenant = referral.household.members.filter(role="HUU").select_related("person").first()
    return render(
        request,
        "referrals/answer.html",
        {
            "referral": referral,
            "tenant_phone": tenant.person.phone if tenant and "contact" in referral.shared else "",
            "form": form,
            "shared": referral.shared,
            "tenancy": tenancy,
            "members": referral.household.members.select_related("person")
            if "household" in referral.shared
            else [],
            "arrears": arrears,
        },
    )
