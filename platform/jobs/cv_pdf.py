"""A printable curriculum vitae in the Europass layout, in Italian (fpdf2).

It draws plain values (``CvDocument`` and its parts, built by
``jobs.selectors.candidates.cv_document``): no ORM here, so the layout is
tested on plain objects. The font is DejaVu Sans, embedded (subset) in the
PDF: it covers every Latin alphabet (D'Angelo, Niccolò, Ștefan, Dvořák). Its
files come from a Python wheel (matplotlib ships them in ``mpl-data``), never
from the system, so the PDF is the same on a machine with only Python.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos

FONT = "DejaVu"
BLUE = (14, 65, 148)  # the Europass blue
GREY = (90, 90, 90)
LINE = (160, 175, 205)

PAGE_MARGIN = 15  # mm
LABEL_WIDTH = 52  # the left column (labels, dates)
GUTTER = 4
LINE_HEIGHT = 5.2


@dataclass(frozen=True)
class CvExperience:
    start: date | None
    end: date | None  # None: still in progress
    profession: str  # "5.2.2.1.0.6 Cuoco di albergo"
    employer: str = ""
    place: str = ""
    contract: str = ""
    tasks: str = ""


@dataclass(frozen=True)
class CvEducation:
    year: int | None
    title: str  # the titoli_studio label
    institute: str = ""
    grade: str = ""
    description: str = ""


@dataclass(frozen=True)
class CvTraining:
    year: int | None
    title: str
    hours: int | None = None
    attestation: str = ""  # the tipi_attestazione label
    provider: str = ""


@dataclass(frozen=True)
class CvLanguage:
    """One language and its CEFR levels (A1..C2, "" when not assessed)."""

    name: str
    listening: str = ""
    reading: str = ""
    spoken_interaction: str = ""
    spoken_production: str = ""
    writing: str = ""
    certificate: str = ""


@dataclass(frozen=True)
class CvDigitalSkill:
    area: str  # "Elaborazione delle informazioni"
    level: str  # "Utente autonomo"


@dataclass(frozen=True)
class CvDocument:
    full_name: str
    birth_date: date | None = None
    birth_place: str = ""
    sex: str = ""
    citizenship: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""
    desired_professions: Sequence[str] = ()
    experiences: Sequence[CvExperience] = ()
    education: Sequence[CvEducation] = ()
    training: Sequence[CvTraining] = ()
    mother_tongues: Sequence[str] = ()
    languages: Sequence[CvLanguage] = ()
    digital_skills: Sequence[CvDigitalSkill] = ()
    digital_notes: str = ""
    driving_licences: Sequence[str] = ()
    other_licences: Sequence[str] = ()
    registers: Sequence[str] = ()  # albi professionali
    availability: Sequence[str] = ()  # lines: "Disponibile dal 01/02/2027", "Full time"
    counter: str = ""  # the desk that printed it
    printed_on: date = field(default_factory=date.today)


def day(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def period(start: date | None, end: date | None) -> str:
    if start and end:
        return f"{day(start)} – {day(end)}"
    if start:
        return f"dal {day(start)} – in corso"
    if end:
        return f"fino al {day(end)}"
    return ""


@lru_cache(maxsize=1)
def font_files() -> dict[str, Path]:
    """DejaVu Sans regular, bold and oblique, from matplotlib's wheel (found
    without importing matplotlib)."""
    spec = importlib.util.find_spec("matplotlib")
    if spec is None or not spec.origin:
        raise RuntimeError("Font DejaVu non trovato: installare le dipendenze (matplotlib).")
    folder = Path(spec.origin).parent / "mpl-data" / "fonts" / "ttf"
    files = {"": folder / "DejaVuSans.ttf", "B": folder / "DejaVuSans-Bold.ttf",
             "I": folder / "DejaVuSans-Oblique.ttf"}
    missing = [str(path) for path in files.values() if not path.is_file()]
    if missing:
        raise RuntimeError(f"Font DejaVu non trovato: {', '.join(missing)}")
    return files


class _Pdf(FPDF):
    footer_text = ""

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, "", 7.5)
        self.set_text_color(*GREY)
        self.set_x(PAGE_MARGIN)
        width = self.w - 2 * PAGE_MARGIN
        self.cell(width - 28, 4, self.footer_text, align="L")
        self.cell(28, 4, f"Pagina {self.page_no()} di {{nb}}", align="R")


class _Writer:
    """The two columns of the Europass layout: a label (or dates) on the left,
    the content on the right; content longer than a page flows on to the next
    page in its own column."""

    def __init__(self, document: CvDocument):
        self.pdf = pdf = _Pdf(orientation="P", unit="mm", format="A4")
        pdf.footer_text = (f"Curriculum vitae di {document.full_name}"
                           + (f" · stampato da {document.counter}" if document.counter else "")
                           + f" il {day(document.printed_on)}")
        for style, path in font_files().items():
            pdf.add_font(FONT, style, str(path))
        pdf.set_margins(PAGE_MARGIN, PAGE_MARGIN, PAGE_MARGIN)
        pdf.set_auto_page_break(True, margin=18)
        pdf.alias_nb_pages()
        pdf.set_title(f"Curriculum vitae - {document.full_name}")
        pdf.set_author(document.full_name)
        pdf.set_creator("Rete Sportelli")
        pdf.set_lang("it")
        pdf.add_page()
        self.right_x = PAGE_MARGIN + LABEL_WIDTH + GUTTER
        self.right_width = pdf.w - PAGE_MARGIN - self.right_x

    # --- primitives -------------------------------------------------------------

    def _right_column(self):
        self.pdf.set_left_margin(self.right_x)
        self.pdf.set_x(self.right_x)

    def _full_width(self):
        self.pdf.set_left_margin(PAGE_MARGIN)
        self.pdf.set_x(PAGE_MARGIN)

    def row(self, label: str, lines: Sequence[tuple[str, str, float]], *, gap: float = 1.5):
        """``label`` on the left; ``lines`` (text, style, size) on the right."""
        pdf = self.pdf
        lines = [line for line in lines if line[0]]
        if not lines and not label:
            return
        needed = LINE_HEIGHT * min(3, max(1, len(lines)))
        if pdf.will_page_break(needed):
            pdf.add_page()
        top_page, top = pdf.page, pdf.get_y()
        self._full_width()
        pdf.set_font(FONT, "", 8.5)
        pdf.set_text_color(*BLUE)
        pdf.multi_cell(LABEL_WIDTH, LINE_HEIGHT - 0.6, label, align="R",
                       new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        label_page, label_end = pdf.page, pdf.get_y()
        pdf.page = top_page
        pdf.set_y(top)
        self._right_column()
        pdf.set_text_color(0, 0, 0)
        for text, style, size in lines:
            pdf.set_font(FONT, style, size)
            pdf.multi_cell(self.right_width, LINE_HEIGHT - (0.2 if size >= 10 else 0.6), text,
                           align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        end_page, end = pdf.page, pdf.get_y()
        if (label_page, label_end) > (end_page, end):
            end_page, end = label_page, label_end
        pdf.page = end_page
        pdf.set_y(end + gap)
        self._full_width()

    def heading(self, text: str):
        pdf = self.pdf
        if pdf.will_page_break(LINE_HEIGHT * 4):
            pdf.add_page()
        pdf.ln(2.5)
        y = pdf.get_y()
        self._full_width()
        pdf.set_font(FONT, "B", 10)
        pdf.set_text_color(*BLUE)
        pdf.multi_cell(LABEL_WIDTH, LINE_HEIGHT, text, align="R",
                       new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        end = pdf.get_y()
        pdf.set_draw_color(*LINE)
        pdf.set_line_width(0.5)
        pdf.line(self.right_x, y + LINE_HEIGHT - 1.2, pdf.w - PAGE_MARGIN, y + LINE_HEIGHT - 1.2)
        pdf.set_y(max(end, y + LINE_HEIGHT) + 1.5)

    def grid(self, header: Sequence[tuple[str, int]], subheader: Sequence[str],
             rows: Sequence[Sequence[str]], first_width: float, indent: float):
        """A table from ``indent`` mm into the left column to the right margin:
        ``header`` cells (text, columns spanned) over ``subheader`` (a header
        spanning one column with an empty subheader takes both rows), then
        ``rows``; the first column is wider."""
        pdf = self.pdf
        left = self.right_x - indent
        columns = len(subheader)
        width = (pdf.w - PAGE_MARGIN - left - first_width) / columns
        height = LINE_HEIGHT + 0.8
        if pdf.will_page_break(height * (2 + min(len(rows), 3))):
            pdf.add_page()
        pdf.set_draw_color(*LINE)
        pdf.set_line_width(0.2)

        def header_rows():
            top = pdf.get_y()
            pdf.set_font(FONT, "B", 6.8)
            pdf.set_text_color(*BLUE)
            pdf.set_fill_color(236, 240, 248)
            pdf.set_xy(left, top)
            pdf.cell(first_width, height * 2, "", border=1, fill=True)
            column = 0
            for text, span in header:
                merged = span == 1 and not subheader[column]
                pdf.cell(width * span, height * (2 if merged else 1), text, border=1,
                         align="C", fill=True)
                column += span
            pdf.set_font(FONT, "", 7.5)
            pdf.set_xy(left + first_width, top + height)
            for text in subheader:
                if text:
                    pdf.cell(width, height, text, border=1, align="C", fill=True)
                else:
                    pdf.set_x(pdf.get_x() + width)
            pdf.set_xy(left, top + 2 * height)

        header_rows()
        pdf.set_text_color(0, 0, 0)
        for row in rows:
            if pdf.will_page_break(height):
                pdf.add_page()
                header_rows()
                pdf.set_text_color(0, 0, 0)
            pdf.set_x(left)
            pdf.set_font(FONT, "B", 8.5)
            pdf.cell(first_width, height, row[0], border=1)
            pdf.set_font(FONT, "", 8.5)
            for value in row[1:]:
                pdf.cell(width, height, value or "—", border=1, align="C")
            pdf.ln(height)
        pdf.ln(1.5)

    def note(self, text: str):
        pdf = self.pdf
        self._right_column()
        pdf.set_font(FONT, "I", 7)
        pdf.set_text_color(*GREY)
        pdf.multi_cell(self.right_width, 3.6, text, align="L",
                       new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(1)
        self._full_width()


LANGUAGE_LEGEND = ("Livelli: A1/A2 utente base, B1/B2 utente autonomo, C1/C2 utente avanzato "
                   "(Quadro comune europeo di riferimento per le lingue).")
DIGITAL_LEGEND = ("Autovalutazione secondo il quadro europeo delle competenze digitali "
                  "(DigComp): utente base, autonomo, avanzato.")
PRIVACY = ("Autorizzo il trattamento dei dati personali contenuti nel curriculum vitae ai sensi "
           "del Regolamento (UE) 2016/679 (GDPR) e del D.Lgs. 196/2003.")


def render(document: CvDocument) -> bytes:
    """The CV as PDF bytes."""
    w = _Writer(document)
    pdf = w.pdf
    # Title
    pdf.set_font(FONT, "B", 16)
    pdf.set_text_color(*BLUE)
    pdf.cell(LABEL_WIDTH, 9, "europass", align="R")
    pdf.set_x(w.right_x)
    pdf.set_font(FONT, "", 11)
    pdf.set_text_color(*GREY)
    pdf.cell(w.right_width, 9, "Curriculum vitae", align="L", new_x=XPos.LMARGIN,
             new_y=YPos.NEXT)
    pdf.ln(2)

    w.heading("Informazioni personali")
    w.row("Nome e cognome", [(document.full_name, "B", 12)])
    w.row("Indirizzo", [(document.address, "", 9.5)])
    w.row("Telefono", [(document.phone, "", 9.5)])
    w.row("E-mail", [(document.email, "", 9.5)])
    birth = day(document.birth_date)
    if document.birth_place:
        birth = f"{birth}, {document.birth_place}" if birth else document.birth_place
    w.row("Data e luogo di nascita", [(birth, "", 9.5)])
    w.row("Sesso", [(document.sex, "", 9.5)])
    w.row("Cittadinanza", [(document.citizenship, "", 9.5)])

    if document.desired_professions:
        w.heading("Occupazione desiderata")
        w.row("Professioni", [(text, "", 9.5) for text in document.desired_professions])

    w.heading("Esperienza professionale")
    if not document.experiences:
        w.row("", [("Nessuna esperienza indicata.", "I", 9)])
    for item in document.experiences:
        employer = ", ".join(part for part in (item.employer, item.place) if part)
        w.row(period(item.start, item.end), [
            (item.profession, "B", 10),
            (employer, "", 9.5),
            (f"Contratto: {item.contract}" if item.contract else "", "", 8.5),
            (f"Principali attività e responsabilità: {item.tasks}" if item.tasks else "", "", 9),
        ], gap=2.5)

    w.heading("Istruzione e formazione")
    if not document.education and not document.training:
        w.row("", [("Nessun titolo indicato.", "I", 9)])
    for item in document.education:
        w.row(str(item.year or ""), [
            (item.title, "B", 10),
            (item.description, "", 9),
            (item.institute, "", 9.5),
            (f"Votazione: {item.grade}" if item.grade else "", "", 8.5),
        ], gap=2.5)
    for item in document.training:
        details = " · ".join(part for part in (
            f"{item.hours} ore" if item.hours else "",
            f"Attestazione: {item.attestation}" if item.attestation else "",
        ) if part)
        w.row(str(item.year or ""), [
            (f"Corso: {item.title}", "B", 10),
            (item.provider, "", 9.5),
            (details, "", 8.5),
        ], gap=2.5)

    w.heading("Competenze linguistiche")
    w.row("Lingua madre", [(", ".join(document.mother_tongues) or "—", "", 9.5)])
    if document.languages:
        w.row("Altre lingue", [("", "", 9)], gap=0)
        w.grid(
            header=(("Comprensione", 2), ("Parlato", 2), ("Produzione scritta", 1)),
            subheader=("Ascolto", "Lettura", "Interazione", "Produzione orale", ""),
            rows=[(item.name, item.listening, item.reading, item.spoken_interaction,
                   item.spoken_production, item.writing) for item in document.languages],
            first_width=24, indent=24)
        certificates = [f"{item.name}: {item.certificate}" for item in document.languages
                        if item.certificate]
        if certificates:
            w.row("Certificazioni", [(text, "", 9) for text in certificates])
        w.note(LANGUAGE_LEGEND)

    w.heading("Competenze digitali")
    if document.digital_skills:
        w.row("Autovalutazione", [(f"{skill.area}: {skill.level}", "", 9.5)
                                  for skill in document.digital_skills], gap=0.5)
        w.note(DIGITAL_LEGEND)
    w.row("Altre competenze" if document.digital_skills else "",
          [(document.digital_notes or ("" if document.digital_skills
                                       else "Nessuna competenza indicata."), "", 9.5)])

    w.heading("Patente di guida")
    w.row("", [(", ".join(document.driving_licences) or "Nessuna", "", 9.5)])
    if document.other_licences or document.registers:
        w.heading("Abilitazioni e albi")
        w.row("Patentini e abilitazioni", [(text, "", 9.5) for text in document.other_licences])
        w.row("Albi professionali", [(text, "", 9.5) for text in document.registers])

    if document.availability:
        w.heading("Disponibilità")
        w.row("", [(text, "", 9.5) for text in document.availability])

    pdf.ln(4)
    w.note(PRIVACY)
    return bytes(pdf.output())
