"""Form HTML drawn once per process is the HTML the form draws itself (web/formhtml.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from verbinding.arrears.forms import DueDayForm
from verbinding.cases.forms import CaseOpenForm
from verbinding.households.forms import ContactPreferencesForm, SafetyFlagForm
from verbinding.web import formhtml

NOTES = ["", "works mornings, call after 14:00", '<b>"O\'Neil" & zn</b>', formhtml._MARK[:4]]


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("channel", [None, "", "EMA", "SMS", "TEL"])
def test_a_choice_widget_is_the_forms_own(language, channel):
    with translation.override(language):
        own = str(
            ContactPreferencesForm(initial={"preferred_channel": channel})["preferred_channel"]
        )
        assert formhtml.widget(ContactPreferencesForm, "preferred_channel", channel) == own
        assert formhtml.widget(ContactPreferencesForm, "preferred_channel", channel) == own


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("notes", NOTES)
def test_a_free_text_widget_is_the_forms_own_and_escaped(language, notes):
    with translation.override(language):
        own = str(ContactPreferencesForm(initial={"contact_notes": notes})["contact_notes"])
        assert formhtml.text_widget(ContactPreferencesForm, "contact_notes", notes) == own
    assert "<b>" not in formhtml.text_widget(ContactPreferencesForm, "contact_notes", NOTES[2])


def test_the_language_is_part_of_the_drawing():
    with translation.override("nl"):
        dutch = formhtml.widget(SafetyFlagForm, "detail")
        assert dutch == str(SafetyFlagForm()["detail"])
    with translation.override("en"):
        english = formhtml.widget(SafetyFlagForm, "detail")
        assert english == str(SafetyFlagForm()["detail"])
    assert dutch != english


def test_keyword_arguments_and_whole_forms():
    with translation.override("nl"):
        own = str(CaseOpenForm(auto_id="case_%s")["detail"])
        assert formhtml.widget(CaseOpenForm, "detail", auto_id="case_%s") == own
        assert 'id="case_detail"' in own
        initial = {"day": 5, "valid_from": dt.date(2026, 12, 2)}
        assert formhtml.as_div(DueDayForm, initial) == DueDayForm(initial=initial).as_div()
        assert 'value="2026-12-02"' in formhtml.as_div(DueDayForm, initial)


def test_a_process_keeps_a_bounded_number_of_drawings():
    formhtml.forget()
    for n in range(formhtml._SIZE + 50):
        formhtml.text_widget(ContactPreferencesForm, "contact_notes", f"note {n}")
        formhtml.widget(DueDayForm, "day", n)
    assert formhtml.draw_count() <= formhtml._SIZE


@pytest.mark.django_db
@pytest.mark.parametrize("owner", ["none", "advisor", "colleague"])
def test_the_owner_select_is_the_owner_forms_own(cast, owner):
    from verbinding.households.forms import OwnerChoiceForm, OwnerForm
    from verbinding.households.views_team import team_advisors

    owner_id = {"none": None, "advisor": cast.advisor.pk, "colleague": cast.colleague.pk}[owner]
    advisors = team_advisors(cast.team_lead)
    assert advisors.exists()
    pairs = tuple((a.pk, str(a)) for a in advisors)
    with translation.override("nl"):
        own = str(OwnerForm(advisors=advisors, initial={"advisor": owner_id})["advisor"])
        drawn = formhtml.widget(OwnerChoiceForm, "advisor", owner_id, advisors=pairs)
    assert drawn == own
