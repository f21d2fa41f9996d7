from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from verbinding.lessons import selectors, services
from verbinding.lessons.forms import LessonForm, LessonSearchForm
from verbinding.lessons.models import Lesson
from verbinding.web.access import require_household_work


def _readers_only(request: HttpRequest) -> None:
    if not selectors.can_read(request.user):
        raise PermissionDenied


@login_required
def lesson_list(request: HttpRequest) -> HttpResponse:
    _readers_only(request)
    form = LessonSearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = selectors.lesson_search(
        user=request.user,
        query=filters.get("q") or "",
        situation=filters.get("situation") or "",
        network=filters.get("network") or "",
    )
    page = Paginator(qs, 20).get_page(request.GET.get("page"))
    rows = [(lesson, selectors.author_label(lesson)) for lesson in page.object_list]
    to_write = (
        selectors.closed_cases_without_lesson(user=request.user)
        if getattr(request.user, "works_with_households", False)
        else []
    )
    return render(
        request,
        "lessons/list.html",
        {"form": form, "page": page, "rows": rows, "to_write": to_write},
    )


@login_required
def lesson_detail(request: HttpRequest, lesson_id: int) -> HttpResponse:
    _readers_only(request)
    lesson = selectors.lesson_detail(user=request.user, lesson_id=lesson_id)
    return render(
        request,
        "lessons/detail.html",
        {"lesson": lesson, "author": selectors.author_label(lesson)},
    )


FIELDS = ("title", "situation", "what_worked")


def _found_rows(form: LessonForm, texts: dict[str, str], findings: dict[str, list]) -> list[dict]:
    """What was found and where: the field, the kind, the text and the words around it."""
    return [
        {
            "field": form.fields[key].label,
            "kind": f.label,
            "text": f.text,
            "context": f.context(texts[key]),
        }
        for key in FIELDS
        for f in findings.get(key, [])
    ]


@login_required
@require_household_work
@require_http_methods(["GET", "POST"])
def lesson_new(request: HttpRequest) -> HttpResponse:
    """Write a lesson on a closed case: ``/lessons/new/?case=<id>``."""
    case = selectors.case_for_lesson(
        user=request.user, case_id=request.POST.get("case") or request.GET.get("case")
    )
    if Lesson.objects.filter(case=case, author_id=request.user.pk).exists():
        messages.info(request, _("You already wrote a lesson for this case."))
        return redirect("lessons:list")
    known = services.known_identifiers(case)
    found: list[dict] = []
    if request.method == "POST":
        form = LessonForm(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            texts = {k: d[k] for k in FIELDS}
            try:
                lesson = services.lesson_write(
                    case=case,
                    actor=request.user,
                    network_types=d["network_types"],
                    signed=d["signed"],
                    **texts,
                )
            except services.LessonNotAnonymous as exc:
                # Not published: show what was found and where, and offer the text with
                # placeholders for the author to read (and rewrite) before saving again.
                found = _found_rows(form, texts, exc.findings)
                data = request.POST.copy()
                for key, value in services.strip_all(texts, known).items():
                    data[key] = value
                form = LessonForm(data)
            except services.LessonError:
                messages.info(request, _("You already wrote a lesson for this case."))
                return redirect("lessons:list")
            else:
                messages.success(request, _("Thank you: your lesson is shared with colleagues."))
                return redirect("lessons:detail", lesson_id=lesson.id)
    else:
        form = LessonForm(initial={"network_types": _network_categories(case.household_id)})
    return render(request, "lessons/new.html", {"form": form, "case": case, "found": found})


def _network_categories(household_id: int) -> list[str]:
    from django.apps import apps

    try:
        member = apps.get_model("network", "NetworkMember")
    except LookupError:  # pragma: no cover
        return []
    return sorted(
        set(member.objects.filter(household=household_id).values_list("category", flat=True))
    )
