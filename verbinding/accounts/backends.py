"""Password login and the session's user: Django's ``ModelBackend``, with the user of a session
read by a query compiled once per connection (``verbinding.db.prepared``).

Every request of a logged-in user loads the user (``django.contrib.auth.get_user`` calls the
session's backend's ``get_user``). Django's backend builds ``User.objects.get(pk=…)`` with the ORM
each time: ~0.4 ms of CPU per request to compile a query that runs in a few microseconds (issue 16,
docs/benchmarks.md). Logging in (``authenticate``), permissions and the "may this user log in"
rule (``user_can_authenticate``: an inactive user is nobody) are Django's, unchanged.

Sessions name the backend that logged them in; sessions from before this backend named Django's,
which is no longer listed, so those users log in once more after the upgrade (docs/deployment.md).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend as DjangoModelBackend

from verbinding.accounts.models import User
from verbinding.db.prepared import INT, Prepared

USER_BY_PK = Prepared(lambda pk: User.objects.filter(pk=pk), pk=INT)


class ModelBackend(DjangoModelBackend):
    def get_user(self, user_id: Any) -> Any:
        try:
            pk = int(user_id)
        except (TypeError, ValueError):
            return None
        found = USER_BY_PK.objects(pk=pk)
        user = found[0] if found else None
        return user if user is not None and self.user_can_authenticate(user) else None
