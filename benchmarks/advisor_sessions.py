"""One logged-in session per seeded advisor, with up to 200 households each may open: what the
advisor mix (``locustfile.py``, ``mix_profile.py``) sends its requests as. The mix does not log
in: a PBKDF2 login costs ~0.5 s of CPU and would swamp a short run.

    python benchmarks/advisor_sessions.py   # prints "user:session key:id;id;…,…" (http_bench.py)

Run with the server's environment (database, ``SESSION_ENGINE`` through ``REDIS_URL``), so the
sessions are where the server looks for them.
"""

from __future__ import annotations

import os
import random
from typing import Any


def session_key_for(user: Any, second_factor: bool = False) -> str:
    """A logged-in session for ``user`` in the store the settings name, as a login through the
    form makes it (the password backend, the session hash); with ``second_factor`` also verified
    with a TOTP device (one named "benchmark" is enrolled if the user has none), as production
    requires of team leads and managers."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    # the password backend, as a login through the form records it (whatever its path)
    store[BACKEND_SESSION_KEY] = next(
        p for p in settings.AUTHENTICATION_BACKENDS if p.endswith(".ModelBackend")
    )
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    if second_factor:
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_totp.models import TOTPDevice

        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="benchmark", confirmed=True)
        store[DEVICE_ID_SESSION_KEY] = device.persistent_id
    store.create()
    return store.session_key or ""


def advisor_sessions(seed: int = 2026) -> list[tuple[str, str, list[int]]]:
    """(username, session key, household ids) for every active advisor with households."""
    from verbinding.accounts.models import User
    from verbinding.households.selectors import households_for

    rng = random.Random(seed)
    out = []
    for user in User.objects.filter(role="advisor", is_active=True).order_by("username"):
        ids = list(households_for(user=user).values_list("id", flat=True))
        if not ids:
            continue
        out.append((user.username, session_key_for(user), rng.sample(ids, min(200, len(ids)))))
    if not out:
        raise SystemExit("no advisor with households: seed the database first")
    return out


if __name__ == "__main__":
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "verbinding.settings")
    django.setup()
    print(",".join(f"{u}:{key}:{';'.join(map(str, ids))}" for u, key, ids in advisor_sessions()))
