"""Text, headings and properties out of Word .docx files.

The body XML is walked directly rather than through python-docx's paragraph and table
objects: that keeps paragraphs and tables in document order, reaches nested tables,
content controls and text boxes, and reads a merged cell once instead of once per grid
column it spans. python-docx still opens the package, resolves the parts and reads the
core properties.
"""

from __future__ import annotations

from pathlib import Path

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import PackageNotFoundError

from indexer.extract import safezip
from indexer.extract.errors import NOT_WORD, ExtractionError, corrupted
from indexer.extract.pagebuilder import PageBuilder
from indexer.extract.props import make_properties, split_keywords
from cresi_search.french.normalise import one_line
from indexer.model import Extracted, Properties

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"

P, TBL, TR, TC = W + "p", W + "tbl", W + "tr", W + "tc"
SDT, SDT_CONTENT, CUSTOM_XML = W + "sdt", W + "sdtContent", W + "customXml"
PPR, PSTYLE, OUTLINE = W + "pPr", W + "pStyle", W + "outlineLvl"
TXBX = W + "txbxContent"
ALTERNATE, CHOICE, FALLBACK = MC + "AlternateContent", MC + "Choice", MC + "Fallback"

PAGE_BREAK = "\f"  # marks a page break among the lines a walker collects
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
NOT_A_ZIP = "ce fichier .docx n'est pas un document Word (ce n'est pas une archive zip)"
OTHER_WORD_TYPE = (
    "modèle Word ou document avec macros renommé en .docx : ouvrez-le et enregistrez-le "
    "comme document Word (.docx)"
)
HEADING_PREFIXES = ("heading", "titre", "title")
NOTE_SEPARATORS = {"separator", "continuationSeparator", "continuationNotice"}

# Inline elements whose content is never document text: properties, deleted or moved-away
# text, field codes, the VML copy of a drawing that mc:Choice already holds.
_SKIP_INLINE = {
    W + "pPr", W + "rPr", W + "sectPr", W + "del", W + "moveFrom", W + "instrText",
    W + "delInstrText", W + "rt", FALLBACK,
}
_CHARACTERS = {W + "tab": "\t", W + "ptab": "\t", W + "cr": "\n", W + "noBreakHyphen": "-"}


def extract(path: Path) -> Extracted:
    _refuse_ole(path)
    with safezip.open_zip(path, NOT_A_ZIP) as archive:
        if "word/document.xml" not in archive.namelist():
            raise ExtractionError(NOT_WORD)
        safezip.refuse_xml_declarations(archive)
    try:
        document = docx.Document(str(path))
    except PackageNotFoundError as exc:
        raise ExtractionError(NOT_WORD) from exc
    except KeyError as exc:
        raise ExtractionError(corrupted(f"partie manquante : {exc}")) from exc
    except ValueError as exc:
        if "not a Word file" in str(exc):  # a template (.dotx) or a macro document (.docm)
            raise ExtractionError(OTHER_WORD_TYPE) from exc
        raise

    styles = _Styles(document.styles.element)
    headings: list[str] = []
    body = _Walker(styles, headings)
    body.blocks(document.element.body)

    builder = PageBuilder()
    for line in body.out:
        if line == PAGE_BREAK:
            builder.page_break()
        else:
            builder.add(line)
    builder.extend_last(_notes(document, RT.FOOTNOTES, W + "footnote", styles))
    builder.extend_last(_notes(document, RT.ENDNOTES, W + "endnote", styles))
    builder.extend_last(_headers_footers(document, styles))

    warnings: list[str] = []
    return Extracted(
        pages=builder.pages(),
        properties=_properties(document, styles, path.stem, warnings),
        headings=tuple(headings),
        paged=False,
        warnings=tuple(warnings),
    )


