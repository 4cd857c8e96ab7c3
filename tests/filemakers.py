"""Builders of real documents for the tests (PDF with reportlab, DOCX with python-docx)."""

from __future__ import annotations

import zlib
from pathlib import Path


def make_pdf(path: Path, pages: list[str], *, title: str = "", author: str = "", keywords: str = "") -> Path:
    """A real multi-page PDF, one string of text per page."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    path.parent.mkdir(parents=True, exist_ok=True)
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    c.setTitle(title)
    c.setAuthor(author)
    c.setKeywords(keywords)
    for text in pages:
        y = 800
        for line in text.splitlines() or [""]:
            c.drawString(60, y, line)
            y -= 16
        c.showPage()
    c.save()
    return path


def make_docx(path: Path, heading: str, paragraphs: list[str], *, title: str = "") -> Path:
    import docx

    path.parent.mkdir(parents=True, exist_ok=True)
    d = docx.Document()
    d.core_properties.title = title
    d.core_properties.author = ""
    d.add_heading(heading, level=1)
    for p in paragraphs:
        d.add_paragraph(p)
    d.save(str(path))
    return path


def make_slow_pdf(path: Path, operations: int = 3_000_000) -> Path:
    """A small, valid PDF whose single page holds millions of text operators.

    The content stream compresses to a few kilobytes but takes pypdf minutes to walk:
    the honest way to test the per-file time limit with a real file.
    """
    ops = b"BT /F1 12 Tf 72 700 Td " + b"(ab) Tj " * operations + b"ET"
    stream = zlib.compress(ops, 9)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(
        raw_pdf([
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ])
    )
    return path


def raw_pdf(objects: list[bytes], trailer: bytes = b"") -> bytes:
    """A PDF with these objects (numbered from 1, object 1 the catalog) and a correct xref."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, trailer, xref)
    return bytes(out)
