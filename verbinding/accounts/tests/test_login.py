from __future__ import annotations

import pytest
from django.test import override_settings

from verbinding.testing.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_an_advisor_logs_in_and_lands_on_the_start_page(client, cast):
    response = client.post(
        "/account/login/", {"username": "anna", "password": PASSWORD}, follow=True
    )
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == "/"
    assert "Noorderkwartier" in response.text


@override_settings(AXES_FAILURE_LIMIT=3)
def test_failed_logins_are_throttled_even_with_the_right_password_afterwards(client, cast):
    for _ in range(3):
        client.post("/account/login/", {"username": "anna", "password": "wrong"})
    response = client.post("/account/login/", {"username": "anna", "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_logout_ends_the_session(client, cast):
    client.force_login(cast.advisor)
    client.post("/account/logout/")
    assert client.get("/").status_code == 302


def test_the_password_can_be_changed(client, cast):
    client.force_login(cast.advisor)
    response = client.post(
        "/account/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "een-nieuw-lang-wachtwoord",
            "new_password2": "een-nieuw-lang-wachtwoord",
        },
    )
    assert response.status_code == 302
    cast.advisor.refresh_from_db()
    assert cast.advisor.check_password("een-nieuw-lang-wachtwoord")
