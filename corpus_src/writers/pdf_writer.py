"""PDF writer (reportlab platypus) with the Vera TrueType fonts shipped in reportlab."""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Callable
from pathlib import Path
from xml.sax.saxutils import escape

import reportlab
from reportlab.lib import colors
from reportlab.lib.enums import TA_JUSTIFY
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFInfo, PDFString
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from .. import markup
from ..sources import Source
from .common import Rendered, keywords_text

FONT_DIR = Path(reportlab.__file__).parent / "fonts"
FONT = "Vera"
_FONT_FILES = {
    "Vera": "Vera.ttf",
    "Vera-Bold": "VeraBd.ttf",
    "Vera-Italic": "VeraIt.ttf",
    "Vera-BoldItalic": "VeraBI.ttf",
}
# Characters missing from Vera, replaced by close ones that it has.
_SUBSTITUTES = {
    "\u202f": "\u00a0",  # narrow no-break space (before « ; : ! ? »)
    "\u2009": " ",
    "\u200b": "",
    "\u2010": "-",
    "\u2011": "-",
    "\u2192": "->",
    "\u2190": "<-",
    "\u02bc": "\u2019",
    "\u2032": "'",
    "\u2212": "-",
}
_MARGIN = 2.2 * cm


def register_fonts() -> set[int]:
    """Register the Vera family once; return the code points the regular font covers."""
    if FONT not in pdfmetrics.getRegisteredFontNames():
        for name, filename in _FONT_FILES.items():
            pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / filename)))
        pdfmetrics.registerFontFamily(
            FONT, normal=FONT, bold="Vera-Bold", italic="Vera-Italic", boldItalic="Vera-BoldItalic"
        )
    return set(pdfmetrics.getFont(FONT).face.charToGlyph)


def fit_to_font(text: str, covered: set[int]) -> str:
    """Replace the characters the font lacks by sensible equivalents."""
    out = []
    for char in text:
        if ord(char) in covered or char in "\n\t":
            out.append(char)
        elif char in _SUBSTITUTES:
            out.append(_SUBSTITUTES[char])
        else:
            base = "".join(c for c in unicodedata.normalize("NFKD", char) if ord(c) in covered)
            out.append(base or "?")
    return "".join(out)


class _FixedInfo(PDFInfo):
    """Document information dictionary holding exactly the given entries."""

    def __init__(self, entries: dict[str, str]) -> None:
        super().__init__()
        self.entries = entries

    def digest(self, md5object) -> None:
        for key, value in sorted(self.entries.items()):
            md5object.update(f"{key}={value}".encode("utf-8"))

    def format(self, document) -> bytes:
        return PDFDictionary({k: PDFString(v) for k, v in self.entries.items()}).format(document)


def pdf_date(source: Source) -> str:
    return source.created.strftime("D:%Y%m%d%H%M%S+00'00'")


def info_entries(source: Source) -> dict[str, str]:
    """The PDF information entries: full ones with properties, almost none without."""
    entries = {"Producer": "ReportLab PDF Library"}
    if source.properties:
        entries.update(
            Title=source.title,
            Author=source.creator,
            Subject=source.summary,
            Keywords=keywords_text(source),
            Creator="cresi-search, corpus_src/generate.py",
            CreationDate=pdf_date(source),
            ModDate=pdf_date(source),
        )
    return entries


class _CorpusCanvas(Canvas):
    """Canvas that draws the footer when a page is finished.

    Drawing it last keeps it after the body in the content stream, so text extraction
    starts with the document title rather than with the footer.
    """

    footer: Callable[[Canvas], None] | None = None

    def showPage(self) -> None:
        if self.footer is not None:
            self.footer(self)
        super().showPage()


def canvas_maker(entries: dict[str, str], footer: Callable[[Canvas], None] | None = None):
    """A canvas factory that installs our own information dictionary and footer."""

    def make(*args, **kwargs) -> Canvas:
        canvas = _CorpusCanvas(*args, **kwargs)
        canvas._doc.info = _FixedInfo(entries)  # reportlab offers no public way to drop keys
        canvas.footer = footer
        return canvas

    return make


