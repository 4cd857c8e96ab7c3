"""Running headers and footers ("page furniture") recognised page by page and taken out
of the text, so that snippets are made of what a page says, not of "Conseil général de
l'Essonne — Page 3" repeated on every page.

A line is furniture when it stands among the first or last lines of a page and the same
line, numbers aside ("Page 3" and "Page 4" are one line), stands there on most pages of
the document; a bare page number ("12", "- 12 -", "p. 12", "12/40") in those places is
furniture too. Documents of fewer than MIN_PAGES pages are left as they are: a line
repeated on two pages says nothing. The lines taken out are kept (`Extracted.furniture`)
so that metadata detection still reads them (an organisation named in every footer).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from cresi_search.french.normalise import fold
from indexer.model import Extracted

MIN_PAGES = 3
EDGE_LINES = 2  # lines looked at at the top and at the bottom of each page
MAX_LINE_CHARS = 150  # a running header is short
SHARE = 0.6  # on at least this share of the pages

_DIGITS = re.compile(r"\d+")
_SPACES = re.compile(r"\s+")
_PAGE_NUMBER = re.compile(r"^[-–—\s]*(?:p(?:age|\.)?\s*)?\d{1,4}(?:\s*(?:/|sur)\s*\d{1,4})?[-–—\s]*$", re.I)


def _key(line: str) -> str:
    """A line as compared across pages: case, accents, spacing and numbers aside."""
    return _SPACES.sub(" ", _DIGITS.sub("#", fold(line.lower()))).strip()


def _edges(lines: list[str]) -> list[int]:
    """Indexes of the first and last non-empty lines of a page."""
    filled = [i for i, line in enumerate(lines) if line.strip()]
    return sorted(set(filled[:EDGE_LINES] + filled[-EDGE_LINES:]))


def _candidates(lines: list[str]) -> set[str]:
    return {_key(lines[i]) for i in _edges(lines) if len(lines[i].strip()) <= MAX_LINE_CHARS}


def running_lines(pages: tuple[str, ...]) -> set[str]:
    """Keys of the lines repeated at the edges of most pages."""
    split = [page.split("\n") for page in pages]
    counts = Counter(key for lines in split for key in _candidates(lines) if key)
    needed = max(MIN_PAGES, round(SHARE * len(pages)))
    return {key for key, n in counts.items() if n >= needed}


def strip_page(page: str, running: set[str]) -> tuple[str, list[str]]:
    """The page without its furniture lines, and those lines."""
    lines = page.split("\n")
    taken = []
    for i in reversed(_edges(lines)):
        line = lines[i].strip()
        if len(line) <= MAX_LINE_CHARS and (_key(line) in running or _PAGE_NUMBER.match(line)):
            taken.append(line)
            del lines[i]
    return "\n".join(lines).strip(), taken[::-1]


def strip_furniture(extracted: Extracted) -> Extracted:
    """The extraction with running headers, footers and page numbers out of its pages."""
    pages = extracted.pages
    if len([p for p in pages if p.strip()]) < MIN_PAGES:
        return extracted
    running = running_lines(pages)
    kept, found = [], {}
    for page in pages:
        text, taken = strip_page(page, running)
        kept.append(text)
        for line in taken:
            found.setdefault(_key(line), line)
    if not found:
        return extracted
    furniture = tuple(line for line in found.values() if not _PAGE_NUMBER.match(line))
    return replace(extracted, pages=tuple(kept), furniture=furniture)
