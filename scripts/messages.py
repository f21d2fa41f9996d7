"""Refresh and compile the Dutch translations.

    python scripts/messages.py            # every app + the project templates
    python scripts/messages.py contacts   # one app

Each app keeps its own catalogue in ``verbinding/<app>/locale/nl/LC_MESSAGES/django.po`` (so apps
can be changed independently); strings in ``verbinding/templates`` and the project modules live in
``verbinding/locale``. Source strings are English, translations Dutch. The compiled ``.mo`` files
are committed, so a new user needs no gettext tools. Needs GNU gettext (``apt-get install gettext``).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PKG = ROOT / "verbinding"
# The console script, not ``python -m django``: inside an app directory, ``-m`` would put modules
# such as ``selectors.py`` ahead of the standard library.
DJANGO_ADMIN = [str(Path(sys.executable).with_name("django-admin"))]
SKIP = {"locale", "templates", "static", "testing", "vera", "__pycache__"}


def run(args: list[str], cwd: Path) -> None:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "verbinding.settings"}
    subprocess.run(args, cwd=cwd, env=env, check=True)


def app_dirs() -> list[Path]:
    return sorted(p for p in PKG.iterdir() if p.is_dir() and (p / "apps.py").exists())


def refresh(directory: Path, extra_ignore: list[str] | None = None) -> None:
    (directory / "locale").mkdir(exist_ok=True)
    ignore: list[str] = []
    for pattern in ["tests/*", "migrations/*", *(extra_ignore or [])]:
        ignore += ["--ignore", pattern]
    run(
        [*DJANGO_ADMIN, "makemessages", "-l", "nl", "--no-obsolete", "--no-location", *ignore],
        directory,
    )
    run([*DJANGO_ADMIN, "compilemessages", "-l", "nl"], directory)


def main(names: list[str]) -> None:
    apps = app_dirs()
    if names:
        apps = [a for a in apps if a.name in names]
    for app in apps:
        print(f"== {app.name}")
        refresh(app)
    if not names or "project" in names:
        print("== project (templates and modules outside the apps)")
        ignore = [f"{p.name}/*" for p in app_dirs()] + ["testing/*"]
        refresh(PKG, ignore)


if __name__ == "__main__":
    main(sys.argv[1:])
