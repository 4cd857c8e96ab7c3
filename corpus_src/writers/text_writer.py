"""Markdown and plain-text writers."""

from __future__ import annotations

import re

from .. import markup
from ..sources import Source
from .common import Rendered
from .html_writer import pages_for_words


def _word_pages(source: Source) -> int:
    return pages_for_words(source.word_count())


def markdown_text(source: Source) -> str:
    """The body as written, without the ``\\newpage`` lines."""
    lines = [line.rstrip() for line in source.body.splitlines() if line.strip() != markup.NEWPAGE]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")
    return text + "\n"


def write_markdown(source: Source) -> Rendered:
    return Rendered(markdown_text(source).encode("utf-8"), _word_pages(source))


def _table_lines(block: markup.Table) -> list[str]:
    rows = [[markup.plain(cell) for cell in row] for row in (block.header, *block.rows)]
    widths = [max(len(row[col]) for row in rows) for col in range(len(rows[0]))]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip() for row in rows
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return lines


def _list_lines(block: markup.ListBlock) -> list[str]:
    lines, number = [], block.start
    for item in block.items:
        if item.level:
            lines.append(f"    - {markup.plain(item.runs)}")
        elif block.ordered:
            lines.append(f"{number}. {markup.plain(item.runs)}")
            number += 1
        else:
            lines.append(f"- {markup.plain(item.runs)}")
    return lines


def plain_text(source: Source) -> str:
    """Plain text: no Markdown marks, headings as ordinary lines."""
    chunks: list[str] = []
    for block in source.blocks:
        if isinstance(block, (markup.Heading, markup.Paragraph)):
            chunks.append(markup.plain(block.runs))
        elif isinstance(block, markup.ListBlock):
            chunks.append("\n".join(_list_lines(block)))
        elif isinstance(block, markup.Table):
            chunks.append("\n".join(_table_lines(block)))
    return "\n\n".join(chunks) + "\n"


def fits_cp1252(source: Source) -> bool:
    try:
        plain_text(source).encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True


def uses_cp1252_extras(source: Source) -> bool:
    """True if the text has characters Windows-1252 encodes in the 0x80-0x9F range."""
    return any(0x80 <= byte <= 0x9F for byte in plain_text(source).encode("cp1252", "ignore"))


def write_text(source: Source, encoding: str = "utf-8") -> Rendered:
    """Plain text in UTF-8, or in Windows-1252 with CRLF line ends like a Windows editor."""
    text = plain_text(source)
    if encoding == "cp1252":
        text = text.replace("\n", "\r\n")
    return Rendered(text.encode(encoding), _word_pages(source))
