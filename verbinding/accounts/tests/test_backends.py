"""The session's user, read by the project's password backend (a query compiled once)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY
from django.urls import reverse

from verbinding.accounts.backends import ModelBackend

pytestmark = pytest.mark.django_db

BACKEND = "verbinding.accounts.backends.ModelBackend"


def test_a_password_login_names_the_project_backend(client, cast):
    cast.advisor.set_password("een-lang-wachtwoord-9")
    cast.advisor.save()
    response = client.post(
        reverse("login"), {"username": cast.advisor.username, "password": "een-lang-wachtwoord-9"}
    )
    assert response.status_code == 302
    assert client.session[BACKEND_SESSION_KEY] == BACKEND
    assert client.get(reverse("worklist:index")).status_code == 200


def test_get_user_is_the_user_and_nobody_for_inactive_unknown_or_bad_ids(cast):
    backend = ModelBackend()
    user = backend.get_user(cast.advisor.pk)
    assert user == cast.advisor and user.role == cast.advisor.role
    assert user.password == cast.advisor.password  # the whole row (the session's hash check)
    assert backend.get_user(str(cast.advisor.pk)) == cast.advisor
    cast.colleague.is_active = False
    cast.colleague.save()
    assert backend.get_user(cast.colleague.pk) is None
    assert backend.get_user(cast.advisor.pk + 10_000) is None
    assert backend.get_user("x") is None and backend.get_user(None) is None


def test_a_session_ends_when_the_user_is_deactivated_or_changes_password(client, cast):
    client.force_login(cast.advisor, backend=BACKEND)
    home = reverse("worklist:index")
    assert client.get(home).status_code == 200
    cast.advisor.set_password("een-ander-wachtwoord-7")
    cast.advisor.save()
    assert client.get(home).status_code == 302  # the session's hash no longer matches
    client.force_login(cast.advisor, backend=BACKEND)
    assert client.get(home).status_code == 200
    cast.advisor.is_active = False
    cast.advisor.save()
    assert client.get(home).status_code == 302


def test_loading_the_user_is_one_query(client, cast, django_assert_num_queries):
    client.force_login(cast.advisor, backend=BACKEND)
    request = client.get(reverse("worklist:index")).wsgi_request
    request.session = client.session  # a fresh load of the same session
    from django.contrib.auth import SESSION_KEY, get_user

    assert request.session[SESSION_KEY]  # the session itself read (the database, in tests)
    with django_assert_num_queries(1):
        assert get_user(request) == cast.advisor


def test_the_password_backend_is_listed_once():
    backends = [b for b in settings.AUTHENTICATION_BACKENDS if b.endswith(".ModelBackend")]
    assert backends == [BACKEND]


def test_the_session_user_knows_whether_a_second_factor_is_confirmed(cast):
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    backend = ModelBackend()
    assert backend.get_user(cast.advisor.pk).confirmed_device_read is False
    TOTPDevice.objects.create(user=cast.advisor, name="app", confirmed=False)
    assert backend.get_user(cast.advisor.pk).confirmed_device_read is False  # not yet confirmed
    TOTPDevice.objects.filter(user=cast.advisor).update(confirmed=True)
    assert backend.get_user(cast.advisor.pk).confirmed_device_read is True
    StaticDevice.objects.create(user=cast.colleague, name="recovery", confirmed=True)
    assert backend.get_user(cast.colleague.pk).confirmed_device_read is True
    assert backend.get_user(cast.team_lead.pk).confirmed_device_read is False


def test_the_two_factor_check_asks_no_query_of_its_own(cast, django_assert_num_queries):
    from verbinding.security.twofactor import has_confirmed_device

    user = ModelBackend().get_user(cast.advisor.pk)
    with django_assert_num_queries(0):
        assert has_confirmed_device(user) is False
    cast.advisor.refresh_from_db()  # a user not loaded by the backend asks the database
    with django_assert_num_queries(1):
        assert has_confirmed_device(cast.advisor) is False
