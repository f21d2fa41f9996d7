"""Break-the-glass: an advisor opens an out-of-reach household after giving a reason; the access
lasts until the end of the day, is audited and is listed for the privacy officer (AVG art. 5(2)
accountability, art. 32)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from verbinding.access import selectors as access
from verbinding.access import services
from verbinding.access.models import AccessGrant
from verbinding.audit.models import AuditEvent

REASON = "Collega Chris is ziek, huurder staat aan de balie met een ontruimingsbrief"


def test_the_not_found_page_offers_to_open_with_a_reason(client, cast):
    client.force_login(cast.advisor)
    response = client.get(reverse("households:detail", args=[cast.south_household.id]))
    assert response.status_code == 404
    assert 'data-testid="glass-link"' in response.text
    assert reverse("access:glass", args=[cast.south_household.id]) in response.text
    form = client.get(reverse("access:glass", args=[cast.south_household.id]))
    assert form.status_code == 200 and cast.south_household.name not in form.text


def test_an_advisor_opens_an_out_of_reach_household_with_a_reason_until_the_end_of_the_day(
    client, cast, _frozen_clock
):
    client.force_login(cast.advisor)
    url = reverse("access:glass", args=[cast.south_household.id])
    refused = client.post(url, {"reason": "ziek"})  # not a reason anyone can judge
    assert refused.status_code == 200 and not AccessGrant.objects.exists()
    response = client.post(url, {"reason": REASON})
    assert response.status_code == 302
    page = client.get(reverse("households:detail", args=[cast.south_household.id]))
    assert page.status_code == 200 and cast.south_household.name in page.text
    grant = AccessGrant.objects.get()
    assert (grant.user, grant.household, grant.reason) == (
        cast.advisor,
        cast.south_household,
        REASON,
    )
    assert grant.expires_at.astimezone(ZoneInfo("Europe/Amsterdam")).time() == dt.time(0, 0)
    assert AuditEvent.objects.filter(
        action="create", summary="break the glass", household_id=cast.south_household.id
    ).exists()
    # The reason is in the grant for the privacy officer, not copied into the audit log.
    assert not AuditEvent.objects.filter(reason__contains="ziek").exists()
    # Tomorrow the access is gone.
    _frozen_clock.shift(dt.timedelta(days=1))
    assert not access.can_see(cast.advisor, cast.south_household.id)
    assert not access.reach(cast.advisor).filter(id=cast.south_household.id).exists()


def test_the_privacy_officer_sees_every_opening_with_its_reason(client, cast):
    services.break_glass(household=cast.south_household, reason=REASON, actor=cast.advisor)
    client.force_login(cast.privacy_officer)
    page = client.get(reverse("access:grants"))
    assert page.status_code == 200 and REASON in page.text and "Anna de Vries" in page.text
    for user in (cast.advisor, cast.team_lead, cast.manager):
        client.force_login(user)
        assert client.get(reverse("access:grants")).status_code == 403


@pytest.mark.parametrize("who", ["manager", "privacy_officer"])
def test_roles_that_open_no_files_cannot_break_the_glass(client, cast, who):
    user = getattr(cast, who)
    with pytest.raises(services.GlassError):
        services.break_glass(household=cast.south_household, reason=REASON, actor=user)
    client.force_login(user)
    url = reverse("access:glass", args=[cast.south_household.id])
    assert client.post(url, {"reason": REASON}).status_code == 403
    assert not AccessGrant.objects.exists()


def test_a_grant_is_for_one_user_and_one_household(cast):
    services.break_glass(household=cast.south_household, reason=REASON, actor=cast.advisor)
    assert access.can_see(cast.advisor, cast.south_household.id)
    assert not access.can_see(cast.colleague, cast.south_household.id)
    other = cast.south_household.__class__.objects.create(name="Ander", external_id="R9")
    assert not access.can_see(cast.advisor, other.id)
