"""Write a planned document as a real PDF (reportlab) or DOCX (python-docx) file.

PDFs embed a subset of a TrueType font (Vera, shipped with reportlab) and justify their
lines, as office suites do: pypdf then reads them at about the speed measured on real
documents (~200 pages/s), where the built-in Helvetica would be twice as fast to read.
Both outputs are byte-for-byte reproducible: reportlab runs in invariant mode, and the
DOCX zip is rewritten with fixed timestamps (python-docx stamps the current time).
"""

from __future__ import annotations

import io
from datetime import datetime
import zipfile
from functools import lru_cache
from pathlib import Path

from bench.textgen import DocPlan, Page

LINE_CHARS = 95
FONT, BOLD = "Vera", "Vera-Bold"
FONT_SIZE = 9.5
LEFT, TEXT_WIDTH = 56, 483
FIXED_ZIP_TIME = (2020, 1, 1, 0, 0, 0)


def write_document(path: Path, plan: DocPlan, pages: list[Page]) -> int:
    """Write the file atomically; returns its size in bytes."""
    data = pdf_bytes(plan, pages) if plan.fmt == "pdf" else docx_bytes(plan, pages)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".tmp-{path.name}")
    tmp.write_bytes(data)
    tmp.replace(path)
    return len(data)


def written_on(plan: DocPlan) -> tuple[int, int]:
    """Month and day of the file's dates (properties): in the document's year."""
    return 1 + plan.index % 12, 1 + plan.index % 28


def wrap(text: str, width: int = LINE_CHARS) -> list[str]:
    """Greedy word wrap (textwrap is several times slower on 100 MB of text)."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line:
        lines.append(line)
    return lines


@lru_cache(maxsize=1)
def register_fonts() -> None:
    import reportlab
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    folder = Path(reportlab.__file__).parent / "fonts"
    pdfmetrics.registerFont(TTFont(FONT, str(folder / "Vera.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(folder / "VeraBd.ttf")))


def pdf_bytes(plan: DocPlan, pages: list[Page]) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    register_fonts()
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=A4, invariant=1)
    month, day = written_on(plan)
    c.setDateFormatter(lambda *_: f"D:{plan.year:04d}{month:02d}{day:02d}120000+00'00'")
    if plan.with_properties:
        c.setTitle(plan.title)
        c.setAuthor(plan.organisation)
    _, height = A4
    for number, page in enumerate(pages, start=1):
        y = height - 60
        c.setFont(BOLD, 13 if number == 1 else 11)
        for line in wrap(page.heading, 70):
            c.drawString(LEFT, y, line)
            y -= 18
        for paragraph in page.paragraphs:
            lines = wrap(paragraph)
            for k, line in enumerate(lines):
                _justified(c, line, y, last=k == len(lines) - 1)
                y -= 12.5
            y -= 5
        c.setFont(FONT, FONT_SIZE)
        for row in page.table:
            for x, cell in zip((70, 300, 420), row):
                c.drawString(x, y, cell)
            y -= 13
        c.setFont(FONT, 8)
        c.drawString(LEFT, 30, f"{plan.organisation} — page {number}/{len(pages)}")
        c.showPage()
    c.save()
    return out.getvalue()


def _justified(c, line: str, y: float, last: bool) -> None:
    """One line of text, stretched to the full width unless it ends its paragraph."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    text = c.beginText(LEFT, y)
    text.setFont(FONT, FONT_SIZE)
    gaps = line.count(" ")
    if not last and gaps:
        text.setWordSpace((TEXT_WIDTH - stringWidth(line, FONT, FONT_SIZE)) / gaps)
    text.textLine(line)
    c.drawText(text)


def docx_bytes(plan: DocPlan, pages: list[Page]) -> bytes:
    import docx

    d = docx.Document()
    props = d.core_properties
    props.created = props.modified = datetime(plan.year, *written_on(plan), 12, 0, 0)
    props.language = "fr-FR"
    props.title = plan.title if plan.with_properties else ""
    props.author = plan.organisation if plan.with_properties else ""
    for number, page in enumerate(pages, start=1):
        if number > 1:
            d.add_page_break()
        d.add_heading(page.heading, level=0 if number == 1 else 1)
        for paragraph in page.paragraphs:
            d.add_paragraph(paragraph)
        if page.table:
            table = d.add_table(rows=0, cols=3)
            table.style = "Table Grid"
            for row in page.table:
                cells = table.add_row().cells
                for cell, value in zip(cells, row):
                    cell.text = value
    out = io.BytesIO()
    d.save(out)
    return _fixed_times(out.getvalue())


def _fixed_times(data: bytes) -> bytes:
    """The same zip with every entry dated FIXED_ZIP_TIME."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, FIXED_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()
