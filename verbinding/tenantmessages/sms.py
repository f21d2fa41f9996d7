"""SMS through a provider adapter, chosen by ``settings.SMS_BACKEND`` (a dotted path).

The demo and the tests need no provider: ``ConsoleBackend`` prints, ``FileBackend`` writes one
file per message under ``VERBINDING_VAR_DIR/sms/``, ``LocmemBackend`` keeps them in ``outbox``.
A real provider (e.g. MessageBird, CM.com) is a class with the same ``send`` method.
"""

from __future__ import annotations

import sys
from pathlib import Path

from django.conf import settings
from django.utils.module_loading import import_string

from verbinding import clock

outbox: list[tuple[str, str]] = []


class ConsoleBackend:
    def send(self, to: str, text: str) -> None:
        sys.stdout.write(f"SMS to {to}: {text}\n")


class FileBackend:
    def send(self, to: str, text: str) -> None:
        folder = Path(settings.VERBINDING_VAR_DIR) / "sms"
        folder.mkdir(parents=True, exist_ok=True)
        stamp = clock.now().strftime("%Y%m%dT%H%M%S%f")
        (folder / f"{stamp}.txt").write_text(f"To: {to}\n\n{text}\n", encoding="utf-8")


class LocmemBackend:
    def send(self, to: str, text: str) -> None:
        outbox.append((to, text))


def send_sms(to: str, text: str) -> None:
    backend = import_string(
        getattr(settings, "SMS_BACKEND", "verbinding.tenantmessages.sms.ConsoleBackend")
    )
    backend().send(to, text)
