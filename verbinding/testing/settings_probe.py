"""Settings as another environment makes them: the settings module reads the environment once, at
import, so a test that varies it asks a fresh interpreter."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterable


def printed(script: str, env: dict[str, str], *, unset: Iterable[str] = ()) -> str:
    """What ``script`` prints, run with this process's environment without ``unset``, with
    ``DEBUG=true`` and ``env``."""
    leave_out = set(unset)
    clean = {k: v for k, v in os.environ.items() if k not in leave_out}
    done = subprocess.run(  # noqa: S603 - the tests' own script, this interpreter
        [sys.executable, "-c", script],
        env={**clean, "DEBUG": "true", **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()
