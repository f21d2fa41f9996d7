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


def test_a_link_is_a_short_code_kept_only_as_a_keyed_hash(contact, cast):
    link, code = services.link_create(contact=contact, actor=cast.advisor)
    assert len(code) == tokens.CODE_LENGTH and set(code) <= set(tokens.ALPHABET)
    assert not set(code) & set("01OIL")  # nothing to confuse when typing it from paper
    assert code not in link.token_hash and link.token_hash == tokens.code_hash(code)
    assert link.token_hash != tokens.token_hash(code)  # keyed: not a plain hash of the code
    assert services.link_lookup(code) == link
    # typed by a tenant: lower case, with the hyphen of the letter, spaces
    typed = tokens.display_code(code).lower().replace("-", " - ")
    assert services.link_lookup(typed) == link


def test_an_older_signed_token_still_works(contact, cast):
    link, _code = services.link_create(contact=contact, actor=cast.advisor)
    url_token, digest = tokens.new_token()
    FeedbackLink.objects.filter(id=link.id).update(token_hash=digest)
    assert services.link_lookup(url_token) == link


def test_a_link_expires_after_thirty_days(contact, cast):
    link, _token = services.link_create(contact=contact, actor=cast.advisor)
    assert not services.link_is_expired(link, clock.now() + dt.timedelta(days=29))
    assert services.link_is_expired(link, clock.now() + dt.timedelta(days=30, minutes=1))


def test_a_forged_or_altered_code_finds_nothing(contact, cast):
    _link, code = services.link_create(contact=contact, actor=cast.advisor)
    other = code[:-1] + ("A" if code[-1] != "A" else "B")
    assert services.link_lookup(other) is None
    assert services.link_lookup(code + "2") is None
    assert tokens.normalise_code("ABCD-EFG0") is None  # 0 is not in the alphabet


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
