from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from verbinding.cases.selectors import household_in_reach
from verbinding.contacts import selectors, services
from verbinding.contacts.forms import OUTCOMES_BY_CHANNEL, ContactForm
from verbinding.vera import codes
from verbinding.web.access import require_household_work


@login_required
@require_household_work
def contact_new(request: HttpRequest) -> HttpResponse:
    """Record a contact: ``/contacts/new/?household=<id>`` (channel, result, note; rest optional)."""
    data = request.POST if request.method == "POST" else request.GET
    household = household_in_reach(user=request.user, household_id=data.get("household"))
    cases = household.cases.exclude(status__in=codes.CLOSED_CASE_STATUSES).order_by("-opened_on")
    colleagues = selectors.colleagues_to_share_with(user=request.user)
    if request.method == "POST":
        form = ContactForm(request.POST, cases=cases, colleagues=colleagues)
        if form.is_valid():
            d = form.cleaned_data
            saved = services.contact_record(
                household=household,
                channel=d["channel"],
                outcome=d["outcome"],
                note=d["note"],
                occurred_at=d["occurred_at"],
                direction=d["direction"] or codes.CommunicatieRichting.UIT,
                tenant_words=d["tenant_words"],
                agreed=d["agreed"],
                follow_up_on=d["follow_up_on"],
                confidentiality=d["confidentiality"] or codes.Vertrouwelijkheid.INT,
                case=d["case"],
                shared_with=d["shared_with"] or (),
                actor=request.user,
            )
            # The household page shows the confirmation at the top, in view, with the next step
            # (asking for a grade where that fits); see households.views._contact_just_saved.
            return redirect(f"{reverse('households:detail', args=[household.id])}?saved={saved.id}")
    else:
        initial = {}
        if data.get("channel") in codes.CommunicatieKanaal.values:
            initial["channel"] = data["channel"]
        if data.get("case"):
            initial["case"] = data["case"]
        form = ContactForm(initial=initial, cases=cases, colleagues=colleagues)
    return render(
        request,
        "contacts/new.html",
        {"household": household, "form": form, "outcomes_by_channel": OUTCOMES_BY_CHANNEL},
    )


@login_required
@require_household_work
def household_timeline(request: HttpRequest, household_id: int) -> HttpResponse:
    """Every contact moment of a household, across channels and cases (paged)."""
    household = household_in_reach(user=request.user, household_id=household_id)
    qs = selectors.contacts_for_household(user=request.user, household=household)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    entries = [selectors.entry(c, request.user) for c in page.object_list]
    return render(
        request,
        "contacts/timeline.html",
        {"household": household, "page": page, "entries": entries},
    )


@login_required
@require_household_work
@require_POST
def follow_up_done(request: HttpRequest, contact_id: int) -> HttpResponse:
    contact = selectors.contact_for_update(user=request.user, contact_id=contact_id)
    services.contact_follow_up_done(contact=contact, actor=request.user)
    messages.success(request, _("Follow-up marked as done."))
    return redirect(reverse("households:detail", args=[contact.household_id]) + "#h-timeline")
