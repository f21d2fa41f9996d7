"""Two-factor authentication (TOTP, django-otp): required for team leads, managers, the privacy
officer (import rights) and admin staff; optional for advisors by policy; off in the demo."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client, override_settings
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from verbinding.audit.models import AuditEvent
from verbinding.testing.factories import PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("two_factor_on")]


@pytest.fixture
def two_factor_on(settings):
    settings.TWO_FACTOR_REQUIRED = True
    settings.TWO_FACTOR_ADVISORS = "optional"


def _login(user) -> Client:
    client = Client()
    response = client.post("/account/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def _enrol(client: Client) -> tuple[TOTPDevice, list[str]]:
    page = client.get("/account/2fa/setup/")
    assert page.status_code == 200
    device = TOTPDevice.objects.get(confirmed=False)
    response = client.post("/account/2fa/setup/", {"code": _code(device), "next": "/worklist/"})
    assert response.status_code == 302
    codes_page = client.get(response["Location"])
    codes = [c.replace("-", "") for c in codes_page.context["codes"]]
    return TOTPDevice.objects.get(pk=device.pk), codes


@pytest.mark.parametrize("role", ["team_lead", "manager", "privacy_officer"])
def test_roles_that_need_it_cannot_work_before_setting_it_up(cast, role):
    user = {
        "team_lead": cast.team_lead,
        "manager": cast.manager,
        "privacy_officer": cast.privacy_officer,
    }[role]
    client = _login(user)
    response = client.get("/households/")
    assert response.status_code == 302
    assert response["Location"].startswith("/account/2fa/setup/?next=")
    post = client.post("/households/", {})
    assert post.status_code == 302 and "/account/2fa/setup/" in post["Location"]


def test_setting_it_up_shows_a_qr_code_and_the_secret_then_lets_the_user_in(cast):
    client = _login(cast.team_lead)
    page = client.get("/account/2fa/setup/").content.decode()
    assert "<svg" in page and 'data-testid="secret"' in page
    device, codes = _enrol(client)
    assert device.confirmed
    assert len(codes) == 10
    assert client.get("/worklist/").status_code == 200
    assert AuditEvent.objects.filter(summary="two-factor authentication set up").exists()


def test_a_wrong_code_does_not_switch_it_on(cast):
    client = _login(cast.manager)
    client.get("/account/2fa/setup/")
    device = TOTPDevice.objects.get(confirmed=False)
    wrong = f"{(int(_code(device)) + 1) % 1_000_000:06d}"
    page = client.post("/account/2fa/setup/", {"code": wrong})
    assert page.status_code == 200 and "klopt niet" in page.content.decode()
    device.refresh_from_db()
    assert not device.confirmed


def test_the_next_login_asks_for_the_code_after_the_password(cast, _frozen_clock):

    client = _login(cast.team_lead)
    device, _codes = _enrol(client)
    _frozen_clock.shift(dt.timedelta(minutes=2))  # a fresh code (each is accepted once)
    again = _login(cast.team_lead)
    response = again.get("/worklist/")
    assert response.status_code == 302
    assert response["Location"] == "/account/2fa/?next=%2Fworklist%2F"
    assert again.post("/account/2fa/", {"code": "000000"}).status_code == 200
    assert again.get("/worklist/").status_code == 302
    _frozen_clock.shift(dt.timedelta(seconds=5))  # django-otp throttles right after a failure
    ok = again.post("/account/2fa/", {"code": _code(device), "next": "/worklist/"})
    assert ok.status_code == 302 and ok["Location"] == "/worklist/"
    assert again.get("/worklist/").status_code == 200


def test_a_recovery_code_works_once(cast):
    client = _login(cast.privacy_officer)
    _device, codes = _enrol(client)
    first = _login(cast.privacy_officer)
    assert first.post("/account/2fa/", {"code": codes[0]}).status_code == 302
    assert first.get("/audit/").status_code == 200
    second = _login(cast.privacy_officer)
    assert second.post("/account/2fa/", {"code": codes[0]}).status_code == 200
    assert StaticToken.objects.count() == 9


def test_an_advisor_may_work_without_it_by_default(cast):
    client = _login(cast.advisor)
    assert client.get("/worklist/").status_code == 200


def test_an_advisor_who_set_it_up_uses_it(cast):
    client = _login(cast.advisor)
    _enrol(client)
    again = _login(cast.advisor)
    assert again.get("/worklist/").status_code == 302


def test_the_policy_can_require_it_for_advisors(cast, settings):
    settings.TWO_FACTOR_ADVISORS = "required"
    client = _login(cast.advisor)
    assert client.get("/worklist/").status_code == 302


def test_the_verify_page_does_not_redirect_elsewhere(cast):
    client = _login(cast.team_lead)
    _enrol(client)
    again = _login(cast.team_lead)
    response = again.post("/account/2fa/", {"code": "1", "next": "https://evil.example/"})
    assert response.context["next"] == "/"


@override_settings(TWO_FACTOR_REQUIRED=False)
def test_off_in_the_demo_everyone_logs_in_with_a_password(cast):
    client = _login(cast.team_lead)
    assert client.get("/worklist/").status_code == 200


def test_recovery_codes_are_stored_as_keyed_digests_not_as_the_codes(cast, settings, _frozen_clock):
    """Whoever reads the database (a backup, a support copy) cannot log in with what is there:
    neither the stored value nor anything but the real code is accepted."""
    from verbinding.security import recovery

    client = _login(cast.privacy_officer)
    _device, codes = _enrol(client)
    stored = set(StaticToken.objects.values_list("token", flat=True))
    assert not stored & set(codes)
    assert stored == {recovery.digest(c) for c in codes}
    attacker = _login(cast.privacy_officer)
    assert attacker.post("/account/2fa/", {"code": next(iter(stored))}).status_code == 200
    assert StaticToken.objects.count() == 10
    _frozen_clock.shift(dt.timedelta(seconds=5))  # django-otp throttles right after a failure
    # after a key rotation the old codes still work (SECRET_KEY_FALLBACKS)
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "another-key-" + "x" * 50
    later = _login(cast.privacy_officer)
    assert later.post("/account/2fa/", {"code": codes[1]}).status_code == 302
    assert StaticToken.objects.count() == 9


def test_codes_stored_in_clear_before_are_turned_into_digests_and_keep_working(cast):
    import importlib

    from django.apps import apps
    from django_otp.plugins.otp_static.models import StaticDevice

    from verbinding.security import recovery

    migration = importlib.import_module(
        "verbinding.security.migrations.0001_recovery_codes_as_digests"
    )
    device = StaticDevice.objects.create(user=cast.privacy_officer, name="recovery", confirmed=True)
    StaticToken.objects.create(device=device, token="12345678")
    migration.to_digests(apps, None)
    assert StaticToken.objects.get().token == recovery.digest("12345678")
    migration.to_digests(apps, None)  # twice is harmless
    assert StaticToken.objects.get().token == recovery.digest("12345678")
    assert recovery.use(cast.privacy_officer, "12345678") == device
    assert not StaticToken.objects.exists()


def test_whether_an_advisor_enrolled_a_device_is_one_query(cast, django_assert_num_queries):
    """The middleware asks on every request of an advisor under the optional policy."""
    from django_otp.plugins.otp_static.models import StaticDevice

    from verbinding.security.twofactor import has_confirmed_device

    advisor = cast.advisor
    with django_assert_num_queries(1):
        assert not has_confirmed_device(advisor)
    TOTPDevice.objects.create(user=advisor, name="phone", confirmed=False)
    assert not has_confirmed_device(advisor)  # an enrolment never finished does not count
    StaticDevice.objects.create(user=advisor, name="codes", confirmed=True)
    with django_assert_num_queries(1):
        assert has_confirmed_device(advisor)
    assert not has_confirmed_device(cast.colleague)


def test_an_advisor_with_only_recovery_codes_is_asked_for_one(cast):
    from django_otp.plugins.otp_static.models import StaticDevice

    StaticDevice.objects.create(user=cast.advisor, name="codes", confirmed=True)
    response = _login(cast.advisor).get("/worklist/")
    assert response.status_code == 302
    assert response["Location"].startswith("/account/2fa/?next=")
