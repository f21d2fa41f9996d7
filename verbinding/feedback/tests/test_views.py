from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from verbinding import clock
from verbinding.feedback import services
from verbinding.feedback.models import Appreciation, FeedbackLink

pytestmark = pytest.mark.django_db


def test_the_kitchen_table_flow_saves_the_grade_and_does_not_show_it_back(client, cast, contact):
    client.force_login(cast.advisor)
    page = client.get(reverse("feedback:handover", args=[contact.id]))
    assert "Geef de telefoon aan de huurder" in page.content.decode()
    form = client.get(reverse("feedback:kitchen", args=[contact.id]))
    assert "Welk cijfer geeft u" in form.content.decode()
    done = client.post(
        reverse("feedback:kitchen", args=[contact.id]),
        {"grade": "7", "comment": "Fijn dat u langskwam"},
        follow=True,
    )
    html = done.content.decode()
    assert "Geef de telefoon terug" in html
    assert "Fijn dat u langskwam" not in html and ">7<" not in html
    answer = Appreciation.objects.get(contact=contact)
    assert (answer.grade, answer.via, answer.named) == (7, "kitchen", False)


def test_a_second_answer_on_the_phone_is_not_possible(client, cast, contact):
    client.force_login(cast.advisor)
    client.post(reverse("feedback:kitchen", args=[contact.id]), {"grade": "7"})
    again = client.get(reverse("feedback:kitchen", args=[contact.id]))
    assert again.status_code == 302


def test_an_advisor_of_another_neighbourhood_cannot_open_the_screen(client, cast, contact):
    client.force_login(cast.other_advisor)
    assert client.get(reverse("feedback:kitchen", args=[contact.id])).status_code == 404
    client.force_login(cast.manager)
    assert client.get(reverse("feedback:kitchen", args=[contact.id])).status_code == 403


def test_the_link_page_makes_a_qr_code_and_shows_the_token_once(client, cast, contact):
    client.force_login(cast.advisor)
    page = client.post(reverse("feedback:link", args=[contact.id]))
    html = page.content.decode()
    assert "<svg" in html and "/feedback/code/" in html
    code = page.context["code"]
    assert len(code) == 9 and code[4] == "-"  # ABCD-EFGH: short enough to type from paper
    assert FeedbackLink.objects.filter(contact=contact).count() == 1


def test_a_tenant_types_the_code_from_the_letter(client, cast, contact):
    _link, code = services.link_create(contact=contact, actor=cast.advisor)
    entry = reverse("feedback:code")
    assert client.get(entry).status_code == 200
    typed = f"{code[:4].lower()} {code[4:]}"
    response = client.post(entry, {"code": typed})
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200
    wrong = client.post(entry, {"code": "ABC"})
    assert wrong.status_code == 200 and "geen code" in wrong.content.decode()


def test_a_tenant_answers_through_the_link_without_logging_in(client, cast, contact):
    _link, token = services.link_create(contact=contact, actor=cast.advisor)
    url = reverse("feedback:answer", args=[token])
    page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Huisbezoek".lower() in html.lower()
    for personal in (cast.north_household.name, "Teststraat", "7411AB", cast.advisor.last_name):
        assert personal not in html
    done = client.post(url, {"grade": "9", "named": "on"}, follow=True)
    assert "Dank u wel" in done.content.decode()
    answer = Appreciation.objects.get(contact=contact)
    assert (answer.grade, answer.via, answer.named) == (9, "link", True)
    assert "al geantwoord" in client.get(url).content.decode()


def test_an_expired_or_unknown_link_says_so_plainly(client, cast, contact):
    link, token = services.link_create(contact=contact, actor=cast.advisor)
    FeedbackLink.objects.filter(id=link.id).update(expires_at=clock.now() - dt.timedelta(days=1))
    assert client.get(reverse("feedback:answer", args=[token])).status_code == 410
    unknown = client.get(reverse("feedback:answer", args=["made-up:token"]))
    assert unknown.status_code == 404 and "kennen deze link niet" in unknown.content.decode()


def test_too_many_attempts_are_refused(client, settings):
    for _ in range(services.RATE_LIMIT):
        client.get(reverse("feedback:answer", args=["x:y"]))
    assert client.get(reverse("feedback:answer", args=["x:y"])).status_code == 429


def test_a_colleague_cannot_enter_the_grade_for_another_advisors_contact(client, cast, contact):
    """Issue 13: a colleague in the same team reaches the household, but the grade is about the
    advisor who had the contact; only that advisor hands the phone over or makes the link."""
    assert contact.author == cast.advisor
    client.force_login(cast.colleague)
    for name in ("feedback:kitchen", "feedback:handover", "feedback:link"):
        assert client.get(reverse(name, args=[contact.id])).status_code == 404
    assert (
        client.post(reverse("feedback:kitchen", args=[contact.id]), {"grade": "3"}).status_code
        == 404
    )
    with pytest.raises(services.FeedbackError):
        services.appreciation_give(contact=contact, grade=3, via="kitchen", actor=cast.colleague)
    assert not Appreciation.objects.exists()
