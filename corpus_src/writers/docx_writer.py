"""DOCX writer (python-docx)."""

from __future__ import annotations

import io

import docx
from docx.document import Document
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.text.paragraph import Paragraph

from .. import markup
from ..sources import Source
from .common import Rendered, keywords_text, normalize_zip, shows_organisation_banner

_BULLET_STYLES = ("List Bullet", "List Bullet 2")
_NUMBER_STYLES = ("List Number", "List Number 2")


def _shorten(text: str, limit: int = 255) -> str:
    """Word (and python-docx) cap core properties at 255 characters."""
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _set_core_properties(document: Document, source: Source) -> None:
    """Fill the core properties, or blank the ones python-docx's template brings."""
    core = document.core_properties
    core.comments = ""
    core.last_modified_by = ""
    core.category = ""
    core.revision = 1
    if source.properties:
        core.title = _shorten(source.title)
        core.author = _shorten(source.creator)
        core.subject = _shorten(source.summary)
        core.keywords = _shorten(keywords_text(source))
        core.created = source.created
        core.modified = source.created
        core.language = "fr-FR"
        return
    core.title = core.author = core.subject = core.keywords = ""
    element = core._element  # no public API to remove the dates
    for tag in ("dcterms:created", "dcterms:modified"):
        for child in element.findall(qn(tag)):
            element.remove(child)


def _add_runs(paragraph: Paragraph, runs: markup.Runs) -> None:
    for run in runs:
        added = paragraph.add_run(run.text)
        added.bold = run.bold or None
        added.italic = run.italic or None


class _NumberingRestarter:
    """Gives each numbered list its own numbering instance so that it restarts at 1."""

    def __init__(self, document: Document) -> None:
        self.numbering = document.part.numbering_part.element
        style = document.styles["List Number"]
        base_num = style.element.pPr.numPr.numId.val
        self.abstract_id = self.numbering.num_having_numId(base_num).abstractNumId.val

    def new_list(self, start: int) -> int:
        num = self.numbering.add_num(self.abstract_id)
        num.add_lvlOverride(ilvl=0).add_startOverride(start)
        return num.numId

    @staticmethod
    def apply(paragraph: Paragraph, num_id: int) -> None:
        num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
        num_pr.get_or_add_ilvl().val = 0
        num_pr.get_or_add_numId().val = num_id


class _Builder:
    def __init__(self, document: Document) -> None:
        self.document = document
        self.numbering = _NumberingRestarter(document)

    def block(self, block: markup.Block) -> None:
        if isinstance(block, markup.Heading):
            _add_runs(self.document.add_paragraph(style=f"Heading {block.level}"), block.runs)
        elif isinstance(block, markup.Paragraph):
            _add_runs(self.document.add_paragraph(), block.runs)
        elif isinstance(block, markup.ListBlock):
            self.list_block(block)
        elif isinstance(block, markup.Table):
            self.table(block)
        else:
            self.document.add_page_break()

    def list_block(self, block: markup.ListBlock) -> None:
        num_id = self.numbering.new_list(block.start) if block.ordered else None
        for item in block.items:
            styles = _NUMBER_STYLES if block.ordered else _BULLET_STYLES
            paragraph = self.document.add_paragraph(style=styles[min(item.level, 1)])
            if num_id is not None and item.level == 0:
                self.numbering.apply(paragraph, num_id)
            _add_runs(paragraph, item.runs)

    def table(self, block: markup.Table) -> None:
        rows = [block.header, *block.rows]
        table = self.document.add_table(rows=len(rows), cols=len(block.header))
        table.style = self.document.styles["Table Grid"]
        for row_cells, row in zip(table.rows, rows):
            for cell, runs in zip(row_cells.cells, row):
                _add_runs(cell.paragraphs[0], runs)
        for cell in table.rows[0].cells:
            for run in cell.paragraphs[0].runs:
                run.bold = True
        self.document.add_paragraph()  # Word needs some room after a table


def _add_banner(document: Document, source: Source) -> None:
    header = document.sections[0].header.paragraphs[0]
    header.text = source.organisation
    header.style = document.styles["Header"]


def write_docx(source: Source) -> Rendered:
    """Render ``source`` as a Word document."""
    document = docx.Document()
    document.styles["Normal"].font.size = Pt(11)
    _set_core_properties(document, source)
    if shows_organisation_banner(source):
        _add_banner(document, source)
    builder = _Builder(document)
    for block in source.blocks:
        builder.block(block)
    buffer = io.BytesIO()
    document.save(buffer)
    breaks = sum(isinstance(block, markup.PageBreak) for block in source.blocks)
    return Rendered(normalize_zip(buffer.getvalue(), source), breaks + 1)
