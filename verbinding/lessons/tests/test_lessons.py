from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from verbinding import clock
from verbinding.cases.models import Case
from verbinding.lessons import services
from verbinding.lessons.models import Lesson
from verbinding.testing import factories as f

pytestmark = pytest.mark.django_db


def closed_case(household, handler, detail="HUA", kind="FIN", status="AFG"):
    return Case.objects.create(
        household=household,
        kind=kind,
        detail=detail,
        handler=handler,
        status=status,
        opened_on=clock.today() - dt.timedelta(days=60),
        closed_on=clock.today() - dt.timedelta(days=2),
    )


@pytest.fixture
def case(cast):
    member = cast.north_household.members.first()
    member.person.first_name, member.person.surname = "Karin", "Jansen"
    member.person.save()
    return closed_case(cast.north_household, cast.advisor)


IDENTIFYING = {
    "bsn": "Haar BSN 111222333 stond op de brief.",
    "iban": "Zij betaalde van NL91 ABNA 0417 1643 00, niet van haar eigen rekening.",
    "phone": "Ze was alleen op 06-12345678 bereikbaar.",
    "name": "Karin wilde pas praten toen haar zus erbij was.",
    "address": "Huisbezoek op de Teststraat 4, de bovenwoning.",
    "postcode": "Ze woonde in 7411 AB, vlak bij het station.",
    "email": "Ze mailde vanaf karin.j@example.nl.",
}


@pytest.mark.parametrize("kind", sorted(IDENTIFYING))
def test_a_lesson_with_an_identifier_cannot_be_published(cast, case, kind):
    """AVG art. 5(1)(c) and art. 89: shared lessons hold no personal data (data minimisation)."""
    with pytest.raises(services.LessonNotAnonymous) as caught:
        services.lesson_write(
            case=case,
            title="Geduld werkt",
            situation=IDENTIFYING[kind],
            what_worked="Samen aan tafel, regeling in eigen woorden.",
            actor=cast.advisor,
        )
    assert kind in {f.kind for f in caught.value.findings["situation"]}
    assert not Lesson.objects.exists()


def test_a_name_deduce_knows_but_the_case_does_not_is_found_too(cast, case):
    with pytest.raises(services.LessonNotAnonymous) as caught:
        services.lesson_write(
            case=case,
            title="Geduld werkt",
            situation="De buurvrouw, mevrouw Sanne de Vries, kwam mee naar het gesprek.",
            what_worked="Samen aan tafel, regeling in eigen woorden.",
            actor=cast.advisor,
        )
    assert "name" in {f.kind for f in caught.value.findings["situation"]}


def test_a_clean_lesson_is_published_as_written(cast, case):
    lesson = services.lesson_write(
        case=case,
        title="[naam] wilde pas praten toen haar zus erbij was",
        situation="Huurachterstand van drie maanden, [adres], bel [telefoon].",
        what_worked="Samen met de zus aan tafel, regeling in eigen woorden.",
        actor=cast.advisor,
        network_types=["family"],
    )
    assert lesson.title == "[naam] wilde pas praten toen haar zus erbij was"
    assert (lesson.case_kind, lesson.case_detail, lesson.network_types) == (
        "FIN",
        "HUA",
        ",family,",
    )


def test_a_lesson_needs_a_closed_case(cast):
    open_case = closed_case(cast.north_household, cast.advisor, status="INB")
    with pytest.raises(services.LessonError):
        services.lesson_write(
            case=open_case, title="t", situation="s", what_worked="w", actor=cast.advisor
        )


def test_the_form_shows_what_was_found_and_where_and_publishes_only_when_clean(client, cast, case):
    client.force_login(cast.advisor)
    url = reverse("lessons:new") + f"?case={case.id}"
    assert "Schrijf een ervaring op" in client.get(url).content.decode()
    data = {
        "case": case.id,
        "title": "Geduld werkt",
        "situation": "Mevrouw Jansen, postcode 7411 AB, had een achterstand.",
        "what_worked": "Drie keer langs, niet aan de deur over geld beginnen.",
        "network_types": ["professionals"],
    }
    first = client.post(url, data)
    html = first.content.decode()
    assert "Nog niet gedeeld" in html
    # What and where: the field, the kind, the text found and the words around it.
    assert "In “De situatie”: postcode “7411 AB”" in html
    assert "Jansen" in html.split('id="found"')[1].split("</div>")[0]
    assert "[naam], postcode [postcode], had een achterstand." in html  # "Mevrouw Jansen"
    assert not Lesson.objects.exists()
    data["situation"] = "[naam], postcode [postcode], had een achterstand."
    second = client.post(url, data)
    lesson = Lesson.objects.get()
    assert second.url == reverse("lessons:detail", args=[lesson.id])


def test_colleagues_and_managers_find_lessons_but_not_whose_case_it_was(client, cast, case):
    services.lesson_write(
        case=case,
        title="Buurman als tolk",
        situation="Taalbarrière bij achterstand.",
        what_worked="De buurman vertaalde, met toestemming.",
        actor=cast.advisor,
        network_types=["neighbours"],
    )
    for reader in (cast.colleague, cast.other_advisor, cast.manager):
        client.force_login(reader)
        page = client.get(reverse("lessons:list"), {"q": "tolk", "network": "neighbours"})
        html = page.content.decode()
        assert "Buurman als tolk" in html and "een collega" in html
        assert cast.north_household.name not in html and "Anna" not in html
    client.force_login(cast.colleague)
    assert (
        "Buurman" not in client.get(reverse("lessons:list"), {"situation": "SOC"}).content.decode()
    )
    assert "Buurman" in client.get(reverse("lessons:list"), {"situation": "HUA"}).content.decode()
    client.force_login(cast.privacy_officer)
    assert client.get(reverse("lessons:list")).status_code == 403


def test_a_signed_lesson_shows_the_authors_name(client, cast, case):
    lesson = services.lesson_write(
        case=case, title="t", situation="s", what_worked="w", actor=cast.advisor, signed=True
    )
    client.force_login(cast.manager)
    assert (
        "Anna de Vries" in client.get(reverse("lessons:detail", args=[lesson.id])).content.decode()
    )


def test_the_advisor_is_offered_to_write_about_recently_closed_cases(client, cast, case):
    client.force_login(cast.advisor)
    html = client.get(reverse("lessons:list")).content.decode()
    assert f"?case={case.id}" in html


def test_a_case_out_of_reach_cannot_get_a_lesson(client, cast, case):
    client.force_login(cast.other_advisor)
    assert client.get(reverse("lessons:new"), {"case": case.id}).status_code == 404


def test_the_list_needs_few_queries(client, cast, django_assert_max_num_queries):
    for i in range(25):
        household = f.household_in(cast.north)
        c = closed_case(household, cast.colleague)
        services.lesson_write(
            case=c,
            title=f"les {i}",
            situation="s",
            what_worked="w",
            actor=cast.colleague,
            signed=i % 2 == 0,
        )
    client.force_login(cast.advisor)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("lessons:list")).status_code == 200


def test_the_closed_case_page_offers_to_write_a_lesson(client, cast, case):
    client.force_login(cast.advisor)
    html = client.get(reverse("cases:detail", args=[case.id])).content.decode()
    assert f"/lessons/new/?case={case.id}" in html
    open_case = closed_case(cast.north_household, cast.advisor, status="INB")
    html = client.get(reverse("cases:detail", args=[open_case.id])).content.decode()
    assert "/lessons/new/" not in html
