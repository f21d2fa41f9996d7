"""Optimistic concurrency on a shared record: a stale edit of someone's details is refused with
"iemand anders heeft dit intussen gewijzigd", not overwritten (issue 13)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from verbinding.network import services
from verbinding.network.models import NetworkMember


def _member(cast):  # type: ignore[no-untyped-def]
    return services.member_add(
        household=cast.north_household,
        actor=cast.advisor,
        name="Tante Riet",
        category="family",
        strength="strong",
    )


def test_a_stale_edit_is_refused_not_overwritten(client, cast):
    member = _member(cast)
    url = reverse("network:member", args=[member.id])
    # Two advisors open the same page.
    client.force_login(cast.advisor)
    version = re.search(r'name="version" value="(\d+)"', client.get(url).text).group(1)
    fields = {"category": "family", "phone": "", "email": "", "role": "", "organisation": ""}
    # The colleague saves first.
    services.member_update_details(
        member=member,
        actor=cast.colleague,
        name="Tante Riet",
        phone="06-1",
        version=int(version),
        **{k: v for k, v in fields.items() if k != "phone"},
    )
    # The advisor's save, made on the old version, is refused.
    response = client.post(
        reverse("network:details", args=[member.id]),
        {**fields, "name": "Riet de Vries", "version": version},
        follow=True,
    )
    assert "Iemand anders heeft dit intussen gewijzigd" in response.text
    member = NetworkMember.objects.get(pk=member.pk)
    assert (member.name, member.phone, member.version) == ("Tante Riet", "06-1", 2)
    # Reloaded, the advisor's edit goes through.
    fresh = re.search(r'name="version" value="(\d+)"', client.get(url).text).group(1)
    client.post(
        reverse("network:details", args=[member.id]),
        {**fields, "name": "Riet de Vries", "phone": "06-1", "version": fresh},
    )
    member.refresh_from_db()
    assert (member.name, member.version) == ("Riet de Vries", 3)


def test_the_service_refuses_an_old_version(cast):
    member = _member(cast)
    with pytest.raises(services.StaleEdit):
        services.member_update_details(
            member=member, actor=cast.advisor, name="X", category="family", version=7
        )
