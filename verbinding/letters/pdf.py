"""The PDF of a letter, made with fpdf2 and its built-in Helvetica (no fonts downloaded)."""

from __future__ import annotations

from fpdf import FPDF

from verbinding.letters.models import Letter


def _clean(text: str) -> str:
    # Helvetica in windows-1252 covers Dutch (e-umlaut, e-acute, euro sign, en dash); anything else becomes '?'.
    return text.encode("windows-1252", errors="replace").decode("windows-1252")


def letter_pdf(letter: Letter, *, association: str) -> bytes:
    pdf = FPDF(format="A4")
    pdf.core_fonts_encoding = "windows-1252"
    pdf.set_title(_clean(letter.subject))
    pdf.set_author(_clean(association))
    pdf.set_margins(25, 20, 25)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 12)
    pdf.cell(0, 6, _clean(association), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(12)
    pdf.set_font("Helvetica", size=11)
    for line in [letter.addressee, *letter.address_lines.split("\n")]:
        pdf.cell(0, 6, _clean(line), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(10)
    pdf.set_font("Helvetica", "B", 11)
    pdf.multi_cell(0, 6, _clean(letter.subject), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("Helvetica", size=11)
    pdf.multi_cell(0, 6, _clean(letter.body), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
