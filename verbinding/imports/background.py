"""Running a big upload outside the request, with progress the page can poll.

The page saves the upload under ``VAR_DIR/imports/`` (shared by web and worker machines), records
the import as running and enqueues :func:`verbinding.imports.tasks.import_upload`, a background job
in the database queue that ``verbinding worker`` runs. The job is in the database from the moment
the page answers: a restart of the web process loses nothing, and a worker started later finishes
it. Progress cannot live on the import record: the import writes in one transaction (all or
nothing), and on SQLite that transaction holds the only write lock, so progress goes to a small
JSON file beside the upload. :func:`mark_abandoned` turns a running record whose job failed for
good (or vanished) into "failed".
"""

from __future__ import annotations

import json
import logging
import time
import uuid
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from verbinding import clock
from verbinding.imports.models import ImportRun, ImportStatus

log = logging.getLogger(__name__)


def work_dir() -> Path:
    path = Path(settings.VAR_DIR) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def save_upload(upload: Any) -> Path:
    """Copy an uploaded file to disk (deleted again when its import is done)."""
    target = work_dir() / f"upload-{uuid.uuid4().hex}"
    with target.open("wb") as fh:
        for chunk in upload.chunks():
            fh.write(chunk)
    return target


def progress_path(run_id: int) -> Path:
    return work_dir() / f"progress-{run_id}.json"


def write_progress(run_id: int, done: int, total: int) -> None:
    tmp = progress_path(run_id).with_suffix(".tmp")
    tmp.write_text(json.dumps({"done": done, "total": total, "at": time.time()}))
    tmp.replace(progress_path(run_id))


def read_progress(run_id: int) -> dict[str, Any] | None:
    try:
        data: dict[str, Any] = json.loads(progress_path(run_id).read_text())
    except (OSError, ValueError):
        return None
    data["percent"] = int(100 * data["done"] / data["total"]) if data.get("total") else 0
    return data


def start(*, run: ImportRun, path: Path, actor: Any) -> str:
    """Enqueue the import of ``path`` into ``run``; returns the job's id."""
    from verbinding.imports.tasks import import_upload

    write_progress(run.pk, 0, 1)
    result = import_upload.enqueue(
        run_id=run.pk, path=str(path), actor_id=getattr(actor, "pk", None)
    )
    return str(result.id)


def job_for(run: ImportRun) -> Any:
    """The background job of a run (None for imports done within the request)."""
    from django_tasks_db.models import DBTaskResult

    return (
        DBTaskResult.objects.filter(
            task_path="verbinding.imports.tasks.import_upload",
            args_kwargs__kwargs__run_id=run.pk,
        )
        .order_by("-enqueued_at")
        .first()
    )


def waiting_for_worker(run: ImportRun) -> bool:
    job = job_for(run)
    return job is not None and job.status == "READY"


def mark_abandoned(run: ImportRun) -> None:
    """A running record whose job failed for good, or has none at all: failed."""
    if run.status != ImportStatus.RUNNING:
        return
    job = job_for(run)
    if job is not None and job.status in ("READY", "RUNNING"):
        return
    if job is None:  # an import from before the worker, or whose job was removed
        data = read_progress(run.pk)
        stale = data is None or time.time() - float(data.get("at", 0)) > 300
        if not (stale and (clock.now() - run.started_at).total_seconds() > 300):
            return
    elif job.status == "SUCCESSFUL":  # the job finished; the record is read again below
        run.refresh_from_db()
        if run.status != ImportStatus.RUNNING:
            return
    run.status = ImportStatus.FAILED
    run.message = _("the import stopped without finishing (server restart?); nothing was changed")
    run.finished_at = clock.now()
    run.save(update_fields=["status", "message", "finished_at"])
