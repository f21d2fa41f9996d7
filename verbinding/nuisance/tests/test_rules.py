"""The suggested ladder, recurrence and redaction as plain functions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from verbinding.nuisance import rules
from verbinding.nuisance.models import Step

TODAY = dt.date(2026, 5, 1)
pytestmark = pytest.mark.today(TODAY)


def facts(**kw):
    return rules.CaseFacts(**{"kind": "GEL", "today": TODAY, **kw})


def heard(**kw):
    return facts(reporters_talked=True, complained_about_heard=True, **kw)


def test_it_first_suggests_the_reporter_talks_to_the_neighbours_themselves():
    with translation.override("nl"):
        suggestion = rules.suggest_next_step(facts())
    assert suggestion.step == "own"
    assert suggestion.reason.startswith(
        "De melder heeft zelf nog niet met de buren gepraat: stel eerst een eigen gesprek voor"
    )


def test_it_does_not_send_a_reporter_who_feels_unsafe_to_the_neighbours():
    assert rules.suggest_next_step(facts(reporter_feels_unsafe=True)).step == "talk"


def test_it_suggests_hearing_the_complained_about_party_before_anything_else():
    assert rules.suggest_next_step(facts(reporters_talked=True)).step == "talk"


def test_it_waits_two_weeks_for_a_response_then_suggests_a_second_invitation():
    sent = (TODAY - dt.timedelta(days=3),)
    assert rules.suggest_next_step(facts(reporters_talked=True, invitations=sent)).step == ""
    late = (TODAY - dt.timedelta(days=14),)
    suggestion = rules.suggest_next_step(facts(reporters_talked=True, invitations=late))
    assert suggestion.step == "talk" and "tweede uitnodiging" in suggestion.reason


def test_invitation_state_counts_the_invitations():
    old = TODAY - dt.timedelta(days=30)
    assert rules.invitation_state([], False, TODAY) == "not_invited"
    assert rules.invitation_state([old], False, TODAY) == "second_due"
    assert rules.invitation_state([old, old], False, TODAY) == "no_response"
    assert rules.invitation_state([old], True, TODAY) == "heard"


def test_once_both_sides_are_heard_it_suggests_mediation():
    assert rules.suggest_next_step(heard()).step == "mediation"


def test_it_asks_for_the_mediation_outcome_after_six_weeks():
    early = heard(mediation_outcomes=("",), last_mediation_referred_on=TODAY)
    assert rules.suggest_next_step(early).step == ""
    late = heard(mediation_outcomes=("",), last_mediation_referred_on=TODAY - dt.timedelta(days=43))
    assert "uitkomst" in rules.suggest_next_step(late).reason


def test_after_failed_mediation_it_suggests_a_warning_letter_then_care_then_an_order():
    failed = heard(mediation_outcomes=("not_resolved",))
    assert rules.suggest_next_step(failed).step == "warning"
    warned = heard(mediation_outcomes=("refused",), steps=frozenset({"warning"}))
    assert rules.suggest_next_step(warned).step == ""  # quiet since the warning
    going_on = heard(
        mediation_outcomes=("refused",), steps=frozenset({"warning"}), incidents_after_warning=2
    )
    assert rules.suggest_next_step(going_on).step == "care"
    with_care = heard(
        mediation_outcomes=("refused",),
        steps=frozenset({"warning", "care"}),
        incidents_after_warning=1,
        incidents=2,
    )
    assert rules.suggest_next_step(with_care).step == ""  # build the file first
    full_file = heard(
        mediation_outcomes=("refused",),
        steps=frozenset({"warning", "care"}),
        incidents_after_warning=2,
        incidents=5,
    )
    assert rules.suggest_next_step(full_file).step == "order"


def test_drug_nuisance_goes_to_police_and_municipality_not_to_mediation():
    assert rules.suggest_next_step(facts(kind="HEN")).step == "care"


def test_mental_health_puts_care_before_mediation():
    assert rules.suggest_next_step(heard(kind="PSY")).step == "care"


def test_a_resolved_mediation_suggests_a_check_and_closing():
    suggestion = rules.suggest_next_step(heard(mediation_outcomes=("resolved",)))
    assert suggestion.step == "" and "sluit dan de zaak" in suggestion.reason


@given(
    kind=st.sampled_from(["GEL", "RUZ", "DRU", "PSY", "VER", "HEN", "VUI", "OVE"]),
    talked=st.booleans(),
    unsafe=st.booleans(),
    steps=st.frozensets(st.sampled_from(Step.values)),
    heard_=st.booleans(),
    invites=st.lists(st.integers(0, 60), max_size=3),
    outcomes=st.lists(st.sampled_from(["", "resolved", "partly", "not_resolved", "refused"])),
    incidents=st.integers(0, 10),
    after=st.integers(0, 10),
)
def test_every_suggestion_is_a_ladder_step_with_a_reason_and_never_skips_to_an_order(
    kind, talked, unsafe, steps, heard_, invites, outcomes, incidents, after
):
    f = rules.CaseFacts(
        kind=kind,
        today=TODAY,
        reporters_talked=talked,
        reporter_feels_unsafe=unsafe,
        steps=steps,
        complained_about_heard=heard_,
        invitations=tuple(TODAY - dt.timedelta(days=d) for d in invites),
        mediation_outcomes=tuple(outcomes),
        last_mediation_referred_on=TODAY if outcomes else None,
        incidents=incidents,
        incidents_after_warning=after,
    )
    suggestion = rules.suggest_next_step(f)
    assert suggestion.step in ("", *Step.values)
    assert suggestion.reason
    if suggestion.step == "order":
        assert {"warning", "care"} <= steps
        assert incidents >= rules.MIN_INCIDENTS_FOR_ORDER
        # Heard, or did not respond to two invitations (the second one is the 'sommatie').
        assert heard_ or (len(invites) >= 2 and min(invites) >= rules.SECOND_INVITATION_AFTER_DAYS)


def test_recurrence_is_a_new_report_within_12_months_of_closing():
    closed = dt.date(2025, 6, 1)
    assert rules.is_recurrence(closed, dt.date(2026, 6, 1))
    assert not rules.is_recurrence(closed, dt.date(2026, 6, 2))
    assert not rules.is_recurrence(None, dt.date(2026, 6, 1))
    assert not rules.is_recurrence(closed, dt.date(2025, 5, 31))


NAMEISH = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéöü -", min_size=3)


@settings(deadline=None)  # the first example loads Deduce's lookup tables
@given(text=st.text(), secrets=st.lists(NAMEISH, max_size=4))
def test_redaction_leaves_no_secret_in_the_text(text, secrets):
    secret_words = [s for s in secrets if len(s.strip()) >= 3]
    mixed = " ".join([text, *secret_words, text.upper()])
    out = rules.redact(mixed, secrets)
    for secret in secret_words:
        assert secret.strip().lower() not in out.lower()


def test_redaction_masks_names_phone_numbers_and_addresses_in_any_case():
    out = rules.redact(
        "Karin de Boer (06-11112222, Lindelaan 10) hoorde KARIN DE BOER roepen.",
        ["Karin de Boer", "06-11112222", "Lindelaan 10", "de"],
    )
    assert out == "[…] ([…], […]) hoorde […] roepen."


def test_redaction_also_masks_a_name_nobody_listed_but_keeps_the_dates():
    """The same engine as shared lessons: Deduce finds a name the secrets did not list."""
    out = rules.redact(
        "Op 3 mei 2026 om 23.00 uur hoorde Sanne de Vries geschreeuw, zij belde 06-11112222.",
        ["Karin de Boer"],
    )
    assert "Sanne" not in out and "Vries" not in out and "06-11112222" not in out
    assert out.startswith("Op 3 mei 2026 om 23.00 uur hoorde […]")


def test_a_name_that_may_stay_is_not_masked_but_a_secret_always_is():
    out = rules.redact(
        "Karin de Boer hoorde Sanne de Vries roepen.",
        ["Sanne de Vries"],
        allowed=["Karin de Boer", "Sanne de Vries"],
    )
    assert out == "Karin de Boer hoorde […] roepen."
