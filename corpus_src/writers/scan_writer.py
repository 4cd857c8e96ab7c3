"""A PDF that looks like a scanned paper page and has no text layer at all.

The source text only drives the layout: each word becomes a small dark bar, so the
page shows the shape of a typed letter (headings, lines, a table, a stamp and a
signature) while the file holds no text operator. An indexer must flag it
« sans couche texte ».
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import cm
from reportlab.pdfgen.canvas import Canvas

from .. import markup
from ..sources import Source
from .common import Rendered, keywords_text
from .pdf_writer import FONT, _FixedInfo, pdf_date, register_fonts

_WIDTH, _HEIGHT = A4
_LEFT = 2.4 * cm
_RIGHT = _WIDTH - 2.2 * cm
_CHAR = {"body": 4.3, "h1": 7.0, "h2": 5.4, "cell": 3.9}
_BAR = {"body": 4.2, "h1": 8.5, "h2": 6.0, "cell": 3.8}
_LEADING = {"body": 13.5, "h1": 24.0, "h2": 18.0, "cell": 12.0}


def scan_entries(source: Source) -> dict[str, str]:
    """Scanners usually only write a title, some keywords and a date."""
    return {
        "Title": source.title,
        "Keywords": keywords_text(source),
        "Creator": "Numérisation - copieur multifonction",
        "Producer": "ReportLab PDF Library",
        "CreationDate": pdf_date(source),
        "ModDate": pdf_date(source),
    }


@dataclass
class _Page:
    canvas: Canvas
    rng: random.Random
    y: float = _HEIGHT - 2.6 * cm

    def ink(self) -> None:
        grey = 0.16 + self.rng.random() * 0.12
        self.canvas.setFillColorRGB(grey, grey, grey * 1.05)

    def words(self, text: str, kind: str, left: float, right: float, centred: bool = False) -> None:
        """Draw ``text`` as bars of word length, wrapped between ``left`` and ``right``."""
        lines: list[list[float]] = [[]]
        used = 0.0
        for word in text.split():
            width = len(word) * _CHAR[kind]
            if lines[-1] and used + width > right - left:
                lines.append([])
                used = 0.0
            lines[-1].append(width)
            used += width + _CHAR[kind] * 1.2
        for widths in lines:
            total = sum(widths) + _CHAR[kind] * 1.2 * (len(widths) - 1)
            x = left + ((right - left - total) / 2 if centred else 0)
            for width in widths:
                self.ink()
                jitter = self.rng.uniform(-0.4, 0.4)
                self.canvas.roundRect(x, self.y + jitter, width, _BAR[kind], 1.2, stroke=0, fill=1)
                x += width + _CHAR[kind] * 1.2
            self.y -= _LEADING[kind]

    def table(self, block: markup.Table) -> None:
        rows = [block.header, *block.rows]
        columns = len(block.header)
        col_width = (_RIGHT - _LEFT) / columns
        row_height = 17.0
        top = self.y + 12
        self.canvas.setStrokeColorRGB(0.22, 0.22, 0.24)
        self.canvas.setLineWidth(0.7)
        for index in range(len(rows) + 1):
            y = top - index * row_height
            self.canvas.line(_LEFT, y, _RIGHT, y + self.rng.uniform(-0.3, 0.3))
        for index in range(columns + 1):
            x = _LEFT + index * col_width
            self.canvas.line(x, top, x, top - len(rows) * row_height)
        for position, row in enumerate(rows):
            for index, cell in enumerate(row):
                self.y = top - position * row_height - 12
                left = _LEFT + index * col_width + 5
                self.words(markup.plain(cell)[:40], "cell", left, left + col_width - 10)
        self.y = top - len(rows) * row_height - 18


def _paper(page: _Page) -> None:
    """Off-white paper, a shadow on the binding side, dust and scanner streaks."""
    canvas, rng = page.canvas, page.rng
    canvas.setFillColorRGB(0.955, 0.948, 0.925)
    canvas.rect(0, 0, _WIDTH, _HEIGHT, stroke=0, fill=1)
    for step in range(12):
        shade = 0.62 + step * 0.028
        canvas.setFillColorRGB(shade, shade, shade * 0.98)
        canvas.rect(step * 1.1, 0, 1.2, _HEIGHT, stroke=0, fill=1)
    for _ in range(420):
        grey = rng.uniform(0.35, 0.8)
        canvas.setFillColorRGB(grey, grey, grey)
        canvas.circle(rng.uniform(0, _WIDTH), rng.uniform(0, _HEIGHT), rng.uniform(0.15, 0.7), 0, 1)
    canvas.setStrokeColorRGB(0.86, 0.86, 0.84)
    canvas.setLineWidth(0.4)
    for _ in range(3):
        x = rng.uniform(3 * cm, _WIDTH - 3 * cm)
        canvas.line(x, 0, x + rng.uniform(-2, 2), _HEIGHT)


def _stamp(page: _Page, x: float, y: float) -> None:
    """A round rubber stamp in purple ink."""
    canvas, rng = page.canvas, page.rng
    canvas.saveState()
    canvas.setStrokeColorRGB(0.36, 0.27, 0.62)
    canvas.setFillColorRGB(0.36, 0.27, 0.62)
    canvas.setLineWidth(1.6)
    canvas.circle(x, y, 42, stroke=1, fill=0)
    canvas.setLineWidth(0.8)
    canvas.circle(x, y, 30, stroke=1, fill=0)
    canvas.translate(x, y)
    for step in range(22):
        canvas.saveState()
        canvas.rotate(step * 360 / 22 + rng.uniform(-2, 2))
        canvas.rect(-1.6, 33, 3.2, 6, stroke=0, fill=1)
        canvas.restoreState()
    canvas.circle(0, 0, 7, stroke=0, fill=1)
    canvas.restoreState()


def _signature(page: _Page, x: float, y: float) -> None:
    """A few loops of blue ink."""
    canvas, rng = page.canvas, page.rng
    canvas.saveState()
    canvas.setStrokeColorRGB(0.1, 0.18, 0.5)
    canvas.setLineWidth(1.1)
    path = canvas.beginPath()
    path.moveTo(x, y)
    for _ in range(5):
        x += rng.uniform(14, 24)
        path.curveTo(x - 18, y + rng.uniform(14, 26), x - 2, y - rng.uniform(10, 18), x, y)
    path.lineTo(x + 30, y + 6)
    canvas.drawPath(path, stroke=1, fill=0)
    canvas.restoreState()


def _draw_blocks(page: _Page, blocks: list[markup.Block]) -> None:
    for block in blocks:
        if isinstance(block, markup.Heading):
            kind = "h1" if block.level == 1 else "h2"
            page.y -= 6
            page.words(markup.plain(block.runs), kind, _LEFT, _RIGHT, centred=block.level == 1)
            page.y -= 4
        elif isinstance(block, markup.Paragraph):
            page.words(markup.plain(block.runs), "body", _LEFT, _RIGHT)
            page.y -= 6
        elif isinstance(block, markup.ListBlock):
            for item in block.items:
                page.ink()
                page.canvas.circle(_LEFT + 6, page.y + 2, 1.6, stroke=0, fill=1)
                page.words(markup.plain(item.runs), "body", _LEFT + 16, _RIGHT)
            page.y -= 6
        elif isinstance(block, markup.Table):
            page.table(block)


def _pages(blocks: list[markup.Block]) -> list[list[markup.Block]]:
    pages: list[list[markup.Block]] = [[]]
    for block in blocks:
        if isinstance(block, markup.PageBreak):
            pages.append([])
        else:
            pages[-1].append(block)
    return [page for page in pages if page]


def write_scan(source: Source) -> Rendered:
    """Render ``source`` as a text-less, scanned-looking PDF."""
    register_fonts()  # a TrueType initial font keeps reportlab from writing a text preamble
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=1, initialFontName=FONT, pageCompression=1)
    canvas._doc.info = _FixedInfo(scan_entries(source))
    rng = random.Random(source.year)
    pages = _pages(source.blocks)
    for number, blocks in enumerate(pages, start=1):
        page = _Page(canvas, rng)
        _paper(page)
        canvas.saveState()
        canvas.translate(_WIDTH / 2, _HEIGHT / 2)
        canvas.rotate(rng.uniform(-0.9, 0.9))
        canvas.translate(-_WIDTH / 2, -_HEIGHT / 2)
        _draw_blocks(page, blocks)
        if number == 1:
            _stamp(page, _RIGHT - 3.4 * cm, page.y - 40)
            _signature(page, _LEFT + 1.5 * cm, page.y - 50)
        canvas.restoreState()
        canvas.showPage()
    canvas.save()
    return Rendered(buffer.getvalue(), len(pages))
