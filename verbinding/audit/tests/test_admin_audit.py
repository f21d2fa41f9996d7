"""Role, team and neighbourhood changes made in the Django admin are in the audit log."""

from __future__ import annotations

import pytest

from verbinding.accounts.models import Role, User
from verbinding.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_a_role_and_neighbourhood_change_in_the_admin_is_audited(client, cast):
    admin = User.objects.create_superuser("beheer", "beheer@example.org", "x-Geheim-123")
    client.force_login(admin)
    user = cast.colleague
    url = f"/admin/accounts/user/{user.id}/change/"
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k != "password"}
    data.update(
        {
            "username": user.username,
            "role": Role.TEAM_LEAD,
            "team": cast.south_team.id,
            "neighbourhoods": [cast.north.id, cast.south.id],
            "date_joined_0": "2026-01-01",
            "date_joined_1": "10:00:00",
            "groups": [],
            "user_permissions": [],
        }
    )
    data.pop("date_joined", None)
    data.pop("last_login", None)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    event = AuditEvent.objects.get(object_type="accounts.user", object_id=str(user.id))
    assert event.actor == admin and event.action == "update"
    assert {"role", "team", "neighbourhoods"} <= set(event.fields)
    assert event.before["role"] == Role.ADVISOR and event.after["role"] == Role.TEAM_LEAD
    assert event.after["neighbourhoods"] == sorted([cast.north.id, cast.south.id])
    assert event.before["team"] == cast.north_team.id


def test_a_teams_neighbourhoods_changed_in_the_admin_are_audited(client, cast):
    admin = User.objects.create_superuser("beheer", "beheer@example.org", "x-Geheim-123")
    client.force_login(admin)
    url = f"/admin/accounts/team/{cast.north_team.id}/change/"
    response = client.post(url, {"name": "Team Noord", "neighbourhoods": [cast.south.id]})
    assert response.status_code == 302
    event = AuditEvent.objects.get(object_type="accounts.team")
    assert event.fields == ["neighbourhoods"]
    assert (event.before, event.after) == (
        {"neighbourhoods": [cast.north.id]},
        {"neighbourhoods": [cast.south.id]},
    )
