"""The joint plan as a PDF for the tenant (fpdf2, built-in Helvetica: no font files, no downloads).

The core fonts only know Latin-1, so text is made Latin-1-safe first (curly quotes, dashes and the
euro sign are replaced); Dutch letters such as ë and é are Latin-1 and stay.
"""

from __future__ import annotations

import datetime as dt
import unicodedata

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from fpdf import FPDF

from verbinding.plans.models import owner_label
from verbinding.plans.selectors import PlanView

REPLACE = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u2013": "-",
    "\u2014": "-",
    "\u2026": "...",
    "\u20ac": "EUR",
    "\u00a0": " ",
}


def latin1(text: str) -> str:
    """Text the PDF core fonts can show: known symbols replaced, other characters simplified."""
    text = "".join(REPLACE.get(ch, ch) for ch in str(text))
    out = []
    for ch in text:
        try:
            ch.encode("latin-1")
            out.append(ch)
        except UnicodeEncodeError:
            base = unicodedata.normalize("NFKD", ch).encode("latin-1", "ignore").decode("latin-1")
            out.append(base or "?")
    return "".join(out)


class PlanPDF(FPDF):
    def footer(self) -> None:
        self.set_y(-15)
        self.set_font("Helvetica", size=9)
        self.cell(0, 10, latin1(_("Page %(page)s") % {"page": self.page_no()}), align="C")


def render(view: PlanView, *, today: dt.date) -> bytes:
    pdf = PlanPDF(format="A4")
    pdf.set_margins(18, 18, 18)
    pdf.set_auto_page_break(auto=True, margin=20)
    pdf.add_page()
    w = pdf.epw

    def heading(text: str, size: int = 15) -> None:
        pdf.ln(3)
        pdf.set_font("Helvetica", "B", size)
        pdf.multi_cell(w, 8, latin1(text), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", size=12)

    def para(text: str, style: str = "") -> None:
        pdf.set_font("Helvetica", style, 12)
        pdf.multi_cell(w, 6.5, latin1(text), new_x="LMARGIN", new_y="NEXT")

    heading(_("Our plan"), 20)
    para(view.household.name)
    para(_("Made together on %(date)s") % {"date": date_format(view.plan.created_at, "j F Y")})  # type: ignore[union-attr]
    para(_("Printed on %(date)s") % {"date": date_format(today, "j F Y")})

    heading(_("What you want to reach"))
    if view.goals:
        for goal in view.goals:
            para(f'- "{goal.text}"')
    else:
        para(_("No goals written down yet."))

    heading(_("What we agreed"))
    open_items = [a for a in view.agreements if a.status in ("open", "not_done")]
    done = [a for a in view.agreements if a.status == "done"]
    if not open_items:
        para(_("There are no open agreements."))
    for a in open_items:
        para(a.what, "B")
        para(_("Who: %(who)s") % {"who": owner_label(a, for_tenant=True)})
        if a.due_on:
            para(_("By when: %(date)s") % {"date": date_format(a.due_on, "l j F Y")})
        pdf.ln(2)
    if done:
        heading(_("Already done"), 13)
        for a in done:
            para(f"- {a.what}")

    heading(_("Who can you call?"))
    advisor = view.plan.advisor  # type: ignore[union-attr]
    line = _("Your neighbourhood advisor: %(name)s") % {
        "name": advisor.get_full_name() or advisor.username
    }
    if getattr(advisor, "phone", ""):
        line += f", {advisor.phone}"
    para(line)
    for e in view.contacts:
        details = ", ".join(x for x in (e.member.organisation, e.member.phone, e.member.email) if x)
        role = str(e.member.get_role_display()) if e.member.role else ""
        role = "" if role == e.member.name else role
        para(f"{e.member.name}{f' ({role})' if role else ''}: {details}")
    pdf.ln(4)
    para(_("Is something not working out? Call us. We would rather hear it early."), "I")
    return bytes(pdf.output())
