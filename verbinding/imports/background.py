"""Running a big upload outside the request, with progress the page can poll.

The simplest honest approach: the page starts a thread in the web process and redirects to the
import's page, which refreshes itself every second. Progress cannot live on the import record:
the import writes in one transaction (all or nothing), and on SQLite that transaction holds the
only write lock, so progress goes to a small JSON file under ``VAR_DIR/imports/`` instead. When
the web process restarts mid-import, the transaction is rolled back and the record stays
"running"; :func:`mark_abandoned` turns such records into "failed" when the page looks at them.
"""

from __future__ import annotations

import json
import logging
import threading
import time
import uuid
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection
from django.utils.translation import gettext as _

from verbinding import clock
from verbinding.imports.models import ImportRun, ImportStatus

log = logging.getLogger(__name__)
_threads: dict[int, threading.Thread] = {}


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


def start(*, run: ImportRun, path: Path, actor: Any) -> threading.Thread:
    from verbinding.imports.services import import_file

    def work() -> None:  # a new thread: Django gives it its own database connection
        try:
            import_file(
                path=path,
                actor=actor,
                kind=run.kind or None,
                run=run,
                progress=lambda done, total: write_progress(run.pk, done, total),
            )
        except Exception:  # recorded as FAILED on the run by import_file
            log.exception("background import #%s failed", run.pk)
        finally:
            path.unlink(missing_ok=True)
            progress_path(run.pk).unlink(missing_ok=True)
            _threads.pop(run.pk, None)
            connection.close()

    thread = threading.Thread(target=work, name=f"import-{run.pk}", daemon=True)
    _threads[run.pk] = thread
    write_progress(run.pk, 0, 1)
    thread.start()
    return thread


def mark_abandoned(run: ImportRun) -> None:
    """A run this process is not running and whose progress file went stale: failed."""
    if run.status != ImportStatus.RUNNING or run.pk in _threads:
        return
    data = read_progress(run.pk)
    stale = data is None or time.time() - float(data.get("at", 0)) > 300
    if stale and (clock.now() - run.started_at).total_seconds() > 300:
        run.status = ImportStatus.FAILED
        run.message = _(
            "the import stopped without finishing (server restart?); nothing was changed"
        )
        run.finished_at = clock.now()
        run.save(update_fields=["status", "message", "finished_at"])
