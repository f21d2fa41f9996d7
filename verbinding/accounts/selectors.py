"""Which neighbourhoods and colleagues a user works with."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from verbinding.accounts.models import Role, User
from verbinding.areas.models import Neighbourhood


def neighbourhoods_for(*, user: Any) -> QuerySet[Neighbourhood]:
    """The neighbourhoods whose households this user may open.

    An advisor: those assigned to them that belong to their team. A team lead: those of their team.
    Others: none (a manager sees aggregates, the privacy officer the audit log). The rule is
    ``verbinding.access.selectors``.
    """
    from verbinding.access.selectors import neighbourhoods

    return neighbourhoods(user)


def colleagues_for(*, user: Any) -> QuerySet[User]:
    """The advisors a team lead leads (their team); empty for everyone else."""
    if getattr(user, "role", None) == Role.TEAM_LEAD and user.team_id:
        return User.objects.filter(team=user.team_id, is_active=True).order_by(
            "first_name", "last_name"
        )
    return User.objects.none()
