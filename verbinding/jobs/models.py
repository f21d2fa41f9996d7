"""What the workers and the scheduler leave behind (the jobs themselves live in django_tasks_db)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkerHeartbeat(models.Model):
    """One row per worker process, touched every few seconds while it lives."""

    worker_id = models.CharField(_("worker"), max_length=64, unique=True)
    hostname = models.CharField(_("host"), max_length=255)
    pid = models.PositiveIntegerField(_("process id"))
    started_at = models.DateTimeField(_("started"))
    seen_at = models.DateTimeField(_("last seen"), db_index=True)
    stopped_at = models.DateTimeField(_("stopped"), null=True, blank=True)

    class Meta:
        ordering = ["-seen_at"]
        verbose_name = _("worker")
        verbose_name_plural = _("workers")

    def __str__(self) -> str:
        return f"{self.hostname}:{self.pid} ({self.worker_id})"


class ScheduledRun(models.Model):
    """A periodic job enqueued for one due instant. The unique constraint makes sure that two
    schedulers (on two machines) enqueue it once."""

    name = models.CharField(_("schedule entry"), max_length=64)
    due_at = models.DateTimeField(_("due"))
    enqueued_at = models.DateTimeField(_("enqueued"))
    task_id = models.CharField(_("job"), max_length=64, blank=True)

    class Meta:
        ordering = ["-due_at"]
        constraints = [
            models.UniqueConstraint(fields=["name", "due_at"], name="jobs_scheduledrun_once"),
        ]
        verbose_name = _("scheduled run")
        verbose_name_plural = _("scheduled runs")

    def __str__(self) -> str:
        return f"{self.name} @ {self.due_at.isoformat()}"
