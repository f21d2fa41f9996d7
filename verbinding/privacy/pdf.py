"""The subject-access export as a PDF (fpdf2, core Helvetica; text made Latin-1-safe)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from fpdf import FPDF

from verbinding.plans.pdf import latin1

SECTIONS = [
    ("household", gettext_lazy("Household")),
    ("members", gettext_lazy("People in the household")),
    ("tenancies", gettext_lazy("Tenancies")),
    ("ledger", gettext_lazy("Rent account")),
    ("safety_flags", gettext_lazy("Safety flags")),
    ("contacts", gettext_lazy("Contacts")),
    ("network", gettext_lazy("Network")),
    ("plan", gettext_lazy("Plan")),
    ("cases", gettext_lazy("Cases")),
    ("nuisance", gettext_lazy("Nuisance")),
    ("letters", gettext_lazy("Letters")),
    ("arrangements", gettext_lazy("Payment arrangements")),
    ("signals_sent_to_the_municipality", gettext_lazy("Signals sent to the municipality")),
    ("who_saw_or_changed_your_file", gettext_lazy("Who saw or changed your file")),
]
# Dutch labels for the JSON keys (the JSON itself keeps stable English keys).
LABELS = {
    "name": gettext_lazy("name"),
    "erp_number": gettext_lazy("ERP number"),
    "preferred_channel": gettext_lazy("preferred channel"),
    "contact_notes": gettext_lazy("contact notes"),
    "role": gettext_lazy("role"),
    "date_of_birth": gettext_lazy("date of birth"),
    "phone": gettext_lazy("phone"),
    "email": gettext_lazy("e-mail"),
    "from": gettext_lazy("from"),
    "until": gettext_lazy("until"),
    "contract": gettext_lazy("contract"),
    "address": gettext_lazy("address"),
    "start": gettext_lazy("start"),
    "end": gettext_lazy("end"),
    "rent_eur": gettext_lazy("rent (EUR)"),
    "payment_method": gettext_lazy("payment method"),
    "ibans": gettext_lazy("bank accounts"),
    "date": gettext_lazy("date"),
    "kind": gettext_lazy("kind"),
    "amount_eur": gettext_lazy("amount (EUR)"),
    "description": gettext_lazy("description"),
    "detail": gettext_lazy("detail"),
    "note": gettext_lazy("note"),
    "when": gettext_lazy("when"),
    "channel": gettext_lazy("channel"),
    "outcome": gettext_lazy("outcome"),
    "in_your_words": gettext_lazy("in your own words"),
    "agreed": gettext_lazy("agreed"),
    "category": gettext_lazy("category"),
    "organisation": gettext_lazy("organisation"),
    "phone_and_email": gettext_lazy("phone and e-mail"),
    "goals": gettext_lazy("goals"),
    "agreements": gettext_lazy("agreements"),
    "what": gettext_lazy("what"),
    "by_when": gettext_lazy("by when"),
    "status": gettext_lazy("status"),
    "opened": gettext_lazy("opened"),
    "closed": gettext_lazy("closed"),
    "summary": gettext_lazy("summary"),
    "as_a_party": gettext_lazy("as a party"),
    "case_opened": gettext_lazy("case opened"),
    "other_parties": gettext_lazy("other parties"),
    "your_reports": gettext_lazy("your reports"),
    "received": gettext_lazy("received"),
    "date_of_the_nuisance": gettext_lazy("date of the nuisance"),
    "what_happened": gettext_lazy("what happened"),
    "sent_on": gettext_lazy("sent on"),
    "subject": gettext_lazy("subject"),
    "text": gettext_lazy("text"),
    "created_on": gettext_lazy("proposed on"),
    "signal_date": gettext_lazy("signal date"),
    "municipality": gettext_lazy("municipality"),
    "arrears_eur": gettext_lazy("arrears (EUR)"),
    "who": gettext_lazy("who"),
    "action": gettext_lazy("action"),
}


class _PDF(FPDF):
    def footer(self) -> None:
        self.set_y(-15)
        self.set_font("Helvetica", size=8)
        self.cell(0, 10, latin1(_("Page %(page)s") % {"page": self.page_no()}), align="C")


def _withheld(value: Any) -> Any:
    from verbinding.privacy.subject_access import WITHHELD

    return _("[withheld]") if value == WITHHELD else value


def _lines(value: Any, indent: str = "") -> list[str]:
    if isinstance(value, dict):
        out = []
        for k, v in value.items():
            if isinstance(v, list | dict):
                out.append(f"{indent}{LABELS.get(k, k)}:")
                out += _lines(v, indent + "  ")
            elif v not in (None, ""):
                out.append(f"{indent}{LABELS.get(k, k)}: {_withheld(v)}")
        return out
    if isinstance(value, list):
        out = []
        for item in value:
            if isinstance(item, dict):
                out += _lines(item, indent)
                out.append("")
            else:
                out.append(f"{indent}- {_withheld(item)}")
        return out or [f"{indent}{_('(nothing)')}"]
    return [f"{indent}{_withheld(value)}"]


def render(data: dict[str, Any]) -> bytes:
    pdf = _PDF(format="A4")
    pdf.set_margins(16, 16, 16)
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.multi_cell(pdf.epw, 8, latin1(_("What we hold about you")))
    pdf.set_font("Helvetica", size=9)
    pdf.multi_cell(
        pdf.epw, 5, latin1(_("Produced on %(day)s.") % {"day": data["produced_on"]}) + "\n"
    )
    pdf.multi_cell(pdf.epw, 5, latin1(f"{_('[withheld]')}: {data['withheld_means']}") + "\n")
    for key, title in SECTIONS:
        pdf.set_font("Helvetica", "B", 12)
        pdf.multi_cell(pdf.epw, 7, latin1(str(title)))
        pdf.set_font("Helvetica", size=9)
        for line in _lines(data.get(key)):
            pdf.multi_cell(pdf.epw, 4.5, latin1(line) or " ")
        pdf.ln(2)
    return bytes(pdf.output())
