"""The import of a big upload as a background job (run by ``verbinding worker``)."""

from __future__ import annotations

import logging
from pathlib import Path

from django.utils.translation import gettext as _

from verbinding.jobs.runtime import job

log = logging.getLogger(__name__)


@job()
def import_upload(*, run_id: int, path: str, actor_id: int | None) -> dict[str, object]:
    """Import the saved upload into the record ``run_id``, all or nothing.

    A refused file is a finished job (the record says why). An unexpected error marks the record
    failed and the job failed; the upload is kept so that "Try again" on the background-jobs page
    can run it again. After a success or a refusal the upload is removed."""
    from django.contrib.auth import get_user_model

    from verbinding import clock
    from verbinding.imports import background
    from verbinding.imports.models import ImportRun, ImportStatus
    from verbinding.imports.services import import_file

    run = ImportRun.objects.get(pk=run_id)
    if run.status in (ImportStatus.SUCCEEDED, ImportStatus.REJECTED):
        return {"run": run.pk, "status": run.status}  # done before: never import twice
    if run.status != ImportStatus.RUNNING:  # tried again after a failure
        run.status, run.message, run.finished_at = ImportStatus.RUNNING, "", None
        run.save(update_fields=["status", "message", "finished_at"])
    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    upload = Path(path)
    if not upload.exists():
        run.status = ImportStatus.FAILED
        run.message = _("the uploaded file is gone; upload it again")
        run.finished_at = clock.now()
        run.save(update_fields=["status", "message", "finished_at"])
        return {"run": run.pk, "status": run.status}
    run = import_file(
        path=upload,
        actor=actor,
        kind=run.kind or None,
        run=run,
        progress=lambda done, total: background.write_progress(run_id, done, total),
        allow_unbalanced=run.allow_unbalanced,  # as asked on the upload page
    )
    upload.unlink(missing_ok=True)
    background.progress_path(run_id).unlink(missing_ok=True)
    log.info("import #%s finished: %s", run.pk, run.status)
    return {"run": run.pk, "status": run.status}
