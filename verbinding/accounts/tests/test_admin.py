from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_a_superuser_assigns_an_advisor_to_neighbourhoods_in_the_admin(
    client, cast, django_user_model
):
    admin = django_user_model.objects.create_superuser(
        "beheer", "beheer@example.nl", "x-lang-wachtwoord"
    )
    client.force_login(admin)
    assert client.get(f"/admin/accounts/user/{cast.advisor.id}/change/").status_code == 200
    assert client.get("/admin/areas/neighbourhood/").status_code == 200
    team_page = client.get(f"/admin/accounts/team/{cast.north_team.id}/change/")
    assert team_page.status_code == 200
    assert "Noorderkwartier" in team_page.text


def test_staff_without_superuser_rights_cannot_use_the_admin(client, cast):
    client.force_login(cast.manager)
    assert client.get("/admin/").status_code == 302
