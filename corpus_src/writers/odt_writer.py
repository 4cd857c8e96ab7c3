"""ODT writer (odfpy)."""

from __future__ import annotations

import io

from odf import dc, meta
from odf.opendocument import OpenDocumentText
from odf.style import (
    ListLevelProperties,
    MasterPage,
    PageLayout,
    PageLayoutProperties,
    ParagraphProperties,
    Style,
    TableCellProperties,
    TextProperties,
)
from odf.style import Footer as OdfFooter
from odf.table import Table, TableCell, TableColumn, TableHeaderRows, TableRow
from odf.text import H, ListLevelStyleBullet, ListLevelStyleNumber, ListStyle, P, Span
from odf.text import List as OdfList
from odf.text import ListItem as OdfListItem

from .. import markup
from ..sources import Source
from .common import Rendered, normalize_zip, shows_organisation_banner

PAGE_BREAK_STYLE = "Saut_20_de_20_page"


def _paragraph_style(name: str, display: str, size: str, bold: bool = False, **para) -> Style:
    style = Style(name=name, displayname=display, family="paragraph")
    if para:
        style.addElement(ParagraphProperties(**para))
    text = {"fontsize": size, "fontfamily": "Liberation Sans"}
    if bold:
        text["fontweight"] = "bold"
    style.addElement(TextProperties(**text))
    return style


def _add_styles(document: OpenDocumentText) -> None:
    styles = document.styles
    styles.addElement(
        _paragraph_style("Standard", "Standard", "11pt", margintop="0cm", marginbottom="0.21cm")
    )
    sizes = {1: "17pt", 2: "14pt", 3: "12pt"}
    for level, size in sizes.items():
        heading = _paragraph_style(
            f"Heading_20_{level}",
            f"Heading {level}",
            size,
            bold=True,
            margintop="0.42cm",
            marginbottom="0.21cm",
            keepwithnext="always",
        )
        heading.setAttribute("defaultoutlinelevel", str(level))
        styles.addElement(heading)
    styles.addElement(
        _paragraph_style(PAGE_BREAK_STYLE, "Saut de page", "11pt", breakbefore="page")
    )
    styles.addElement(_paragraph_style("Footer", "Footer", "9pt"))
    auto = document.automaticstyles
    for name, props in {
        "T_gras": {"fontweight": "bold"},
        "T_italique": {"fontstyle": "italic"},
        "T_gras_italique": {"fontweight": "bold", "fontstyle": "italic"},
    }.items():
        style = Style(name=name, family="text")
        style.addElement(TextProperties(**props))
        auto.addElement(style)
    auto.addElement(_list_style("L_puces", ordered=False))
    auto.addElement(_list_style("L_numeros", ordered=True))
    cell = Style(name="Cellule", family="table-cell")
    cell.addElement(TableCellProperties(border="0.5pt solid #000000", padding="0.1cm"))
    auto.addElement(cell)


def _list_style(name: str, ordered: bool) -> ListStyle:
    style = ListStyle(name=name)
    for level in (1, 2):
        indent = ListLevelProperties(
            spacebefore=f"{0.6 * level:.1f}cm", minlabelwidth="0.5cm"
        )
        if ordered and level == 1:
            item = ListLevelStyleNumber(level=level, numsuffix=".", numformat="1")
        else:
            item = ListLevelStyleBullet(level=level, bulletchar="•" if level == 1 else "–")
        item.addElement(indent)
        style.addElement(item)
    return style


def _add_page_layout(document: OpenDocumentText, source: Source) -> None:
    layout = PageLayout(name="A4")
    layout.addElement(
        PageLayoutProperties(
            pagewidth="21cm", pageheight="29.7cm", margin="2cm", printorientation="portrait"
        )
    )
    document.automaticstyles.addElement(layout)
    master = MasterPage(name="Standard", pagelayoutname=layout)
    if shows_organisation_banner(source):
        footer = OdfFooter()
        footer.addElement(P(stylename="Footer", text=source.organisation))
        master.addElement(footer)
    document.masterstyles.addElement(master)


def _add_meta(document: OpenDocumentText, source: Source) -> None:
    if not source.properties:
        return
    stamp = source.created.strftime("%Y-%m-%dT%H:%M:%S")
    document.meta.addElement(dc.Title(text=source.title))
    document.meta.addElement(dc.Subject(text=source.summary))
    document.meta.addElement(dc.Description(text=source.summary))
    document.meta.addElement(meta.InitialCreator(text=source.creator))
    document.meta.addElement(dc.Creator(text=source.creator))
    document.meta.addElement(meta.CreationDate(text=stamp))
    document.meta.addElement(dc.Date(text=stamp))
    document.meta.addElement(dc.Language(text="fr-FR"))
    for keyword in source.keywords:
        document.meta.addElement(meta.Keyword(text=keyword))


def _fill(element, runs: markup.Runs):
    for run in runs:
        if run.bold and run.italic:
            element.addElement(Span(stylename="T_gras_italique", text=run.text))
        elif run.bold:
            element.addElement(Span(stylename="T_gras", text=run.text))
        elif run.italic:
            element.addElement(Span(stylename="T_italique", text=run.text))
        else:
            element.addText(run.text)
    return element


def _list(block: markup.ListBlock):
    root = OdfList(stylename="L_numeros" if block.ordered else "L_puces")
    current = None
    for item in block.items:
        paragraph = _fill(P(stylename="Standard"), item.runs)
        if item.level and current is not None:
            sub = OdfList()
            entry = OdfListItem()
            entry.addElement(paragraph)
            sub.addElement(entry)
            current.addElement(sub)
            continue
        current = OdfListItem()
        current.addElement(paragraph)
        root.addElement(current)
    return root


def _table(block: markup.Table, index: int):
    table = Table(name=f"Tableau{index}")
    table.addElement(TableColumn(numbercolumnsrepeated=len(block.header)))
    header = TableHeaderRows()
    table.addElement(header)
    for position, row in enumerate([block.header, *block.rows]):
        table_row = TableRow()
        for runs in row:
            cell = TableCell(stylename="Cellule", valuetype="string")
            paragraph = P(stylename="Standard")
            if position == 0:
                runs = [markup.Run(run.text, True, run.italic) for run in runs]
            _fill(paragraph, runs)
            cell.addElement(paragraph)
            table_row.addElement(cell)
        (header if position == 0 else table).addElement(table_row)
    return table


def write_odt(source: Source) -> Rendered:
    """Render ``source`` as an OpenDocument text."""
    document = OpenDocumentText()
    _add_styles(document)
    _add_page_layout(document, source)
    _add_meta(document, source)
    body = document.text
    tables = 0
    for block in source.blocks:
        if isinstance(block, markup.Heading):
            heading = H(outlinelevel=block.level, stylename=f"Heading_20_{block.level}")
            body.addElement(_fill(heading, block.runs))
        elif isinstance(block, markup.Paragraph):
            body.addElement(_fill(P(stylename="Standard"), block.runs))
        elif isinstance(block, markup.ListBlock):
            body.addElement(_list(block))
        elif isinstance(block, markup.Table):
            tables += 1
            body.addElement(_table(block, tables))
        else:
            body.addElement(P(stylename=PAGE_BREAK_STYLE))
    buffer = io.BytesIO()
    document.write(buffer)
    breaks = sum(isinstance(block, markup.PageBreak) for block in source.blocks)
    return Rendered(normalize_zip(buffer.getvalue(), source), breaks + 1)
