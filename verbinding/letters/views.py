from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from verbinding import clock
from verbinding.accounts.roles import Role
from verbinding.arrangements.models import PaymentArrangement
from verbinding.audit.services import audit_record
from verbinding.households.selectors import household_detail
from verbinding.letters import rules, sandbox, selectors, services
from verbinding.letters.forms import ReceiptForm, SendForm, TemplateForm
from verbinding.letters.models import LetterKind, LetterTemplate
from verbinding.letters.pdf import letter_pdf
from verbinding.web.access import require_household_work, require_role


def _tenancy(household):  # type: ignore[no-untyped-def]
    current = next((t for t in household.tenancies.all() if t.is_active), None)
    if current is None:
        raise Http404
    return current


@login_required
@require_household_work
def letter_new(request: HttpRequest, household_id: int) -> HttpResponse:
    """Preview a letter (GET) and send it (POST)."""
    household = household_detail(user=request.user, household_id=household_id, audit=False)
    tenancy = _tenancy(household)
    form = SendForm(request.POST or request.GET or None, initial={"kind": LetterKind.REMINDER})
    kind = LetterKind.REMINDER
    arrangement = None
    if form.is_valid():
        kind = form.cleaned_data["kind"]
        if form.cleaned_data.get("arrangement"):
            arrangement = PaymentArrangement.objects.filter(
                household=household, id=form.cleaned_data["arrangement"]
            ).first()
    today = clock.today()
    if request.method == "POST" and form.is_valid():
        try:
            letter = services.letter_send(
                household=household,
                tenancy=tenancy,
                kind=kind,
                actor=request.user,
                arrangement=arrangement,
                sent_on=today,
                reason=request.POST.get("reason", ""),
            )
        except services.LetterNeedsReason:
            messages.error(request, _("Not sent: give the reason for sending it now (see below)."))
        except services.LetterError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Letter recorded as sent. Print or mail the PDF."))
            return redirect("letters:detail", letter_id=letter.id)
    template = services.template_current(kind=kind)
    preview = ""
    prepared = None
    if kind != LetterKind.CONFIRMATION or arrangement is not None:
        prepared = services.letter_prepare(
            household=household,
            tenancy=tenancy,
            kind=kind,
            actor=request.user,
            on=today,
            arrangement=arrangement,
        )
        preview = sandbox.render(template.body, prepared.context)
    return render(
        request,
        "letters/new.html",
        {
            "household": household,
            "form": form,
            "kind": kind,
            "arrangement": arrangement,
            "template": template,
            "preview": preview,
            "refusal": prepared.refusal if prepared else "",
            "warnings": prepared.warnings if prepared else (),
            "letters": selectors.household_letters(household_id=household.id)[:20],
        },
    )


@login_required
@require_household_work
def letter_detail(request: HttpRequest, letter_id: int) -> HttpResponse:
    letter = selectors.letter_detail(user=request.user, letter_id=letter_id)
    today = clock.today()
    return render(
        request,
        "letters/detail.html",
        {
            "letter": letter,
            "receipt_form": ReceiptForm(),
            "expired": rules.term_expired(letter.received_on, today),
        },
    )


@login_required
@require_household_work
def letter_download(request: HttpRequest, letter_id: int) -> HttpResponse:
    letter = selectors.letter_detail(user=request.user, letter_id=letter_id, audit=False)
    audit_record(
        actor=request.user,
        action="export",
        obj=letter,
        household_id=letter.household_id,
        summary="letter PDF",
    )
    response = HttpResponse(
        letter_pdf(letter, association=settings.ASSOCIATION_NAME), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="brief-{letter.id}.pdf"'
    return response


@login_required
@require_household_work
@require_POST
def letter_receipt(request: HttpRequest, letter_id: int) -> HttpResponse:
    letter = selectors.letter_detail(user=request.user, letter_id=letter_id, audit=False)
    form = ReceiptForm(request.POST)
    if form.is_valid():
        try:
            services.letter_record_receipt(
                letter=letter,
                received_on=form.cleaned_data["received_on"],
                evidence=form.cleaned_data["evidence"],
                actor=request.user,
            )
        except services.LetterError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Receipt date saved."))
    else:
        messages.error(request, _("Could not save: check the fields."))
    return redirect("letters:detail", letter_id=letter.id)


@login_required
@require_role(Role.MANAGER)
def template_list(request: HttpRequest) -> HttpResponse:
    current = [services.template_current(kind=k) for k in LetterKind.values]
    return render(request, "letters/templates.html", {"current": current})


@login_required
@require_role(Role.MANAGER)
def template_edit(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in LetterKind.values:
        raise Http404
    current = services.template_current(kind=kind)
    form = TemplateForm(
        request.POST or None,
        initial={
            "subject": current.subject,
            "body": current.body,
            "offers_signal": current.offers_signal,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            new = services.template_new_version(
                kind=kind,
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
                offers_signal=form.cleaned_data["offers_signal"],
                note=form.cleaned_data["note"],
                actor=request.user,
            )
        except services.LetterError as error:
            form.add_error("body", str(error))
        else:
            messages.success(request, _("Version %(v)s saved.") % {"v": new.version})
            return redirect("letters:templates")
    return render(
        request,
        "letters/template_edit.html",
        {
            "form": form,
            "current": current,
            "kind_label": LetterKind(kind).label,
            "fields": sandbox.CONTEXT_FIELDS,
            "versions": LetterTemplate.objects.filter(kind=kind).select_related("created_by"),
        },
    )
