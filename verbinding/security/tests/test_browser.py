"""Two-step verification in the real browser at phone width: a team lead sets it up at the first
login (QR code, key, one code, recovery codes) and lands on the page they asked for."""

from __future__ import annotations

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from verbinding.testing.browser import assert_accessible, assert_fits_phone
from verbinding.testing.factories import PASSWORD

pytestmark = pytest.mark.browser


def test_a_team_lead_sets_up_two_step_verification_at_the_first_login(
    browser_page, live_server, cast, settings
):
    settings.TWO_FACTOR_REQUIRED = True
    page = browser_page
    page.goto(f"{live_server.url}/account/login/")
    page.get_by_label("Gebruikersnaam").fill(cast.team_lead.username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url("**/account/2fa/setup/**")
    assert page.get_by_test_id("qr").locator("svg").count() == 1
    assert_accessible(page)
    assert_fits_phone(page)
    device = TOTPDevice.objects.get(user=cast.team_lead, confirmed=False)
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    page.get_by_label("Code").fill(code)
    page.get_by_role("button", name="Zet aan").click()
    page.wait_for_url("**/account/2fa/codes/**")
    assert page.get_by_test_id("codes").locator("li").count() == 10
    page.get_by_role("link", name="Ik heb ze bewaard, verder").click()
    page.wait_for_load_state()
    assert "/account/2fa/" not in page.url