def _refuse_ole(path: Path) -> None:
    """A .docx that is an OLE file is either encrypted by Word or a renamed .doc."""
    with open(path, "rb") as fh:
        if fh.read(8) != OLE_MAGIC:
            return
        head = fh.read(8 * 1024 * 1024)
    if ENCRYPTED_PACKAGE in head:
        raise ExtractionError(
            "document Word protégé par un mot de passe : demandez une version sans mot de passe"
        )
    raise ExtractionError(
        "document Word 97-2003 renommé en .docx : ouvrez-le et enregistrez-le au format .docx"
    )


class _Styles:
    """Which paragraph styles are headings: by name, or by outline level (inherited)."""

    def __init__(self, root) -> None:
        self._styles: dict[str, tuple[str, str | None, str | None]] = {}
        self._cache: dict[str, bool] = {}
        self.default_language = ""
        if root is None:
            return
        for style in root.iter(W + "style"):
            if style.get(W + "type", "paragraph") != "paragraph":
                continue
            style_id = style.get(W + "styleId") or ""
            name = _val(style.find(W + "name")) or style_id
            outline = _val(style.find(f"{PPR}/{OUTLINE}"))
            self._styles[style_id] = (name, outline, _val(style.find(W + "basedOn")))
        lang = root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
        self.default_language = _val(lang) or ""

    def is_heading(self, ppr) -> bool:
        if ppr is None:
            return False
        if _is_outline(_val(ppr.find(OUTLINE))):
            return True
        style_id = _val(ppr.find(PSTYLE))
        if not style_id:
            return False
        if style_id not in self._cache:
            self._cache[style_id] = self._style_is_heading(style_id)
        return self._cache[style_id]

    def _style_is_heading(self, style_id: str) -> bool:
        name = self._styles.get(style_id, (style_id, None, None))[0]
        if name.lower().startswith(HEADING_PREFIXES) or style_id.lower().startswith(HEADING_PREFIXES):
            return True
        current: str | None = style_id
        for _ in range(10):  # basedOn chains are short; a loop in a broken file must end
            if current is None or current not in self._styles:
                return False
            _, outline, current = self._styles[current]
            if _is_outline(outline):
                return True
        return False


class _Walker:
    """Walks WordprocessingML blocks and collects one line per paragraph or table row."""

    def __init__(self, styles: _Styles, headings: list[str] | None) -> None:
        self.styles = styles
        self.headings = headings  # None: headings of notes and headers are not collected
        self.out: list[str] = []

    def blocks(self, parent) -> None:
        for child in parent:
            tag = child.tag
            if tag == P:
                self.paragraph(child)
            elif tag == TBL:
                self.table(child)
            elif tag == SDT:
                content = child.find(SDT_CONTENT)
                if content is not None and not _is_table_of_contents(child):
                    self.blocks(content)
            elif tag == CUSTOM_XML:
                self.blocks(child)
            elif tag == ALTERNATE:
                choice = child.find(CHOICE)
                if choice is not None:
                    self.blocks(choice)

    def paragraph(self, p) -> None:
        ppr = p.find(PPR)
        if ppr is not None and _is_on(ppr.find(W + "pageBreakBefore")):
            self.out.append(PAGE_BREAK)
        parts: list[str] = []
        boxes: list = []
        _inline(p, parts, boxes)
        text = "".join(parts)
        for number, segment in enumerate(text.split(PAGE_BREAK)):
            if number:
                self.out.append(PAGE_BREAK)
            self.out.append(segment)
        if self.headings is not None and self.styles.is_heading(ppr):
            heading = one_line(text)
            if heading:
                self.headings.append(heading)
        for box in boxes:
            self.blocks(box)

    def table(self, tbl) -> None:
        for row in _children(tbl, TR):
            cells = []
            for cell in _children(row, TC):
                inner = _Walker(self.styles, self.headings)
                inner.blocks(cell)
                text = " ".join(" ".join(line.split()) for line in inner.out if line != PAGE_BREAK)
                if text.strip():
                    cells.append(text.strip())
            if cells:
                self.out.append(" | ".join(cells))


