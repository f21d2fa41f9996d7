"""The privacy officer's pages: find a household, produce its subject-access export, correct
(art. 16) or erase (art. 17) its data."""

from __future__ import annotations

import json

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from verbinding import clock
from verbinding.accounts.roles import PRIVACY_ROLES
from verbinding.audit.models import AuditAction
from verbinding.audit.register import household_ids_matching
from verbinding.audit.services import audit_record
from verbinding.households.models import Household
from verbinding.privacy import pdf, rights, subject_access
from verbinding.web.access import require_role


@login_required
@require_role(*PRIVACY_ROLES)
def index(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    found = []
    if query:
        found = list(
            Household.objects.filter(id__in=household_ids_matching(query)).order_by("name")[:50]
        )
    return render(request, "privacy/index.html", {"query": query, "found": found})


def _export(request: HttpRequest, household_id: int, fmt: str) -> HttpResponse:
    household = get_object_or_404(Household, id=household_id)
    data = subject_access.collect(household, today=clock.today())
    audit_record(
        actor=request.user,
        action=AuditAction.EXPORT,
        obj=household,
        household_id=household.id,
        summary=f"subject access export ({fmt})",
    )
    name = f"inzage-{household.external_id}-{clock.today().isoformat()}.{fmt}"
    if fmt == "json":
        body = json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
    else:
        response = HttpResponse(pdf.render(data), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_role(*PRIVACY_ROLES)
def export_json(request: HttpRequest, household_id: int) -> HttpResponse:
    return _export(request, household_id, "json")


@login_required
@require_role(*PRIVACY_ROLES)
def export_pdf(request: HttpRequest, household_id: int) -> HttpResponse:
    return _export(request, household_id, "pdf")


class RectifyForm(forms.Form):
    target = forms.ChoiceField(label=gettext_lazy("What is wrong"))
    value = forms.CharField(
        label=gettext_lazy("The correct value"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("A date as 2026-03-31. Empty clears the value."),
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason (the tenant's request, and how you checked it)"),
        max_length=300,
    )

    def __init__(self, *args: object, targets: list[rights.Target], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["target"].choices = [  # type: ignore[attr-defined]
            ("", "—"),
            *[(t.key, f"{t.label}: {t.value[:60]}") for t in targets],
        ]


class EraseForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason (the tenant's request and its date)"), max_length=300
    )
    confirm = forms.BooleanField(
        label=gettext_lazy("I have checked the plan above: erase what may be erased"),
    )


def _rights_page(
    request: HttpRequest,
    household: Household,
    rectify_form: RectifyForm | None = None,
    erase_form: EraseForm | None = None,
    status: int = 200,
) -> HttpResponse:
    targets = rights.targets(household)
    return render(
        request,
        "privacy/household.html",
        {
            "household": household,
            "rectify_form": rectify_form or RectifyForm(targets=targets),
            "erase_form": erase_form or EraseForm(),
            "plan": rights.plan(household, today=clock.today()),
        },
        status=status,
    )


@login_required
@require_role(*PRIVACY_ROLES)
@require_http_methods(["GET"])
def household(request: HttpRequest, household_id: int) -> HttpResponse:
    """One household for the privacy officer: export, correct, erase."""
    return _rights_page(request, get_object_or_404(Household, id=household_id))


@login_required
@require_role(*PRIVACY_ROLES)
@require_POST
def rectify(request: HttpRequest, household_id: int) -> HttpResponse:
    household = get_object_or_404(Household, id=household_id)
    form = RectifyForm(request.POST, targets=rights.targets(household))
    if form.is_valid():
        try:
            rights.rectify(
                actor=request.user,
                household=household,
                key=form.cleaned_data["target"],
                value=form.cleaned_data["value"],
                reason=form.cleaned_data["reason"],
            )
        except rights.RightsError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Corrected. The audit log records the field and reason."))
            return redirect("privacy:household", household_id=household.id)
    return _rights_page(request, household, rectify_form=form, status=400)


@login_required
@require_role(*PRIVACY_ROLES)
@require_POST
def erase(request: HttpRequest, household_id: int) -> HttpResponse:
    household = get_object_or_404(Household, id=household_id)
    form = EraseForm(request.POST)
    if form.is_valid():
        done = rights.erase(
            actor=request.user,
            household=household,
            reason=form.cleaned_data["reason"],
            today=clock.today(),
        )
        for d in done:
            if d.erase and d.count:
                messages.success(
                    request,
                    _("%(what)s: %(erased)s erased, %(kept)s kept (still referenced).")
                    % {"what": d.label, "erased": d.erased, "kept": d.kept},
                )
        return redirect("privacy:household", household_id=household.id)
    return _rights_page(request, household, erase_form=form, status=400)
