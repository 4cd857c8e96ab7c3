"""One writer per output format; ``render`` picks the right one."""

from __future__ import annotations

from ..sources import Source
from .common import Rendered
from .docx_writer import write_docx
from .html_writer import write_html
from .odt_writer import write_odt
from .pdf_writer import write_pdf
from .scan_writer import write_scan
from .text_writer import write_markdown, write_text


def render(source: Source, text_encoding: str = "utf-8") -> Rendered:
    """Render ``source`` in the format given by the suffix of its output path."""
    if source.scan:
        return write_scan(source)
    writers = {
        ".pdf": write_pdf,
        ".docx": write_docx,
        ".odt": write_odt,
        ".html": write_html,
        ".md": write_markdown,
    }
    if source.suffix == ".txt":
        return write_text(source, text_encoding)
    return writers[source.suffix](source)
