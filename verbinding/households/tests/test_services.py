from __future__ import annotations

import pytest

from verbinding.audit.models import AuditEvent
from verbinding.households import services

pytestmark = pytest.mark.django_db


def test_contact_preferences_are_audited_by_field_name_without_the_notes_text(cast):
    services.household_update_contact(
        household=cast.north_household,
        preferred_channel="TEL",
        contact_notes="na 14:00",
        actor=cast.advisor,
    )
    event = AuditEvent.objects.get(action="update", object_type="households.household")
    assert event.actor == cast.advisor
    assert event.fields == ["contact_notes", "preferred_channel"]
    # The channel is a code and may stand in the log; the free-text note may not.
    assert event.before == {"preferred_channel": ""}
    assert event.after == {"preferred_channel": "TEL"}
    assert "14:00" not in str(event.__dict__)


def test_an_unknown_channel_is_refused_and_nothing_is_written(cast):
    with pytest.raises(ValueError, match="Unknown channel"):
        services.household_update_contact(
            household=cast.north_household,
            preferred_channel="XXX",
            contact_notes="",
            actor=cast.advisor,
        )
    assert not AuditEvent.objects.exists()


def test_a_flag_detail_must_belong_to_its_kind(cast):
    with pytest.raises(ValueError, match="belongs to kind"):
        services.safety_flag_add(
            household=cast.north_household, kind="SCH", detail="FYS", actor=cast.advisor
        )


def test_ending_a_flag_keeps_it_as_history(cast):
    flag = services.safety_flag_add(
        household=cast.north_household, kind="AGR", detail="BEZ", actor=cast.advisor
    )
    services.safety_flag_end(flag=flag, reason="al een jaar rustig", actor=cast.advisor)
    flag.refresh_from_db()
    assert flag.status == "VER" and flag.end_date is not None
    assert AuditEvent.objects.filter(object_type="households.safetyflag").count() == 2


def test_the_flag_shows_as_a_warning_on_the_household_page(client, cast):
    services.safety_flag_add(
        household=cast.north_household, kind="AGR", detail="BEZ", note="hond", actor=cast.advisor
    )
    client.force_login(cast.advisor)
    response = client.get(f"/households/{cast.north_household.id}/")
    assert 'data-testid="safety-flag"' in response.text
    assert "Bezoek met twee" in response.text or "Visit in pairs" in response.text
