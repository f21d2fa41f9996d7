"""The ``verbinding`` console command: Django's management commands plus ours."""

from __future__ import annotations

import os
import sys

SETUP_HINT = (
    "Set the environment as docs/deployment.md describes (SECRET_KEY, ALLOWED_HOSTS, "
    "DATABASE_URL, ...); for development and the demo set DEBUG=true (the Makefile does)."
)


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "verbinding.settings")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        settings.INSTALLED_APPS  # noqa: B018 - loads the settings: a refusal is a message, not a traceback
    except ImproperlyConfigured as error:
        sys.stderr.write(f"verbinding: {error}\n{SETUP_HINT}\n")
        raise SystemExit(2) from None
    execute_from_command_line(["verbinding", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
