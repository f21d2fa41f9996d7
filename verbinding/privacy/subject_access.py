"""Subject access (AVG art. 15): everything the association holds about one household.

``collect`` gathers it as plain data (the JSON export); ``pdf.render`` prints the same data.
Left out or withheld, with the reason stated in the export (art. 15(4): the rights of others):
confidential contact notes, the phone numbers and e-mail addresses of network members, the other
parties and reporters of nuisance cases, and the notes of safety flags (staff safety).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from verbinding.audit.models import AuditEvent
from verbinding.audit.register import lines
from verbinding.households.models import Household

FORMAT = "verbinding-inzage/1"
WITHHELD = "[withheld]"


def _d(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


def _euro(cents: int | None) -> str | None:
    if cents is None:
        return None
    sign = "-" if cents < 0 else ""
    cents = abs(cents)
    return f"{sign}{cents // 100}.{cents % 100:02d}"


def collect(household: Household, *, today: dt.date) -> dict[str, Any]:
    from verbinding.arrangements.models import PaymentArrangement
    from verbinding.cases.models import Case
    from verbinding.contacts.models import ContactMoment
    from verbinding.earlysignals.models import Signal
    from verbinding.ledger.models import LedgerEntry
    from verbinding.letters.models import Letter
    from verbinding.network.models import NetworkMember
    from verbinding.nuisance.models import Party, Report
    from verbinding.plans.models import Agreement, Goal
    from verbinding.vera import codes

    hh = household
    tenancies = list(hh.tenancies.select_related("unit").prefetch_related("ibans").order_by("id"))
    data: dict[str, Any] = {
        "format": FORMAT,
        "produced_on": today.isoformat(),
        "withheld_means": _(
            "Left out to protect someone else (AVG art. 15(4)): another person's details or a "
            "note that would reveal them, or staff safety."
        ),
        "household": {
            "name": hh.name,
            "erp_number": hh.external_id,
            "preferred_channel": hh.get_preferred_channel_display() if hh.preferred_channel else "",
            "contact_notes": hh.contact_notes,
        },
        "members": [
            {
                "name": m.person.full_name,
                "role": m.get_role_display(),
                "date_of_birth": _d(m.person.birth_date),
                "phone": m.person.phone,
                "email": m.person.email,
                "from": _d(m.start_date),
                "until": _d(m.end_date),
            }
            for m in hh.members.select_related("person").order_by("id")
        ],
        "tenancies": [
            {
                "contract": t.external_id,
                "address": f"{t.unit.street} {t.unit.house_number}{t.unit.house_letter}"
                f"{t.unit.house_number_addition}, {t.unit.postcode} {t.unit.city}",
                "start": _d(t.start_date),
                "end": _d(t.end_date),
                "rent_eur": _euro(t.rent_cents),
                "payment_method": t.get_payment_method_display(),
                "ibans": [i.iban for i in t.ibans.all()],
            }
            for t in tenancies
        ],
        "ledger": [
            {
                "date": _d(e.booked_on),
                "kind": e.get_kind_display(),
                "amount_eur": _euro(e.amount_cents),
                "description": e.description,
            }
            for e in LedgerEntry.objects.filter(tenancy__household=hh).order_by("booked_on", "id")
        ],
        "safety_flags": [
            {
                "kind": f.get_kind_display(),
                "detail": f.get_detail_display() if f.detail else "",
                "from": _d(f.start_date),
                "until": _d(f.end_date),
                "note": WITHHELD if f.note else "",
            }
            for f in hh.flags.order_by("start_date", "id")
        ],
    }
    confidential = {codes.Vertrouwelijkheid.GEH}
    data["contacts"] = [
        {
            "when": _d(c.occurred_at),
            "channel": c.get_channel_display(),
            "outcome": c.get_outcome_display(),
            "note": WITHHELD if c.confidentiality in confidential and c.note else c.note,
            "in_your_words": c.tenant_words,
            "agreed": c.agreed,
        }
        for c in ContactMoment.objects.filter(household=hh).order_by("occurred_at", "id")
    ]
    data["network"] = [
        {
            "name": m.name,
            "category": m.get_category_display(),
            "role": m.get_role_display() if m.role else "",
            "organisation": m.organisation,
            "phone_and_email": WITHHELD if (m.phone or m.email) else "",
        }
        for m in NetworkMember.objects.filter(household=hh).order_by("id")
    ]
    data["plan"] = {
        "goals": [g.text for g in Goal.objects.filter(plan__household=hh).order_by("id")],
        "agreements": [
            {
                "what": a.what,
                "by_when": _d(a.due_on),
                "status": a.get_status_display(),
            }
            for a in Agreement.objects.filter(plan__household=hh).order_by("id")
        ],
    }
    data["cases"] = [
        {
            "kind": c.get_kind_display(),
            "detail": c.get_detail_display(),
            "status": c.get_status_display(),
            "opened": _d(c.opened_on),
            "closed": _d(c.closed_on),
            "summary": c.summary,
        }
        for c in Case.objects.filter(household=hh).order_by("opened_on", "id")
    ]
    data["nuisance"] = {
        "as_a_party": [
            {
                "case_opened": _d(p.nuisance_case.case.opened_on),
                "role": p.get_role_display(),
                "other_parties": WITHHELD,
            }
            for p in Party.objects.filter(household=hh).select_related("nuisance_case__case")
        ],
        "your_reports": [
            {
                "received": _d(r.received_on),
                "date_of_the_nuisance": _d(r.occurred_on),
                "what_happened": r.what_happened,
            }
            for r in Report.objects.filter(reporter__household=hh).order_by("received_on")
        ],
    }
    data["letters"] = [
        {
            "sent_on": _d(letter.sent_on),
            "kind": letter.get_kind_display(),
            "subject": letter.subject,
            "text": letter.body,
        }
        for letter in Letter.objects.filter(household=hh).order_by("sent_on", "id")
    ]
    data["arrangements"] = [
        {
            "created_on": _d(a.created_on),
            "status": a.get_status_display(),
        }
        for a in PaymentArrangement.objects.filter(household=hh).order_by("created_on", "id")
    ]
    data["signals_sent_to_the_municipality"] = [
        {
            "signal_date": _d(s.signal_date),
            "municipality": s.municipality.name,
            "arrears_eur": _euro(s.arrears_cents),
        }
        for s in Signal.objects.filter(household=hh).select_related("municipality")
    ]
    viewed = AuditEvent.objects.filter(household_id=hh.id).filter(
        Q(actor__isnull=False) & ~Q(action__in=["login", "logout", "login_failed"])
    )
    data["who_saw_or_changed_your_file"] = [
        {
            "when": _d(line.at),
            "who": line.who,
            "role": line.role,
            "action": line.action,
            "what": line.page or line.kind,
        }
        for line in lines(viewed.select_related("actor").order_by("at", "id"))
    ]
    return data
