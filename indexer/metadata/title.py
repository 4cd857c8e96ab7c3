"""Choosing a document title from its properties or its text."""

from __future__ import annotations

import re

from cresi_search.french.normalise import fold

MAX_TITLE = 160
_JUNK_TITLE = re.compile(
    r"^(microsoft (word|powerpoint|excel)\b|untitled|sans titre|document\s*\d*$|diapositive\s*\d*$|"
    r"presentation powerpoint|powerpoint presentation|titre$|title$)"
)
_FILE_NAME = re.compile(r"\.(pdf|docx?|odt|rtf|html?|md|txt)$", re.IGNORECASE)
_MARKUP = re.compile(r"^[\s#*>_|=•·-]+|[\s*_|=]+$")
_PAGE_MARK = re.compile(r"^(page\s*)?\d+(\s*/\s*\d+)?$", re.IGNORECASE)


def clean_line(line: str) -> str:
    """A line without Markdown marks and extra spaces."""
    return re.sub(r"\s+", " ", _MARKUP.sub("", line)).strip()


def shorten(text: str, limit: int = MAX_TITLE) -> str:
    """Cut at a word boundary with an ellipsis when longer than `limit`."""
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(" ,;:.–-")
    return cut + "…"


def property_title(title: str) -> str:
    """The title property, unless it is a software default ("Microsoft Word - doc1.docx")."""
    title = clean_line(title)
    folded = fold(title).lower()
    if len(title) < 3 or _JUNK_TITLE.match(folded) or _FILE_NAME.search(title):
        return ""
    return shorten(title)


def heading_title(headings: tuple[str, ...]) -> str:
    """The first heading with some letters in it."""
    for heading in headings:
        text = clean_line(heading)
        if sum(ch.isalpha() for ch in text) >= 3:
            return shorten(text)
    return ""


def first_line_title(text: str) -> str:
    """The first line that reads like a title (a few words, not a page number), with the
    lines it continues on: PDF titles are often wrapped over two or three lines."""
    lines = [clean_line(line) for line in text.splitlines()]
    for index, line in enumerate(lines):
        if _PAGE_MARK.match(line) or sum(ch.isalpha() for ch in line) < 8 or len(line.split()) < 2:
            continue
        title = line
        for following in lines[index + 1 :]:
            if not following or len(title) + len(following) > MAX_TITLE or not _continues(title, following):
                break
            title = f"{title} {following}"
        return shorten(title, MAX_TITLE)
    return ""


_OPEN_END = re.compile(
    r"(?:\b(?:de|du|des|la|le|les|et|ou|à|au|aux|en|pour|sur|dans|par|avec|d['’]|l['’])|[-–—,:(])$",
    re.IGNORECASE,
)


def _continues(title: str, line: str) -> bool:
    """True when `line` carries on `title`: it ends on "de", a dash…, or the line goes on
    in lower case or with a parenthesis."""
    return bool(_OPEN_END.search(title)) or line[0].islower() or line[0] == "("
