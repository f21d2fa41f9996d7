"""Contact moments: three inputs, failed attempts, secret notes, follow-ups, the timeline."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from verbinding import clock
from verbinding.audit.models import AuditEvent
from verbinding.cases.services import case_open
from verbinding.contacts import selectors
from verbinding.contacts.models import ContactMoment
from verbinding.contacts.services import contact_record
from verbinding.contacts.worklist import FollowUpDue

pytestmark = pytest.mark.django_db

SECRET_TEXT = "Vertelt over psychische klachten van haar zoon"


def new_url(household):
    return reverse("contacts:new") + f"?household={household.id}"


def test_a_home_visit_is_recorded_with_three_inputs(client, cast):
    client.force_login(cast.advisor)
    before = clock.now()
    response = client.post(
        reverse("contacts:new"),
        {
            "household": cast.north_household.id,
            "channel": "BEZ",
            "outcome": "spoke",
            "note": "Keukentafelgesprek, wil een regeling.",
        },
    )
    assert response.status_code == 302
    contact = ContactMoment.objects.get()
    assert contact.household == cast.north_household
    assert contact.author == cast.advisor
    assert contact.channel == "BEZ"
    assert contact.direction == "UIT"
    assert contact.confidentiality == "INT"
    assert contact.occurred_at >= before


def test_the_form_opens_with_a_home_visit_chosen_and_the_rest_folded_away(client, cast):
    client.force_login(cast.advisor)
    response = client.get(new_url(cast.north_household))
    assert response.status_code == 200
    html = response.text
    assert 'value="BEZ" id="id_channel_0" checked' in html
    assert "<details" in html
    assert "Contact vastleggen" in html  # Dutch by default


def test_a_failed_attempt_needs_no_note_but_still_counts(client, cast):
    client.force_login(cast.advisor)
    client.post(
        reverse("contacts:new"),
        {"household": cast.north_household.id, "channel": "BEZ", "outcome": "card_left"},
    )
    contact = ContactMoment.objects.get()
    assert contact.outcome == "card_left"
    assert contact.is_personal and not contact.reached


def test_speaking_with_the_tenant_needs_a_short_note(client, cast):
    client.force_login(cast.advisor)
    response = client.post(
        reverse("contacts:new"),
        {"household": cast.north_household.id, "channel": "TEL", "outcome": "spoke"},
    )
    assert response.status_code == 200
    assert not ContactMoment.objects.exists()


def test_a_contact_cannot_be_recorded_for_a_household_out_of_reach(client, cast):
    client.force_login(cast.advisor)
    response = client.post(
        reverse("contacts:new"),
        {"household": cast.south_household.id, "channel": "BEZ", "outcome": "not_home"},
    )
    assert response.status_code == 404
    assert client.get(new_url(cast.south_household)).status_code == 404
    assert not ContactMoment.objects.exists()


def test_a_secret_note_is_readable_only_by_its_author_and_who_it_is_shared_with(cast):
    contact_record(
        household=cast.north_household,
        channel="BEZ",
        outcome="spoke",
        note=SECRET_TEXT,
        tenant_words="Ik schaam me ervoor",
        confidentiality="GEH",
        actor=cast.advisor,
    )
    mine = selectors.timeline(user=cast.advisor, household=cast.north_household)
    assert mine[0].note == SECRET_TEXT and not mine[0].hidden
    for reader in (cast.colleague, cast.team_lead):
        theirs = selectors.timeline(user=reader, household=cast.north_household)
        assert theirs[0].hidden and theirs[0].secret
        assert theirs[0].note == "" and theirs[0].tenant_words == ""
        assert theirs[0].channel == "BEZ"  # that a note exists, and when/how, stays visible


def test_a_colleague_sees_that_a_secret_note_exists_but_not_what_it_says(client, cast):
    contact_record(
        household=cast.north_household,
        channel="TEL",
        outcome="spoke",
        note=SECRET_TEXT,
        confidentiality="GEH",
        actor=cast.advisor,
    )
    client.force_login(cast.colleague)
    for url in (
        reverse("households:detail", args=[cast.north_household.id]),
        reverse("contacts:timeline", args=[cast.north_household.id]),
    ):
        html = client.get(url).text
        assert SECRET_TEXT not in html
        assert 'data-testid="secret-hidden"' in html
    client.force_login(cast.advisor)
    assert (
        SECRET_TEXT in client.get(reverse("contacts:timeline", args=[cast.north_household.id])).text
    )


def test_a_secret_note_shared_with_a_colleague_is_readable_by_them(client, cast):
    client.force_login(cast.advisor)
    client.post(
        reverse("contacts:new"),
        {
            "household": cast.north_household.id,
            "channel": "BEZ",
            "outcome": "spoke",
            "note": SECRET_TEXT,
            "confidentiality": "GEH",
            "shared_with": [cast.colleague.id],
        },
    )
    assert selectors.timeline(user=cast.colleague, household=cast.north_household)[0].note == (
        SECRET_TEXT
    )
    assert selectors.timeline(user=cast.team_lead, household=cast.north_household)[0].hidden


def test_recording_a_contact_is_audited_without_the_text_of_the_note(cast):
    contact = contact_record(
        household=cast.north_household,
        channel="BEZ",
        outcome="spoke",
        note=SECRET_TEXT,
        confidentiality="GEH",
        actor=cast.advisor,
    )
    event = AuditEvent.objects.get(object_type="contacts.contactmoment", object_id=str(contact.id))
    assert event.action == "create"
    assert event.actor == cast.advisor
    assert event.household_id == cast.north_household.id
    assert event.after["channel"] == "BEZ"
    assert SECRET_TEXT not in str(event.after)


def test_a_due_follow_up_puts_the_household_on_the_worklist_until_it_is_done(client, cast):
    today = clock.today()
    contact = contact_record(
        household=cast.north_household,
        channel="TEL",
        outcome="spoke",
        note="Belt terug",
        follow_up_on=today - dt.timedelta(days=1),
        actor=cast.advisor,
    )
    contact_record(  # an e-mail is not the personal contact that would take it off the list
        household=cast.north_household,
        channel="EMA",
        outcome="sent",
        note="Later",
        follow_up_on=today + dt.timedelta(days=5),
        actor=cast.advisor,
    )
    items = list(FollowUpDue().items(household_ids=[cast.north_household.id], today=today))
    assert [(i.household_id, i.kind, i.assignee_id) for i in items] == [
        (cast.north_household.id, "follow_up_due", cast.advisor.id)
    ]
    client.force_login(cast.advisor)
    client.post(reverse("contacts:follow_up_done", args=[contact.id]))
    assert not list(FollowUpDue().items(household_ids=[cast.north_household.id], today=today))
    assert AuditEvent.objects.filter(summary="contact follow-up done").exists()


def test_the_follow_up_source_uses_a_bounded_number_of_queries(cast, django_assert_num_queries):
    today = clock.today()
    for _ in range(5):
        contact_record(
            household=cast.north_household,
            channel="TEL",
            outcome="no_answer",
            follow_up_on=today,
            actor=cast.advisor,
        )
    with django_assert_num_queries(1):
        list(FollowUpDue().items(household_ids=list(range(1, 3000)), today=today))


def test_the_timeline_covers_every_channel_and_case_with_a_pinned_query_count(
    client, cast, django_assert_max_num_queries
):
    case = case_open(
        household=cast.north_household, detail="HUA", handler=cast.advisor, actor=cast.advisor
    )
    for i, channel in enumerate(["BEZ", "TEL", "BRI", "EMA", "APP", "SMS", "BAL", "INT"] * 8):
        contact_record(
            household=cast.north_household,
            channel=channel,
            outcome="spoke" if i % 3 else "not_home",
            note=f"notitie {i}",
            case=case if i % 2 else None,
            confidentiality="GEH" if i % 5 == 0 else "INT",
            actor=cast.advisor if i % 4 else cast.colleague,
        )
    client.force_login(cast.advisor)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("contacts:timeline", args=[cast.north_household.id]))
    assert response.text.count('data-testid="timeline-entry"') == 50
    channels = {
        e.channel for e in selectors.timeline(user=cast.advisor, household=cast.north_household)
    }
    assert channels == {"BEZ", "TEL", "BRI", "EMA", "APP", "SMS", "BAL", "INT"}


def test_a_contact_in_the_future_is_refused_by_the_service_too(cast):
    """The form refused it; a direct call (API, import, a script) must not slip past."""
    import datetime as dt

    import pytest

    from verbinding import clock
    from verbinding.contacts.models import ContactMoment
    from verbinding.contacts.services import ContactError, contact_record

    with pytest.raises(ContactError):
        contact_record(
            household=cast.north_household,
            channel="TEL",
            outcome="no_answer",
            occurred_at=clock.now() + dt.timedelta(days=2),
            actor=cast.advisor,
        )
    assert not ContactMoment.objects.exists()


def test_the_timeline_reads_what_the_contact_list_reads_for_every_reader(
    cast, django_assert_num_queries
):
    """``timeline`` reads plain rows (issue 16); ``entry`` over ``contacts_for_household`` is the
    reference: the same entries for the author, a colleague it is shared with and one it is not."""
    household = cast.north_household
    case = case_open(household=household, detail="HUA", handler=cast.advisor, actor=cast.advisor)
    base = clock.now() - dt.timedelta(days=10)
    for n, (confidentiality, author, shared) in enumerate(
        [
            ("INT", cast.advisor, []),
            ("VER", cast.colleague, []),
            ("GEH", cast.advisor, []),
            ("GEH", cast.advisor, [cast.colleague]),
            ("GEH", cast.colleague, []),
        ]
    ):
        contact_record(
            household=household,
            channel="BEZ" if n % 2 else "TEL",
            outcome="spoke",
            note=f"note {n} <b>",
            tenant_words=f"words {n}",
            agreed=f"agreed {n}",
            follow_up_on=clock.today() + dt.timedelta(days=n) if n % 2 else None,
            confidentiality=confidentiality,
            case=case if n == 1 else None,
            shared_with=shared,
            occurred_at=base + dt.timedelta(hours=n),
            actor=author,
        )
    for reader in (cast.advisor, cast.colleague, cast.team_lead):
        expected = [
            selectors.entry(c, reader)
            for c in selectors.contacts_for_household(user=reader, household=household)
        ]
        assert selectors.timeline(user=reader, household=household) == expected
        assert selectors.timeline(user=reader, household=household, limit=2) == expected[:2]
    hidden = {e.id: e.hidden for e in selectors.timeline(user=cast.colleague, household=household)}
    assert sorted(hidden.values()) == [False, False, False, False, True]  # the unshared secret
    # the access check (the household was not read through it here), the rows, and for the
    # colleague the texts of the secret note shared with them
    with django_assert_num_queries(3):
        selectors.timeline(user=cast.colleague, household=household)
    with django_assert_num_queries(2):
        selectors.timeline(user=cast.team_lead, household=household)


def test_the_contact_form_reads_no_colleagues_when_none_are_chosen(cast, django_assert_num_queries):
    from verbinding.contacts.forms import ContactForm
    from verbinding.contacts.selectors import colleagues_to_share_with

    def form(**data):
        data = {"channel": "BEZ", "outcome": "not_home", "confidentiality": "INT", **data}
        colleagues = colleagues_to_share_with(user=cast.advisor)
        return ContactForm(data, cases=cast.north_household.cases.all(), colleagues=colleagues)

    plain = form()
    with django_assert_num_queries(0):
        assert plain.is_valid() and plain.cleaned_data["shared_with"] == []
    shared = form(confidentiality="GEH", shared_with=[cast.colleague.id])
    assert shared.is_valid() and shared.cleaned_data["shared_with"] == [cast.colleague]
    not_secret = form(shared_with=[cast.colleague.id])
    assert not not_secret.is_valid() and "shared_with" in not_secret.errors
