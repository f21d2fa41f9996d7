"""The filter's widgets: drawn once per set of choices and language, the same HTML as Django's."""

from __future__ import annotations

from django.http import QueryDict
from django.utils import translation

from verbinding.worklist.forms import WorklistFilterForm, widgets

AREAS = [(3, "Noord"), (7, "Zuid & Oost")]
KINDS = [("arrears:arrears_2m", "2 maanden achterstand"), ("nuisance:new", "Nieuwe <melding>")]
ADVISORS = [(11, "Anna de Vries"), (12, "Bram Bakker")]


def drawn_by_django(form: WorklistFilterForm) -> dict[str, str]:
    return {name: str(form[name]) for name in form.fields}


def test_the_unbound_widgets_are_djangos_for_advisor_and_team_lead():
    for advisors in (None, ADVISORS):
        form = WorklistFilterForm(neighbourhoods=AREAS, kinds=KINDS, advisors=advisors)
        fresh = WorklistFilterForm(neighbourhoods=AREAS, kinds=KINDS, advisors=advisors)
        assert widgets(form) == drawn_by_django(fresh)
        assert ("advisor" in widgets(form)) == (advisors is not None)
    assert "Zuid &amp; Oost" in widgets(form)["neighbourhood"]
    assert "Nieuwe &lt;melding&gt;" in widgets(form)["kind"]


def test_other_choices_or_another_language_draw_anew():
    dutch = widgets(WorklistFilterForm(neighbourhoods=AREAS, kinds=KINDS))
    with translation.override("en"):
        english = widgets(WorklistFilterForm(neighbourhoods=AREAS, kinds=KINDS))
    assert ">Alle<" in dutch["neighbourhood"] and ">All<" in english["neighbourhood"]
    fewer = widgets(WorklistFilterForm(neighbourhoods=AREAS[:1], kinds=KINDS))
    assert "Zuid" in dutch["neighbourhood"] and "Zuid" not in fewer["neighbourhood"]


def test_a_bound_form_shows_what_was_chosen():
    query = QueryDict("neighbourhood=7&kind=nuisance:new&without_contact=on")
    form = WorklistFilterForm(query, neighbourhoods=AREAS, kinds=KINDS, advisors=ADVISORS)
    assert form.is_valid()
    drawn = widgets(form)
    assert drawn == drawn_by_django(form)
    assert '<option value="7" selected>' in drawn["neighbourhood"]
    assert "checked" in drawn["without_contact"]
