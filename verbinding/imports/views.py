"""Pages for the functional administrator: upload, follow, review. Nobody else sees them."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from verbinding.accounts.roles import Role
from verbinding.imports import background, selectors, services
from verbinding.imports.forms import AssignForm, UploadForm
from verbinding.imports.models import ImportRun, UnmatchedPayment, UnmatchedStatus
from verbinding.security.uploads import upload_too_big
from verbinding.web.access import require_role

# Files up to this size are imported within the request; bigger ones by the worker (a job).
INLINE_MAX_BYTES: int = getattr(settings, "IMPORTS_INLINE_MAX_BYTES", 2_000_000)


@login_required
@require_role(Role.PRIVACY_OFFICER)
def index(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST if request.method == "POST" else None, request.FILES or None)
    if upload_too_big(request):
        form.add_error(
            "file",
            _("The file is bigger than %(mb)d MB; split it or ask IT to raise UPLOAD_MAX_MB.")
            % {"mb": settings.UPLOAD_MAX_BYTES // (1024 * 1024)},
        )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        kind = form.cleaned_data["kind"] or None
        allow_unbalanced = form.cleaned_data["allow_unbalanced"]
        path = background.save_upload(upload)
        if upload.size <= INLINE_MAX_BYTES:
            try:
                run = services.import_file(
                    path=path,
                    actor=request.user,
                    kind=kind,
                    file_name=upload.name,
                    allow_unbalanced=allow_unbalanced,
                )
            finally:
                path.unlink(missing_ok=True)
        else:
            run = services.run_create(
                kind=kind or "",
                file_name=upload.name,
                facts=None,
                actor=request.user,
                allow_unbalanced=allow_unbalanced,
            )
            background.start(run=run, path=path, actor=request.user)
        return redirect("imports:detail", run_id=run.pk)
    return render(
        request,
        "imports/index.html",
        {
            "form": form,
            "runs": selectors.import_history(),
            "open_count": selectors.open_unmatched().count(),
        },
    )


@login_required
@require_role(Role.PRIVACY_OFFICER)
def detail(request: HttpRequest, run_id: int) -> HttpResponse:
    run = get_object_or_404(ImportRun.objects.select_related("started_by"), pk=run_id)
    background.mark_abandoned(run)
    return render(
        request,
        "imports/detail.html",
        {
            "run": run,
            "progress": None if run.is_finished else background.read_progress(run.pk),
            "waiting": not run.is_finished and background.waiting_for_worker(run),
            "unmatched": run.unmatched.all()[:100],
        },
    )


@login_required
@require_role(Role.PRIVACY_OFFICER)
def review(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "imports/review.html",
        {
            "items": selectors.open_unmatched()[:200],
            "assigned": selectors.recently_assigned(),
            "form": AssignForm(),
        },
    )


@login_required
@require_role(Role.PRIVACY_OFFICER)
@require_POST
def assign(request: HttpRequest, item_id: int) -> HttpResponse:
    item = get_object_or_404(UnmatchedPayment, pk=item_id, status=UnmatchedStatus.OPEN)
    form = AssignForm(request.POST)
    if form.is_valid():
        tenancy = selectors.tenancy_by_number(form.cleaned_data["tenancy"])
        if tenancy is None:
            form.add_error("tenancy", _("No tenancy with this contract number or reference."))
        else:
            services.unmatched_assign(
                item=item, tenancy=tenancy, actor=request.user, note=form.cleaned_data["note"]
            )
            messages.success(
                request,
                _("Booked on %(contract)s (%(address)s).")
                % {"contract": tenancy.external_id, "address": tenancy.unit.address},
            )
            return redirect("imports:review")
    return render(
        request,
        "imports/review.html",
        {
            "items": selectors.open_unmatched()[:200],
            "assigned": selectors.recently_assigned(),
            "form": AssignForm(),
            "failed_item": item.pk,
            "failed_form": form,
        },
        status=400,
    )