def _inline(element, parts: list[str], boxes: list) -> None:
    """Text of runs, hyperlinks, fields and insertions, in order; text boxes set aside."""
    for child in element:
        tag = child.tag
        if tag == W + "t":
            parts.append(child.text or "")
        elif tag in _CHARACTERS:
            parts.append(_CHARACTERS[tag])
        elif tag == W + "br":
            parts.append(PAGE_BREAK if child.get(W + "type") == "page" else "\n")
        elif tag == TXBX:
            boxes.append(child)
        elif tag not in _SKIP_INLINE:
            _inline(child, parts, boxes)


def _children(parent, tag: str):
    """Direct children with `tag`, looking through content controls and custom XML."""
    for child in parent:
        if child.tag == tag:
            yield child
        elif child.tag == SDT:
            content = child.find(SDT_CONTENT)
            if content is not None:
                yield from _children(content, tag)
        elif child.tag == CUSTOM_XML:
            yield from _children(child, tag)


def _notes(document, reltype: str, note_tag: str, styles: _Styles) -> list[str]:
    """Lines of the footnotes or endnotes part, if the document has one."""
    lines: list[str] = []
    for rel in list(document.part.rels.values()):
        if rel.is_external or rel.reltype != reltype:
            continue
        root = safezip.parse_xml(rel.target_part.blob, str(rel.target_part.partname))
        for note in root.iter(note_tag):
            if note.get(W + "type") in NOTE_SEPARATORS:
                continue
            walker = _Walker(styles, None)
            walker.blocks(note)
            lines.extend(line for line in walker.out if line != PAGE_BREAK)
    return lines


def _headers_footers(document, styles: _Styles) -> list[str]:
    """Lines of every header and footer, each part and each line once."""
    related = document.part.related_parts
    seen_parts: set[int] = set()
    seen_lines: set[str] = set()
    lines: list[str] = []
    for section in document.element.body.iter(W + "sectPr"):
        for ref in section:
            if ref.tag not in (W + "headerReference", W + "footerReference"):
                continue
            part = related.get(ref.get(R + "id"))
            if part is None or id(part) in seen_parts:
                continue
            seen_parts.add(id(part))
            root = getattr(part, "element", None)
            if root is None:
                root = safezip.parse_xml(part.blob, str(part.partname))
            walker = _Walker(styles, None)
            walker.blocks(root)
            for line in walker.out:
                key = " ".join(line.split())
                if line != PAGE_BREAK and key and key not in seen_lines:
                    seen_lines.add(key)
                    lines.append(line)
    return lines


def _properties(document, styles: _Styles, file_stem: str, warnings: list[str]) -> Properties:
    try:
        core = document.core_properties
        created = core.created
        if core.author == "python-docx" and created and created.date().isoformat() == "2013-12-23":
            created = None  # the creation date of python-docx's own template
        return make_properties(
            title=core.title,
            author=core.author,
            subject=core.subject,
            keywords=split_keywords(core.keywords),
            created=created,
            lang=core.language or styles.default_language,
            file_stem=file_stem,
        )
    except Exception as exc:  # properties are a bonus: a broken part must not lose the text
        warnings.append(f"propriétés du document illisibles ({type(exc).__name__})")
        return Properties()


def _is_table_of_contents(sdt) -> bool:
    gallery = sdt.find(f"{W}sdtPr/{W}docPartObj/{W}docPartGallery")
    return gallery is not None and (_val(gallery) or "").startswith("Table of Contents")


def _val(element) -> str | None:
    return None if element is None else element.get(W + "val")


def _is_on(element) -> bool:
    return element is not None and (element.get(W + "val") or "true").lower() not in ("0", "false", "off")


def _is_outline(value: str | None) -> bool:
    return value is not None and value.isdigit() and int(value) < 9
