"""Visible text, headings and meta properties out of HTML pages (stdlib parser only)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from indexer.extract.charset import decode
from indexer.extract.props import make_properties, split_keywords
from cresi_search.french.normalise import clean_text, one_line
from indexer.model import Extracted

# Elements whose content is never shown as text (the head's title is read on its own).
HIDDEN = {
    "head", "script", "style", "noscript", "template", "svg", "math", "iframe", "object",
    "canvas", "select", "datalist",
}
BLOCKS = {
    "address", "article", "aside", "blockquote", "br", "caption", "dd", "details", "dialog",
    "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3",
    "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section",
    "summary", "table", "tr", "ul", "legend",
}
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
CELLS = {"td", "th"}
_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-z0-9_:.\-]+)|<\?xml[^>]+encoding\s*=\s*["']([a-z0-9_:.\-]+)""",
    re.IGNORECASE,
)
_SPACES = re.compile(r"\s+")
_META_FIELDS = {
    "description": "subject",
    "dc.description": "subject",
    "keywords": "keywords",
    "author": "author",
    "dc.creator": "author",
    "dc.title": "title",
    "og:title": "title",
    "date": "created",
    "dc.date": "created",
    "dcterms.created": "created",
    "article:published_time": "created",
    "content-language": "lang",
}


def extract(path: Path) -> Extracted:
    data = path.read_bytes()
    match = _META_CHARSET.search(data[:4096])
    declared = (match.group(1) or match.group(2)).decode("ascii") if match else None
    parser = _PageParser()
    parser.feed(decode(data, declared))
    parser.close()
    meta = parser.meta
    return Extracted(
        pages=(clean_text("".join(parser.chunks)),),
        properties=make_properties(
            title=" ".join("".join(parser.title).split()) or meta.get("title", ""),
            author=meta.get("author", ""),
            subject=meta.get("subject", ""),
            keywords=split_keywords(meta.get("keywords", "")),
            created=meta.get("created", ""),
            lang=parser.lang or meta.get("lang", ""),
            file_stem=path.stem,
        ),
        headings=tuple(parser.headings),
    )


class _PageParser(HTMLParser):
    """Collects visible text with line breaks at block boundaries, headings and metas."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self.title: list[str] = []
        self.headings: list[str] = []
        self.meta: dict[str, str] = {}
        self.lang = ""
        self._hidden: list[str] = []  # open hidden elements, innermost last
        self._pre = 0
        self._in_title = False
        self._heading: list[str] | None = None
        self._line_has_text = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "meta":
            self._read_meta(dict(attrs))
        elif tag == "html":
            self.lang = dict(attrs).get("lang") or ""
        elif tag == "body":
            # <head> is often left open: the body closes it.
            self._hidden = [t for t in self._hidden if t != "head"]
        elif tag == "title":
            # The page's own title, not the <title> of an SVG drawing.
            self._in_title = not self.title and all(t == "head" for t in self._hidden)
        elif tag in HIDDEN:
            self._hidden.append(tag)
        elif tag in BLOCKS:
            self._newline()
            if tag in HEADINGS:
                self._heading = []
            elif tag == "pre":
                self._pre += 1
        elif tag in CELLS and self._line_has_text:
            self._write(" | ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "meta":
            self._read_meta(dict(attrs))
        elif tag in BLOCKS:
            self._newline()

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        elif tag in HIDDEN and tag in self._hidden:
            while self._hidden.pop() != tag:
                pass
        elif tag in BLOCKS:
            if tag in HEADINGS and self._heading is not None:
                heading = one_line("".join(self._heading))
                if heading:
                    self.headings.append(heading)
                self._heading = None
            elif tag == "pre":
                self._pre = max(0, self._pre - 1)
            self._newline()

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title.append(data)
            return
        if self._hidden:
            return
        text = data if self._pre else _SPACES.sub(" ", data)
        if self._heading is not None:
            self._heading.append(text)
        self._write(text)

    def _write(self, text: str) -> None:
        if text.strip():
            self._line_has_text = True
        elif not self._line_has_text and not self._pre:
            return  # spaces between blocks
        self.chunks.append(text)

    def _newline(self) -> None:
        if self._line_has_text or self._pre:
            self.chunks.append("\n")
        self._line_has_text = False

    def _read_meta(self, attrs: dict[str, str | None]) -> None:
        key = (attrs.get("name") or attrs.get("property") or attrs.get("http-equiv") or "").lower()
        field = _META_FIELDS.get(key)
        content = attrs.get("content")
        if field and content and field not in self.meta:
            self.meta[field] = content
