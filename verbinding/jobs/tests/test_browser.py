"""On a phone (360x740): the functional administrator sees a failed job and starts it again."""

from __future__ import annotations

from typing import Any

import pytest
from django_tasks_db.models import DBTaskResult

from verbinding.jobs.tests import sample_jobs
from verbinding.testing.browser import assert_accessible, assert_fits_phone, login, open_menu

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_administrator_starts_a_failed_job_again_at_phone_size(
    browser_page: Any, live_server: Any, cast: Any
) -> None:
    result = sample_jobs.always_fails.enqueue(key="browser")
    DBTaskResult.objects.filter(pk=result.id).update(
        status="FAILED",
        worker_ids=["w", "w", "w"],
        traceback="Traceback …\nValueError: broken on purpose (browser)",
    )
    page = browser_page
    login(page, live_server, cast.privacy_officer)
    page.goto(f"{live_server.url}/")
    open_menu(page)
    page.get_by_role("link", name="Achtergrondtaken").first.click()
    page.wait_for_url(f"{live_server.url}/jobs/")
    assert "Mislukt na 3 pogingen" in page.inner_text("main")
    assert "broken on purpose" in page.inner_text("main")
    assert_fits_phone(page)
    assert_accessible(page)

    page.get_by_role("button", name="Opnieuw proberen").click()
    page.wait_for_url(f"{live_server.url}/jobs/")
    assert "De taak staat weer in de wachtrij." in page.inner_text("main")
    assert DBTaskResult.objects.get(pk=result.id).status == "READY"
    assert_accessible(page)
