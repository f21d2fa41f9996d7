from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from verbinding import clock
from verbinding.audit.models import AuditEvent
from verbinding.feedback import services, tokens
from verbinding.feedback.models import Appreciation, FeedbackLink, Via
from verbinding.feedback.tests.conftest import make_contact

pytestmark = pytest.mark.django_db


def test_a_tenant_gives_one_grade_per_contact(contact, cast):
    services.appreciation_give(contact=contact, grade=8, via=Via.KITCHEN, actor=cast.advisor)
    with pytest.raises(services.AlreadyAnswered):
        services.appreciation_give(contact=contact, grade=3, via=Via.LINK)
    assert Appreciation.objects.get(contact=contact).grade == 8


@pytest.mark.parametrize("grade", [0, 11, -1])
def test_it_refuses_a_grade_outside_one_to_ten(contact, grade):
    with pytest.raises(services.FeedbackError):
        services.appreciation_give(contact=contact, grade=grade, via=Via.LINK)


def test_it_copies_the_channel_of_the_contact(cast):
    phone = make_contact(cast.north_household, cast.advisor, channel="TEL")
    answer = services.appreciation_give(contact=phone, grade=7, via=Via.LINK)
    assert answer.channel == "TEL"


def test_a_failed_attempt_cannot_be_rated(cast):
    not_home = make_contact(cast.north_household, cast.advisor, outcome="not_home")
    with pytest.raises(services.FeedbackError):
        services.appreciation_give(contact=not_home, grade=7, via=Via.LINK)


def test_the_audit_log_records_that_an_answer_came_but_not_the_grade(contact):
    services.appreciation_give(contact=contact, grade=2, via=Via.LINK, comment="slecht")
    event = AuditEvent.objects.get(summary="tenant appreciation given")
    assert event.actor_label == "tenant"
    assert "2" not in str(event.after.get("grade", "")) and "grade" not in event.after
    assert "slecht" not in str(event.after)


def test_a_link_keeps_only_a_hash_of_its_token(contact, cast):
    link, url_token = services.link_create(contact=contact, actor=cast.advisor)
    raw = tokens.unsign(url_token)
    assert raw and raw not in link.token_hash and url_token not in link.token_hash
    assert FeedbackLink.objects.filter(token_hash=tokens.token_hash(raw)).exists()
    assert services.link_lookup(url_token) == link


def test_a_link_expires_after_thirty_days(contact, cast):
    link, _token = services.link_create(contact=contact, actor=cast.advisor)
    assert not services.link_is_expired(link, clock.now() + dt.timedelta(days=29))
    assert services.link_is_expired(link, clock.now() + dt.timedelta(days=30, minutes=1))


def test_a_forged_or_altered_token_finds_nothing(contact, cast):
    _link, url_token = services.link_create(contact=contact, actor=cast.advisor)
    raw = tokens.unsign(url_token)
    assert services.link_lookup(raw or "") is None
    assert services.link_lookup(url_token[:-1] + ("A" if url_token[-1] != "A" else "B")) is None


@given(st.text(max_size=60))
def test_no_random_string_is_accepted_as_a_token(text):
    assert tokens.unsign(text) is None or text.count(":") >= 1


def test_the_public_pages_are_rate_limited_per_address():
    now = clock.now()
    allowed = [services.attempt_allowed(address="192.0.2.1", now=now) for _ in range(25)]
    assert allowed.count(True) == services.RATE_LIMIT
    assert services.attempt_allowed(address="192.0.2.2", now=now)
    later = now + services.RATE_WINDOW + dt.timedelta(seconds=1)
    assert services.attempt_allowed(address="192.0.2.1", now=later)


def test_an_anonymous_answer_cannot_be_linked_to_the_household_through_the_log(contact):
    answer = services.appreciation_give(contact=contact, grade=4, via=Via.LINK)
    event = AuditEvent.objects.get(summary="tenant appreciation given")
    assert event.household_id is None and event.object_id == ""
    assert str(contact.id) not in str(event.after) and str(answer.id) not in str(event.after)
