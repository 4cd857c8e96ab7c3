"""Text, headings and properties out of OpenDocument text files (.odt).

content.xml and meta.xml are read from the vetted archive and parsed with defusedxml:
odfpy would load every part of the package for what two parts give.
"""

from __future__ import annotations

from pathlib import Path

from indexer.extract import safezip
from indexer.extract.errors import NOT_ODT, ExtractionError
from indexer.extract.pagebuilder import PageBuilder
from indexer.extract.props import make_properties, split_keywords
from cresi_search.french.normalise import one_line
from indexer.model import Extracted, Properties

OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
DRAW = "{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}"
STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
FO = "{urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0}"
META = "{urn:oasis:names:tc:opendocument:xmlns:meta:1.0}"
DC = "{http://purl.org/dc/elements/1.1/}"

TEXT_MIMETYPES = {
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.text-template",
    "application/vnd.oasis.opendocument.text-master",
}
NOT_A_ZIP = "ce fichier .odt n'est pas un texte OpenDocument (ce n'est pas une archive zip)"
PAGE_BREAK = "\f"
TITLE_STYLES = ("title", "titre")
# Generated indexes repeat the headings or the text: reading them would count it twice.
_INDEXES = {
    TEXT + name
    for name in (
        "table-of-content", "illustration-index", "table-index", "object-index",
        "user-index", "alphabetical-index",
    )
}
_CONTAINERS = {TEXT + "section", TEXT + "numbered-paragraph", TEXT + "list-item", TEXT + "list-header"}
_ROW_GROUPS = {TABLE + "table-header-rows", TABLE + "table-rows", TABLE + "table-row-group"}
# Inline elements that hold no document text: comments, ruby annotations, change marks.
_SKIP_INLINE = {OFFICE + "annotation", TEXT + "ruby-text", TEXT + "note-citation", TEXT + "tracked-changes"}


def extract(path: Path) -> Extracted:
    with safezip.open_zip(path, NOT_A_ZIP) as archive:
        names = set(archive.namelist())
        _check_package(archive, names)
        content = safezip.parse_xml(safezip.read_member(archive, "content.xml"), "content.xml")
        meta = None
        if "meta.xml" in names:
            meta = safezip.parse_xml(safezip.read_member(archive, "meta.xml"), "meta.xml")

    styles = _Styles(content.find(OFFICE + "automatic-styles"))
    headings: list[str] = []
    walker = _Walker(styles, headings)
    body = content.find(f"{OFFICE}body/{OFFICE}text")
    if body is not None:
        walker.blocks(body)

    builder = PageBuilder()
    for line in walker.out:
        if line == PAGE_BREAK:
            builder.page_break()
        else:
            builder.add(line)
    notes = _Walker(styles, None)
    for note_body in walker.notes:
        notes.blocks(note_body)
    builder.extend_last([line for line in notes.out if line != PAGE_BREAK])

    return Extracted(
        pages=builder.pages(),
        properties=_properties(meta, path.stem),
        headings=tuple(headings),
        paged=False,
    )


def _check_package(archive, names: set[str]) -> None:
    if "mimetype" in names:
        mimetype = safezip.read_member(archive, "mimetype", limit=1024).decode("ascii", "replace").strip()
        if mimetype not in TEXT_MIMETYPES:
            raise ExtractionError(NOT_ODT)
    if "content.xml" not in names:
        raise ExtractionError(NOT_ODT)
    if "META-INF/manifest.xml" in names:
        manifest = safezip.read_member(archive, "META-INF/manifest.xml")
        if b"encryption-data" in manifest:
            raise ExtractionError(
                "document OpenDocument protégé par un mot de passe : "
                "demandez une version sans mot de passe"
            )


class _Styles:
    """Automatic paragraph styles: explicit page breaks and the named style they derive from."""

    def __init__(self, root) -> None:
        self._styles: dict[str, tuple[str, bool, bool]] = {}
        if root is None:
            return
        for style in root.iter(STYLE + "style"):
            if style.get(STYLE + "family") != "paragraph":
                continue
            props = style.find(STYLE + "paragraph-properties")
            before = props is not None and props.get(FO + "break-before") == "page"
            after = props is not None and props.get(FO + "break-after") == "page"
            parent = style.get(STYLE + "parent-style-name") or ""
            self._styles[style.get(STYLE + "name") or ""] = (parent, before, after)

    def breaks(self, name: str) -> tuple[bool, bool]:
        _, before, after = self._styles.get(name, ("", False, False))
        return before, after

    def is_title(self, name: str) -> bool:
        parent = self._styles.get(name, (name, False, False))[0] or name
        return parent.lower().startswith(TITLE_STYLES)


