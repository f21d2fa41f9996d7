"""``verbinding import households|tenancies|ledger|bank FILE``: all or nothing, safe to repeat.

What it prints goes through gettext, so it speaks the project's language (Dutch) unless another
language is active; the problems kept on the import run are in that language too.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from tqdm import tqdm

from verbinding.imports.models import ImportStatus
from verbinding.imports.services import import_file
from verbinding.ops.batch import BatchCommand

KINDS = {
    "households": "households and their members (ERP CSV)",
    "tenancies": "tenancies, homes and known IBANs (ERP CSV)",
    "ledger": "the rent ledger (ERP CSV)",
    "bank": "a bank statement: CAMT.053 or MT940",
    "vera": "VERA JSON (verbinding-vera/1): huishoudens, huurovereenkomsten or boekingen",
}


class Command(BatchCommand):
    help = "Import a file from the ERP or the bank. A file with any bad line changes nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="kind", required=True, metavar="KIND")
        for kind, text in KINDS.items():
            p = sub.add_parser(kind, help=text)
            p.add_argument("file", type=Path)
            p.add_argument("--user", help="username recorded as the importer (default: system)")
            p.add_argument("--no-progress", action="store_true", help="no progress bar")
            if kind == "bank":
                p.add_argument(
                    "--allow-unbalanced",
                    action="store_true",
                    help="import a statement that does not add up (opening balance + entries "
                    "is not the closing balance) or has no closing balance anyway; the warning "
                    "is recorded on the import",
                )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(_("%(path)s: no such file") % {"path": path})
        actor = None
        if options.get("user"):
            try:
                actor = get_user_model().objects.get(username=options["user"])
            except get_user_model().DoesNotExist:
                raise CommandError(
                    _("no user %(user)s") % {"user": repr(options["user"])}
                ) from None
        if options["kind"] == "vera":
            self._vera(path, actor)
            return
        bar = None
        if not options.get("no_progress"):
            bar = tqdm(total=0, unit=" lines", desc=f"{options['kind']} {path.name}", leave=False)

        def progress(done: int, total: int) -> None:
            if bar is not None:
                bar.total = total
                bar.n = done
                bar.refresh()

        try:
            run = import_file(
                path=path,
                actor=actor,
                kind=options["kind"],
                progress=progress,
                allow_unbalanced=bool(options.get("allow_unbalanced")),
            )
        finally:
            if bar is not None:
                bar.close()
        if run.status != ImportStatus.SUCCEEDED:
            for p in run.problems:
                field = f" [{p['field']}]" if p.get("field") else ""
                self.stderr.write(f"{path.name}:{p['line']}{field} {p['message']}")
            raise CommandError(
                _("import #%(id)s rejected, nothing was changed: %(message)s")
                % {"id": run.pk, "message": run.message},
                returncode=2,
            )
        for w in run.warnings:
            self.stderr.write(f"{path.name}: {w['message']}")
        self.stdout.write(
            _(
                "import #%(id)s (%(format)s): %(created)s created, %(updated)s updated, "
                "%(unchanged)s unchanged, %(unmatched)s to review, %(skipped)s skipped"
            )
            % {
                "id": run.pk,
                "format": run.file_format,
                "created": run.created_count,
                "updated": run.updated_count,
                "unchanged": run.unchanged_count,
                "unmatched": run.unmatched_count,
                "skipped": run.skipped_count,
            }
        )

    def _vera(self, path: Path, actor: Any) -> None:
        """VERA JSON through the API's bulk services (see verbinding/api/vera_files.py)."""
        from verbinding.api.vera_files import VeraFileError, import_vera

        try:
            resource, summary = import_vera(path=path, actor=actor)
        except VeraFileError as exc:
            for _index, pointer, message in exc.problems:
                self.stderr.write(f"{path.name}:{pointer} {message}")
            raise CommandError(
                _("%(path)s rejected, nothing was changed") % {"path": path.name}, returncode=2
            ) from None
        self.stdout.write(f"{resource}: {json.dumps(summary)}")
