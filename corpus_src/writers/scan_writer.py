"""A scanned paper page: the document typeset, printed to pixels, and nothing else.

The source is first typeset as an ordinary PDF (pdf_writer), then each page is drawn
to a grey-level picture by PDFium, with what a copier adds: off-white paper, a slight
tilt, dust. The output PDF holds only those pictures, a rubber stamp and a signature:
no text operator at all, so only OCR can read what is printed on it. Everything random
comes from a generator seeded by the source's year, so the bytes are reproducible.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass

import pypdfium2 as pdfium
from PIL import Image, ImageDraw, ImageFilter
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import cm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from ..sources import Source
from .common import Rendered, keywords_text
from .pdf_writer import FONT, _FixedInfo, pdf_date, register_fonts, write_pdf

_WIDTH, _HEIGHT = A4
_LEFT = 2.4 * cm
_RIGHT = _WIDTH - 2.2 * cm
DPI = 150  # what an office copier scans at by default
JPEG_QUALITY = 80


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


def _scanned(page_image: Image.Image, rng: random.Random) -> Image.Image:
    """A printed page as a copier returns it: paper tone, dust, a tilt, a soft focus."""
    grey = page_image.convert("L")
    paper = Image.new("L", grey.size, 238)
    scanned = Image.composite(grey, paper, grey.point(lambda v: 255 if v < 200 else 0))
    draw = ImageDraw.Draw(scanned)
    for _ in range(900):
        x, y = rng.randrange(grey.width), rng.randrange(grey.height)
        draw.point((x, y), fill=rng.randrange(90, 200))
    for step in range(14):  # the shadow of the binding
        draw.line([(step, 0), (step, grey.height)], fill=150 + step * 6)
    scanned = scanned.rotate(rng.uniform(-0.8, 0.8), resample=Image.Resampling.BICUBIC, fillcolor=238)
    return scanned.filter(ImageFilter.GaussianBlur(0.4))


def _pictures(source: Source, rng: random.Random) -> list[Image.Image]:
    """Each page of the typeset document as a scanned grey picture."""
    document = pdfium.PdfDocument(write_pdf(source).data)
    try:
        return [_scanned(page.render(scale=DPI / 72, grayscale=True).to_pil(), rng) for page in document]
    finally:
        document.close()


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


def _jpeg(image: Image.Image) -> ImageReader:
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=JPEG_QUALITY)
    buffer.seek(0)
    return ImageReader(buffer)


def write_scan(source: Source) -> Rendered:
    """Render ``source`` as an image-only PDF that looks scanned."""
    register_fonts()  # a TrueType initial font keeps reportlab from writing a text preamble
    rng = random.Random(source.year)
    pictures = _pictures(source, rng)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=1, initialFontName=FONT, pageCompression=1)
    canvas._doc.info = _FixedInfo(scan_entries(source))
    for number, picture in enumerate(pictures, start=1):
        canvas.drawImage(_jpeg(picture), 0, 0, width=_WIDTH, height=_HEIGHT)
        if number == len(pictures):  # signed and stamped at the end, as such letters are
            page = _Page(canvas, rng)
            _stamp(page, _RIGHT - 3.4 * cm, 5.5 * cm)
            _signature(page, _LEFT + 1.5 * cm, 4.5 * cm)
        canvas.showPage()
    canvas.save()
    return Rendered(buffer.getvalue(), len(pictures))
