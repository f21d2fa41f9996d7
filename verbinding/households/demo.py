"""Demo: every household gets one named advisor — the advisors of its neighbourhood take turns
(the demo logins 'adviseur' and 'collega' share the first neighbourhoods)."""

from __future__ import annotations

from collections import defaultdict

from verbinding.accounts.models import Role, User
from verbinding.demo.context import SeedContext
from verbinding.households.models import Household, Tenancy
from verbinding.vera import codes


def seed(ctx: SeedContext) -> None:
    through = User.neighbourhoods.through
    advisors: dict[int, list[int]] = defaultdict(list)
    for area_id, user_id in (
        through.objects.filter(user__role=Role.ADVISOR, user__is_active=True)
        .order_by("neighbourhood_id", "user_id")
        .values_list("neighbourhood_id", "user_id")
    ):
        advisors[area_id].append(user_id)
    turn: dict[int, int] = defaultdict(int)
    owner_of: dict[int, int] = {}
    for household_id, area_id in (
        Tenancy.objects.filter(status__in=codes.ACTIVE_TENANCY_STATUSES)
        .order_by("household_id", "-start_date")
        .values_list("household_id", "unit__neighbourhood_id")
    ):
        if household_id in owner_of or not advisors.get(area_id):
            continue
        choices = advisors[area_id]
        owner_of[household_id] = choices[turn[area_id] % len(choices)]
        turn[area_id] += 1
    by_owner: dict[int, list[int]] = defaultdict(list)
    for household_id, user_id in owner_of.items():
        by_owner[user_id].append(household_id)
    for user_id, ids in by_owner.items():
        for start in range(0, len(ids), 5000):
            Household.objects.filter(id__in=ids[start : start + 5000]).update(owner_id=user_id)
    ctx.log(f"    {len(owner_of)} households have a named advisor")
