"""``verbinding import``: exit codes and messages; the docs name every column."""

from __future__ import annotations

from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from verbinding.imports.parsers.columns import COLUMNS_BY_KIND
from verbinding.ledger.models import LedgerEntry

pytestmark = pytest.mark.django_db
DOCS = Path(__file__).resolve().parents[3] / "docs" / "formats.md"


@pytest.mark.usefixtures("english")
def test_the_command_imports_and_reports_the_counts(register: Any, examples: Path) -> None:
    out = StringIO()
    call_command("import", "ledger", str(examples / "ledger.csv"), "--no-progress", stdout=out)
    assert "31 created, 0 updated, 0 unchanged" in out.getvalue()
    call_command("import", "ledger", str(examples / "ledger.csv"), "--no-progress", stdout=out)
    assert "0 created, 0 updated, 31 unchanged" in out.getvalue()


@pytest.mark.usefixtures("english")
def test_a_broken_file_exits_non_zero_with_the_lines_and_changes_nothing(
    register: Any, examples: Path
) -> None:
    err = StringIO()
    with pytest.raises(CommandError) as exc:
        call_command(
            "import", "ledger", str(examples / "ledger-broken.csv"), "--no-progress", stderr=err
        )
    assert exc.value.returncode == 2 and "nothing was changed" in str(exc.value)
    assert "ledger-broken.csv:6 [contractnummer] unknown contract 'HO999999'" in err.getvalue()
    assert LedgerEntry.objects.count() == 0


def test_the_command_records_the_user_given(register: Any, examples: Path) -> None:
    from verbinding.imports.models import ImportRun

    call_command(
        "import",
        "bank",
        str(examples / "bank-mt940.sta"),
        "--no-progress",
        "--user",
        "frits",
        stdout=StringIO(),
    )
    assert ImportRun.objects.latest("id").started_by == register.privacy_officer


@pytest.mark.usefixtures("english")
def test_a_missing_file_is_a_clear_error(db: None) -> None:
    with pytest.raises(CommandError, match="no such file"):
        call_command("import", "bank", "/nonexistent.xml")


def test_formats_md_documents_every_column_with_its_vera_name() -> None:
    text = DOCS.read_text()
    for columns in COLUMNS_BY_KIND.values():
        for col in columns:
            assert f"| `{col.header}` | {col.vera} |" in text, col.header


def test_a_rejected_file_is_explained_in_dutch_on_the_page_and_by_the_command(
    register: Any, examples: Path
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client
    from django.urls import reverse
    from django.utils import translation

    broken = examples / "ledger-broken.csv"
    client = Client()
    client.force_login(register.privacy_officer)
    page = client.post(
        reverse("imports:index"),
        {"file": SimpleUploadedFile(broken.name, broken.read_bytes()), "kind": "ledger"},
        follow=True,
    ).content.decode()
    assert (
        "<strong>Regel 5</strong> · <code>boekdatum</code><br>"
        "geen geldige datum: &#x27;31-02-2026&#x27; (gebruik dd-mm-jjjj)"
    ) in page
    assert "<code>contractnummer</code><br>onbekend contract &#x27;HO999999&#x27;" in page
    assert "4 problemen op 4 regels" in page

    translation.deactivate()  # what a shell gets: the project's language, Dutch
    err = StringIO()
    with pytest.raises(CommandError) as exc:
        call_command("import", "ledger", str(broken), "--no-progress", stderr=err)
    assert "geweigerd, er is niets veranderd: 4 problemen op 4 regels" in str(exc.value)
    lines = err.getvalue().splitlines()
    assert (
        "ledger-broken.csv:5 [boekdatum] geen geldige datum: '31-02-2026' (gebruik dd-mm-jjjj)"
        in lines
    )
    assert "ledger-broken.csv:7 [bedrag] geen geldig bedrag: '12,345'" in lines
    out = StringIO()
    call_command("import", "ledger", str(examples / "ledger.csv"), "--no-progress", stdout=out)
    assert "31 nieuw, 0 gewijzigd, 0 ongewijzigd, 0 te koppelen, 0 overgeslagen" in out.getvalue()
