"""Password login and the session's user: Django's ``ModelBackend``, with the user of a session
read by a query compiled once per connection (``verbinding.db.prepared``).

Every request of a logged-in user loads the user (``django.contrib.auth.get_user`` calls the
session's backend's ``get_user``). Django's backend builds ``User.objects.get(pk=…)`` with the ORM
each time: ~0.4 ms of CPU per request to compile a query that runs in a few microseconds (issue 16,
docs/benchmarks.md). Logging in (``authenticate``), permissions and the "may this user log in"
rule (``user_can_authenticate``: an inactive user is nobody) are Django's, unchanged.

The same query reads whether the user has a confirmed second factor of any kind
(``user.confirmed_device_read``): the two-factor middleware asks it on every request of an
advisor who logged in with a password only (``security.twofactor.has_confirmed_device``), and it
is as fresh as the user row itself, read at the start of the request.

Sessions name the backend that logged them in; sessions from before this backend named Django's,
which is no longer listed, so those users log in once more after the upgrade (docs/deployment.md).
"""

from __future__ import annotations

import functools
from typing import Any

from django.contrib.auth.backends import ModelBackend as DjangoModelBackend
from django.db.models import Exists, OuterRef, QuerySet
from django_otp import device_classes

from verbinding.accounts.models import User
from verbinding.db.prepared import INT, Prepared

DEVICE_READ = "confirmed_device_read"  # the attribute set on the loaded user


@functools.cache
def _device_names() -> tuple[str, ...]:
    """The annotations of the device tests, one per django-otp device model (fixed per process)."""
    return tuple(f"_has_{model._meta.label_lower.replace('.', '_')}" for model in device_classes())


def _user_by_pk(pk: int) -> QuerySet[User]:
    tests = {
        name: Exists(model.objects.filter(user=OuterRef("pk"), confirmed=True))
        for name, model in zip(_device_names(), device_classes(), strict=True)
    }
    return User.objects.filter(pk=pk).annotate(**tests)


USER_BY_PK = Prepared(_user_by_pk, pk=INT)


class ModelBackend(DjangoModelBackend):
    def get_user(self, user_id: Any) -> Any:
        try:
            pk = int(user_id)
        except (TypeError, ValueError):
            return None
        found = USER_BY_PK.objects(pk=pk)
        user = found[0] if found else None
        if user is None or not self.user_can_authenticate(user):
            return None
        setattr(user, DEVICE_READ, any(getattr(user, name) for name in _device_names()))
        return user
