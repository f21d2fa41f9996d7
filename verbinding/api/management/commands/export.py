"""``verbinding export vera --resource huurovereenkomsten --user anna [-o FILE]``: VERA JSON."""

from __future__ import annotations

import json
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.dateparse import parse_datetime

from verbinding.api.vera_files import EXPORTS, export_vera


class Command(BaseCommand):
    help = "Export VERA JSON (what the API serves), as one staff account may see it."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="format", required=True, metavar="FORMAT")
        p = sub.add_parser("vera", help="VERA JSON (verbinding-vera/1)")
        p.add_argument("--resource", required=True, choices=sorted(EXPORTS))
        p.add_argument("--user", required=True, help="the staff account whose access applies")
        p.add_argument("--changed-since", help="only what changed since (ISO 8601, with offset)")
        p.add_argument("-o", "--output", help="file to write (default: standard output)")

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model().objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"no user {options['user']!r}")
        since = None
        if options.get("changed_since"):
            since = parse_datetime(options["changed_since"])
            if since is None or since.tzinfo is None:
                raise CommandError("--changed-since: an ISO 8601 date-time with an offset")
        data = export_vera(resource=options["resource"], user=user, changed_since=since)
        text = json.dumps(data, ensure_ascii=False, indent=1, default=str)
        if options.get("output"):
            with open(options["output"], "w", encoding="utf-8") as fh:
                fh.write(text + "\n")
            self.stderr.write(f"{len(data['items'])} item(s) written to {options['output']}")
        else:
            self.stdout.write(text)
