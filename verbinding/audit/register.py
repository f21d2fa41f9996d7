"""The audit log as a register for the privacy officer: who did what to whom, in Dutch.

A row becomes a sentence-like line: the person (name and role), the action, the kind of record
and the page, the household by name, the fields a change touched (their Dutch names) and the reason.
No model labels, no dicts: the raw row stays in the database for ``audit verify``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.apps import apps
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from verbinding.audit import pages
from verbinding.audit.models import AuditAction, AuditEvent

# Kinds of record that are not a model of their own.
OTHER_KINDS = {
    "page": _("page"),
    "outcomes.figure": _("outcome figure"),
    "demo.seed": _("demo data"),
    "audit.register": _("audit register"),
    "audit.subjectaccess": _("subject access export"),
}
# Page names beyond the list pages in audit.pages.PAGE_LABELS.
DETAIL_PAGES = {
    "households:detail": _("household page"),
    "contacts:timeline": _("timeline"),
    "network:map": _("network map"),
    "network:member": _("network member"),
    "plans:plan": _("plan"),
    "plans:print": _("printed plan"),
    "plans:pdf": _("plan as PDF"),
    "cases:detail": _("case"),
    "earlysignals:household": _("early-signal checklist"),
    "escalation:household": _("escalation page"),
    "letters:new": _("letter preview"),
    "letters:detail": _("letter"),
    "letters:pdf": _("letter as PDF"),
    "arrangements:new": _("arrangement worksheet"),
    "arrangements:offer": _("arrangement offer"),
    "arrangements:detail": _("payment arrangement"),
    "arrangements:decide": _("arrangement decision"),
    "nuisance:detail": _("nuisance case"),
    "nuisance:party_view": _("nuisance case as the other party sees it"),
    "nuisance:report_new": _("nuisance report form"),
    "imports:detail": _("import"),
    "lessons:detail": _("lesson"),
}


def _safe_text(value: str) -> bool:
    """A search text: letters, ASCII digits, spaces and address punctuation only."""
    return all(c.isalpha() or c in "0123456789 -.,'/()" for c in value)


class RegisterFilter(forms.Form):
    person: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Person"), queryset=None, required=False, empty_label=_("everyone")
    )
    household = forms.CharField(
        label=_("Household (name, address, postcode or number)"), max_length=100, required=False
    )
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput({"type": "date"})
    )
    end = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput({"type": "date"})
    )
    action = forms.ChoiceField(label=_("Action"), required=False)
    page = forms.IntegerField(min_value=1, required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from verbinding.accounts.models import User

        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = User.objects.order_by("first_name", "last_name")  # type: ignore[attr-defined]
        self.fields["action"].choices = [("", _("all actions")), *AuditAction.choices]  # type: ignore[attr-defined]

    def clean_household(self) -> str:
        value = self.cleaned_data["household"].strip()
        if value and not _safe_text(value):
            raise forms.ValidationError(_("Enter a name, an address, a postcode or a number."))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            raise forms.ValidationError(_("The end of the period lies before its start."))
        for day in (start, end):
            if day and day.year < 2000:
                raise forms.ValidationError(_("Choose a period from the year 2000 on."))
        return data


def household_ids_matching(text: str) -> QuerySet[Any]:
    from verbinding.households.models import Household

    q = (
        Q(name__icontains=text)
        | Q(external_id__iexact=text)
        | Q(tenancies__unit__street__icontains=text)
        | Q(tenancies__unit__postcode__iexact=text.replace(" ", "").upper())
    )
    if text.isdecimal() and text.isascii():
        q |= Q(id=int(text))
    return Household.objects.filter(q).values("id")


def filtered(events: QuerySet[AuditEvent], data: dict[str, Any]) -> QuerySet[AuditEvent]:
    from django.utils import timezone

    if data.get("person"):
        events = events.filter(actor=data["person"])
    if data.get("household"):
        events = events.filter(household_id__in=household_ids_matching(data["household"]))
    if data.get("action"):
        events = events.filter(action=data["action"])
    tz = timezone.get_current_timezone()
    if data.get("start"):
        events = events.filter(at__gte=dt.datetime.combine(data["start"], dt.time(), tz))
    if data.get("end"):
        end = dt.datetime.combine(data["end"] + dt.timedelta(days=1), dt.time(), tz)
        events = events.filter(at__lt=end)
    return events


@dataclass(frozen=True)
class Line:
    id: int
    at: dt.datetime
    who: str
    role: str
    action: str
    kind: str
    page: str
    household: str
    household_id: int | None
    details: str
    reason: str


def kind_label(object_type: str) -> str:
    if object_type in OTHER_KINDS:
        return str(OTHER_KINDS[object_type])
    try:
        return str(apps.get_model(object_type)._meta.verbose_name)
    except (LookupError, ValueError):
        return str(_("record"))


def _model(object_type: str) -> Any:
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def _field_label(model: Any, name: str) -> str:
    try:
        return str(model._meta.get_field(name).verbose_name)
    except Exception:
        return name.replace("_id", "").replace("_", " ")


def details_for(event: AuditEvent) -> str:
    if event.action == AuditAction.LOGIN_FAILED and not event.object_id:
        return str(_("unknown user name (only a hash is kept)"))
    if event.action != AuditAction.UPDATE or not event.fields:
        return ""
    model = _model(event.object_type)
    if model is None:
        return ", ".join(event.fields)
    return str(_("changed: %(fields)s")) % {
        "fields": ", ".join(_field_label(model, name) for name in event.fields)
    }


def page_label(summary: str) -> str:
    if not summary.startswith("page "):
        return ""
    name = summary[5:]
    label = DETAIL_PAGES.get(name) or pages.PAGE_LABELS.get(name)
    return str(label) if label else ""


def lines(events: Iterable[AuditEvent]) -> list[Line]:
    from verbinding.households.models import Household

    events = list(events)
    names = dict(
        Household.objects.filter(
            id__in={e.household_id for e in events if e.household_id}
        ).values_list("id", "name")
    )
    result = []
    for e in events:
        actor = e.actor
        if actor is not None:
            who, role = actor.get_full_name() or actor.username, actor.get_role_display()
        elif e.actor_label == "tenant":
            who, role = str(_("a tenant")), ""
        else:
            who, role = str(_("the system")), ""
        household = ""
        if e.household_id:
            household = names.get(e.household_id) or str(_("household (removed)"))
        result.append(
            Line(
                id=e.id,
                at=e.at,
                who=who,
                role=str(role),
                action=e.get_action_display(),
                kind=kind_label(e.object_type),
                page=page_label(e.summary),
                household=household,
                household_id=e.household_id,
                details=details_for(e),
                reason=e.reason,
            )
        )
    return result


CSV_HEADER = (
    _("When"),
    _("Who"),
    _("Role"),
    _("Action"),
    _("Kind of record"),
    _("Page"),
    _("Household"),
    _("Details"),
    _("Reason"),
    _("Row"),
)


def csv_row(line: Line) -> list[str]:
    from django.utils import timezone

    return [
        timezone.localtime(line.at).strftime("%d-%m-%Y %H:%M:%S"),
        line.who,
        line.role,
        line.action,
        line.kind,
        line.page,
        line.household,
        line.details,
        line.reason,
        str(line.id),
    ]
