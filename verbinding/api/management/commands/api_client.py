"""``verbinding api_client NAME --user USERNAME --scopes a,b`` registers a system; prints the
API key once."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from verbinding.accounts.models import User
from verbinding.api.services import api_client_create


class Command(BaseCommand):
    help = "Register an API client (a system) acting as a staff account; prints its key once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name")
        parser.add_argument("--user", required=True, help="the staff account it acts as")
        parser.add_argument("--scopes", required=True, help="comma-separated, e.g. register:write")
        parser.add_argument("--oidc-client-id", default=None)
        parser.add_argument("--rate", default="600/min")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"No staff account {options['user']!r}")
        scopes = [s.strip() for s in options["scopes"].split(",") if s.strip()]
        try:
            client, key = api_client_create(
                name=options["name"],
                user=user,
                scopes=scopes,
                actor=None,
                oidc_client_id=options["oidc_client_id"],
                rate=options["rate"],
                with_key=not options["oidc_client_id"],
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"API client {client.name} (acts as {user.username}).")
        if key:
            self.stdout.write(f"API key (shown once, store it now): {key}")