class _Walker:
    """Walks ODF text blocks and collects one line per paragraph or table row."""

    def __init__(self, styles: _Styles, headings: list[str] | None) -> None:
        self.styles = styles
        self.headings = headings  # None: headings of notes are not collected
        self.out: list[str] = []
        self.notes: list = []  # text:note-body elements, read after the body

    def blocks(self, parent) -> None:
        for child in parent:
            tag = child.tag
            if tag in (TEXT + "p", TEXT + "h"):
                self.paragraph(child, heading=tag == TEXT + "h")
            elif tag == TEXT + "list" or tag in _CONTAINERS:
                self.blocks(child)
            elif tag == TABLE + "table":
                self.table(child)
            elif tag == TEXT + "soft-page-break":
                self.out.append(PAGE_BREAK)
            elif tag.startswith(DRAW):
                self.drawing(child)

    def paragraph(self, p, heading: bool) -> None:
        style = p.get(TEXT + "style-name") or ""
        before, after = self.styles.breaks(style)
        if before:
            self.out.append(PAGE_BREAK)
        parts: list[str] = []
        drawings: list = []
        self.inline(p, parts, drawings)
        text = "".join(parts)
        for number, segment in enumerate(text.split(PAGE_BREAK)):
            if number:
                self.out.append(PAGE_BREAK)
            self.out.append(segment)
        if self.headings is not None and (heading or self.styles.is_title(style)):
            found = one_line(text)
            if found:
                self.headings.append(found)
        for drawing in drawings:
            self.drawing(drawing)
        if after:
            self.out.append(PAGE_BREAK)

    def inline(self, element, parts: list[str], drawings: list) -> None:
        parts.append(element.text or "")
        for child in element:
            tag = child.tag
            if tag == TEXT + "s":
                parts.append(" " * _count(child.get(TEXT + "c")))
            elif tag == TEXT + "tab":
                parts.append("\t")
            elif tag == TEXT + "line-break":
                parts.append("\n")
            elif tag == TEXT + "soft-page-break":
                parts.append(PAGE_BREAK)
            elif tag == TEXT + "note":
                note_body = child.find(TEXT + "note-body")
                if note_body is not None:
                    self.notes.append(note_body)
            elif tag.startswith(DRAW):
                drawings.append(child)
            elif tag not in _SKIP_INLINE:
                self.inline(child, parts, drawings)
            parts.append(child.tail or "")

    def drawing(self, element) -> None:
        """Text boxes of a frame, or the paragraphs inside a shape."""
        for child in element:
            if child.tag == DRAW + "text-box":
                self.blocks(child)
            else:
                self.blocks([child])

    def table(self, table) -> None:
        for row in _rows(table):
            cells = []
            for cell in row.findall(TABLE + "table-cell"):
                inner = _Walker(self.styles, self.headings)
                inner.blocks(cell)
                self.notes.extend(inner.notes)
                text = " ".join(" ".join(line.split()) for line in inner.out if line != PAGE_BREAK)
                if text.strip():
                    cells.append(text.strip())
            if cells:
                self.out.append(" | ".join(cells))


def _rows(table):
    """Rows of this table (not of the tables nested in its cells), through row groups."""
    for child in table:
        if child.tag == TABLE + "table-row":
            yield child
        elif child.tag in _ROW_GROUPS:
            yield from _rows(child)


def _count(value: str | None) -> int:
    return int(value) if value and value.isdigit() else 1


def _properties(meta, file_stem: str) -> Properties:
    if meta is None:
        return Properties()
    info = meta.find(OFFICE + "meta")
    if info is None:
        return Properties()

    def text(tag: str) -> str:
        found = info.find(tag)
        return (found.text or "") if found is not None else ""

    return make_properties(
        title=text(DC + "title"),
        author=text(META + "initial-creator") or text(DC + "creator"),
        subject=text(DC + "subject") or text(DC + "description"),
        keywords=split_keywords(*(k.text for k in info.findall(META + "keyword"))),
        created=text(META + "creation-date"),
        lang=text(DC + "language"),
        file_stem=file_stem,
    )
