"""The background-jobs page: workers, queue, failed jobs with a button to try again."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from verbinding.accounts.roles import Role
from verbinding.jobs import selectors, services
from verbinding.web.access import require_role


@login_required
@require_role(Role.PRIVACY_OFFICER)
def index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "jobs/index.html",
        {
            "counts": selectors.counts(),
            "workers": selectors.workers(),
            "live_workers": selectors.live_workers(),
            "failed": selectors.failed_jobs(),
            "retrying": selectors.waiting_retries(),
            "recent": selectors.recent_jobs(),
        },
    )


@login_required
@require_role(Role.PRIVACY_OFFICER)
@require_POST
def retry(request: HttpRequest, job_id: object) -> HttpResponse:
    try:
        services.job_retry(job_id=str(job_id), actor=request.user)
    except services.JobNotFailed:
        messages.warning(request, _("This job is no longer failed; nothing was done."))
    else:
        messages.success(request, _("The job is back in the queue."))
    return redirect("jobs:index")