def _styles() -> dict[str, ParagraphStyle]:
    body = ParagraphStyle(
        "corps", fontName=FONT, fontSize=10.5, leading=14.5, spaceAfter=6, alignment=TA_JUSTIFY
    )
    heading = dict(fontName="Vera-Bold", keepWithNext=1)
    item = dict(spaceAfter=3, bulletFontName=FONT)
    return {
        "body": body,
        "h1": ParagraphStyle("titre1", fontSize=18, leading=23, spaceAfter=14, **heading),
        "h2": ParagraphStyle(
            "titre2", fontSize=14, leading=18, spaceBefore=12, spaceAfter=6, **heading
        ),
        "h3": ParagraphStyle(
            "titre3", fontSize=11.5, leading=15, spaceBefore=8, spaceAfter=4, **heading
        ),
        "item": ParagraphStyle("puce", parent=body, leftIndent=16, bulletIndent=4, **item),
        "subitem": ParagraphStyle("souspuce", parent=body, leftIndent=32, bulletIndent=20, **item),
        "cell": ParagraphStyle("cellule", fontName=FONT, fontSize=9, leading=11.5),
        "head": ParagraphStyle("entete", fontName="Vera-Bold", fontSize=9, leading=11.5),
    }


class _Builder:
    """Turns the blocks of one source into platypus flowables."""

    def __init__(self, covered: set[int]) -> None:
        self.covered = covered
        self.styles = _styles()

    def markup(self, runs: markup.Runs) -> str:
        parts = []
        for run in runs:
            text = escape(fit_to_font(run.text, self.covered))
            if run.italic:
                text = f"<i>{text}</i>"
            if run.bold:
                text = f"<b>{text}</b>"
            parts.append(text)
        return "".join(parts)

    def flowables(self, blocks: list[markup.Block]) -> list:
        story: list = []
        for block in blocks:
            story.extend(self.block(block))
        return story

    def block(self, block: markup.Block) -> list:
        if isinstance(block, markup.Heading):
            return [Paragraph(self.markup(block.runs), self.styles[f"h{block.level}"])]
        if isinstance(block, markup.Paragraph):
            return [Paragraph(self.markup(block.runs), self.styles["body"])]
        if isinstance(block, markup.ListBlock):
            return self.list_block(block)
        if isinstance(block, markup.Table):
            return [self.table(block), Spacer(1, 8)]
        return [PageBreak()]

    def list_block(self, block: markup.ListBlock) -> list:
        story, number = [], block.start
        for item in block.items:
            if item.level:
                bullet, style = "–", self.styles["subitem"]
            elif block.ordered:
                bullet, style = f"{number}.", self.styles["item"]
                number += 1
            else:
                bullet, style = "•", self.styles["item"]
            story.append(Paragraph(self.markup(item.runs), style, bulletText=bullet))
        story.append(Spacer(1, 4))
        return story

    def table(self, block: markup.Table) -> Table:
        rows = [[Paragraph(self.markup(c), self.styles["head"]) for c in block.header]]
        for row in block.rows:
            rows.append([Paragraph(self.markup(cell), self.styles["cell"]) for cell in row])
        table = Table(rows, colWidths=_column_widths(block), repeatRows=1, hAlign="LEFT")
        table.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#555555")),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E3E8EE")),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("TOPPADDING", (0, 0), (-1, -1), 3),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                ]
            )
        )
        return table


def _column_widths(block: markup.Table) -> list[float]:
    """Share the frame width between columns according to their longest cell."""
    width = A4[0] - 2 * _MARGIN
    rows = [block.header, *block.rows]
    weights = [
        min(max(len(markup.plain(row[col])) for row in rows), 45) + 6
        for col in range(len(block.header))
    ]
    return [width * weight / sum(weights) for weight in weights]


def _footer(source: Source) -> Callable[[Canvas], None]:
    organisation = fit_to_font(source.organisation, _COVERED)

    def draw(canvas: Canvas) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 8)
        canvas.setFillColor(colors.HexColor("#444444"))
        canvas.drawString(_MARGIN, 1.2 * cm, organisation)
        canvas.drawRightString(A4[0] - _MARGIN, 1.2 * cm, f"Page {canvas.getPageNumber()}")
        canvas.restoreState()

    return draw


_COVERED = register_fonts()


def write_pdf(source: Source) -> Rendered:
    """Render ``source`` as an A4 PDF."""
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=_MARGIN,
        rightMargin=_MARGIN,
        topMargin=2 * cm,
        bottomMargin=2.2 * cm,
        invariant=1,
        lang="fr-FR",
        initialFontName=FONT,
        displayDocTitle=1 if source.properties else None,
    )
    story = _Builder(_COVERED).flowables(source.blocks)
    document.build(story, canvasmaker=canvas_maker(info_entries(source), _footer(source)))
    return Rendered(buffer.getvalue(), document.page)
