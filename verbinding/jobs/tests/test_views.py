"""The background-jobs page: for the functional administrator; failed jobs can be started again."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from verbinding.audit.models import AuditEvent
from verbinding.jobs.tests import sample_jobs
from verbinding.jobs.worker import run_pending

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("who", ["advisor", "team_lead", "manager"])
def test_only_the_functional_administrator_sees_the_jobs_page(cast: Any, who: str) -> None:
    assert client_for(getattr(cast, who)).get(reverse("jobs:index")).status_code == 403
    assert client_for(cast.privacy_officer).get(reverse("jobs:index")).status_code == 200


def test_a_failed_job_is_listed_and_can_be_started_again(cast: Any) -> None:
    result = sample_jobs.always_fails.enqueue(key="page")
    DBTaskResult.objects.filter(pk=result.id).update(
        status="FAILED", worker_ids=["w1", "w1", "w1"], traceback="ValueError: broken on purpose"
    )
    client = client_for(cast.privacy_officer)
    page = client.get(reverse("jobs:index")).content.decode()
    assert "always_fails" in page and "Mislukt na 3 pogingen" in page
    assert "Er draait geen verwerker" in page

    response = client.post(reverse("jobs:retry", args=[result.id]), follow=True)
    assert "De taak staat weer in de wachtrij." in response.content.decode()
    row = DBTaskResult.objects.get(pk=result.id)
    assert (row.status, row.worker_ids) == ("READY", [])
    assert AuditEvent.objects.filter(object_id=str(result.id), actor=cast.privacy_officer).exists()

    again = client.post(reverse("jobs:retry", args=[result.id]), follow=True)
    assert "niet meer mislukt" in again.content.decode()


def test_the_page_shows_a_running_worker(cast: Any) -> None:
    run_pending(worker_id="w-page")
    page = client_for(cast.privacy_officer).get(reverse("jobs:index")).content.decode()
    assert "1 verwerker draait." in page


def test_others_cannot_start_a_job_again(cast: Any) -> None:
    result = sample_jobs.always_fails.enqueue(key="x")
    DBTaskResult.objects.filter(pk=result.id).update(status="FAILED")
    response = client_for(cast.advisor).post(reverse("jobs:retry", args=[result.id]))
    assert response.status_code == 403
    assert DBTaskResult.objects.get(pk=result.id).status == "FAILED"
