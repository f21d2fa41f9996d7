"""The imports pages: only for the functional administrator; upload, result, review."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from verbinding.imports import views
from verbinding.imports.models import ImportRun, UnmatchedPayment
from verbinding.imports.services import import_file
from verbinding.ledger.models import LedgerEntry

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def upload(client: Client, path: Path, kind: str = "") -> Any:
    with path.open("rb") as fh:
        data = {"file": SimpleUploadedFile(path.name, fh.read()), "kind": kind}
    return client.post(reverse("imports:index"), data, follow=True)


@pytest.mark.parametrize("who", ["advisor", "team_lead", "manager"])
@pytest.mark.parametrize("page", ["imports:index", "imports:review"])
def test_only_the_functional_administrator_may_open_the_imports_pages(
    cast: Any, who: str, page: str
) -> None:
    assert client_for(getattr(cast, who)).get(reverse(page)).status_code == 403
    assert client_for(cast.privacy_officer).get(reverse(page)).status_code == 200


def test_an_anonymous_visitor_is_sent_to_the_login(db: None) -> None:
    response = Client().get(reverse("imports:index"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_menu_shows_imports_to_the_functional_administrator_only(cast: Any) -> None:
    url = reverse("imports:index")
    assert url in client_for(cast.privacy_officer).get(reverse("imports:review")).content.decode()
    assert (
        f'href="{url}"'
        not in client_for(cast.advisor).get(reverse("home"), follow=True).content.decode()
    )


def test_an_upload_is_imported_and_its_result_shown_in_dutch(register: Any, examples: Path) -> None:
    response = upload(client_for(register.privacy_officer), examples / "ledger.csv")
    page = response.content.decode()
    assert response.status_code == 200
    assert "31 nieuw, 0 gewijzigd, 0 ongewijzigd" in page
    assert LedgerEntry.objects.count() == 31


def test_a_broken_upload_shows_each_problem_with_its_line_and_field(
    register: Any, examples: Path
) -> None:
    response = upload(
        client_for(register.privacy_officer), examples / "ledger-broken.csv", "ledger"
    )
    page = response.content.decode()
    assert "Het bestand is geweigerd en er is niets veranderd." in page
    assert "<strong>Regel 6</strong> · <code>contractnummer</code><br>onbekend contract" in page
    assert LedgerEntry.objects.count() == 0


def test_the_review_list_assigns_a_payment_to_the_tenancy_typed_in(
    register: Any, examples: Path
) -> None:
    import_file(path=examples / "bank-camt053.xml", actor=None)
    item = UnmatchedPayment.objects.get()
    client = client_for(register.privacy_officer)
    page = client.get(reverse("imports:review")).content.decode()
    assert "STICHTING SCHULDHULP OOST" in page and "Koppelen en boeken" in page
    bad = client.post(reverse("imports:assign", args=[item.pk]), {"tenancy": "HO123"})
    assert bad.status_code == 400 and "Geen huurovereenkomst" in bad.content.decode()
    ok = client.post(
        reverse("imports:assign", args=[item.pk]), {"tenancy": "9100000055"}, follow=True
    )
    assert "Geboekt op HO900005" in ok.content.decode()
    assert LedgerEntry.objects.get(external_ref=item.external_ref).tenancy.external_id == "HO900005"


def test_the_history_lists_imports_in_a_fixed_number_of_queries(
    register: Any, examples: Path, django_assert_max_num_queries: Any
) -> None:
    for _ in range(5):
        import_file(path=examples / "ledger.csv", actor=register.privacy_officer)
    client = client_for(register.privacy_officer)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("imports:index"))
    assert response.content.decode().count("ledger.csv") == 5


def test_a_big_upload_goes_to_the_worker_and_the_page_follows_it(
    register: Any, examples: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django_tasks_db.models import DBTaskResult

    from verbinding.imports import background
    from verbinding.jobs.worker import run_pending

    monkeypatch.setattr(views, "INLINE_MAX_BYTES", 10)
    client = client_for(register.privacy_officer)
    response = upload(client, examples / "ledger.csv")
    run = ImportRun.objects.latest("id")
    assert run.status == "running", "a big upload is not imported within the request"
    job = DBTaskResult.objects.get()
    assert job.status == "READY" and job.args_kwargs["kwargs"]["run_id"] == run.pk
    page = response.content.decode()
    assert '<meta http-equiv="refresh" content="1">' in page
    assert "Wacht op de achtergrondverwerking" in page

    assert run_pending() == 1
    run.refresh_from_db()
    assert run.status == "succeeded" and run.created_count == 31
    page = client.get(reverse("imports:detail", args=[run.pk])).content.decode()
    assert "31 nieuw" in page and "http-equiv" not in page
    assert not background.progress_path(run.pk).exists()
    assert not Path(job.args_kwargs["kwargs"]["path"]).exists(), "the upload is removed"


def test_a_running_import_page_refreshes_itself_and_shows_progress(register: Any) -> None:
    from django_tasks_db.models import DBTaskResult

    from verbinding.imports import background

    run = ImportRun.objects.create(
        kind="ledger", file_name="groot.csv", file_hash="", started_by_label="frits"
    )
    background.start(run=run, path=Path("/nonexistent/upload"), actor=None)
    DBTaskResult.objects.update(status="RUNNING")  # a worker has it
    background.write_progress(run.pk, 250, 1000)
    try:
        page = (
            client_for(register.privacy_officer)
            .get(reverse("imports:detail", args=[run.pk]))
            .content.decode()
        )
    finally:
        background.progress_path(run.pk).unlink(missing_ok=True)
    assert '<meta http-equiv="refresh" content="1">' in page
    assert 'value="25"' in page


def test_an_import_whose_job_failed_for_good_is_shown_as_failed(register: Any) -> None:
    from django_tasks_db.models import DBTaskResult

    from verbinding.imports import background

    run = ImportRun.objects.create(kind="ledger", file_name="x.csv", started_by_label="frits")
    background.start(run=run, path=Path("/nonexistent/upload"), actor=None)
    client = client_for(register.privacy_officer)
    client.get(reverse("imports:detail", args=[run.pk]))
    run.refresh_from_db()
    assert run.status == "running", "a job waiting for the worker is not abandoned"
    DBTaskResult.objects.update(status="FAILED")
    client.get(reverse("imports:detail", args=[run.pk]))
    run.refresh_from_db()
    assert run.status == "failed"


@pytest.mark.django_db(transaction=True)
def test_an_import_survives_a_restart_of_the_web_process(examples: Path) -> None:
    """The web process takes the upload, answers, and is gone (killed, redeployed). Nothing of the
    import lives in its memory: a worker started afterwards, in another process on PostgreSQL,
    finishes it."""
    import os
    import subprocess
    import sys

    from django.db import connection, connections

    from verbinding.imports import background
    from verbinding.testing import factories as f

    for code in ("BU01500101", "BU01500102", "BU01500201"):
        f.NeighbourhoodFactory(cbs_code=code)
    admin = f.UserFactory(username="frits3", role="privacy_officer")
    import_file(path=examples / "households.csv", actor=admin)
    web = client_for(admin)
    views_inline = views.INLINE_MAX_BYTES
    views.INLINE_MAX_BYTES = 10
    try:
        upload(web, examples / "tenancies.csv")
    finally:
        views.INLINE_MAX_BYTES = views_inline
    run = ImportRun.objects.latest("id")
    assert run.status == "running"
    del web
    connections.close_all()  # the web process is gone; so is everything it held

    if connection.vendor == "postgresql":
        db = connection.settings_dict
        url = f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"
        worker = subprocess.run(
            [sys.executable, "-m", "verbinding", "worker", "--batch", "--worker-id", "restart"],
            env={**os.environ, "DATABASE_URL": url, "DEBUG": "true"},
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert worker.returncode == 0, worker.stderr
    else:  # SQLite's test database lives in this process's memory: a fresh worker object here
        from verbinding.jobs.worker import run_pending

        assert run_pending(worker_id="restart") == 1
    run.refresh_from_db()
    assert (run.status, run.kind, run.created_count) == ("succeeded", "tenancies", 5)
    assert not background.progress_path(run.pk).exists()
