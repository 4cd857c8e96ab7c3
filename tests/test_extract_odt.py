"""ODT extraction: headings, lists, tables, notes, frames, page breaks, meta, hostile files."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from odf import dc, meta
from odf.draw import Frame, TextBox
from odf.opendocument import OpenDocumentSpreadsheet, OpenDocumentText
from odf.style import ParagraphProperties, Style
from odf.table import Table, TableCell, TableColumn, TableRow
from odf.text import (
    H, LineBreak, List, ListItem, Note, NoteBody, NoteCitation, P, S, SoftPageBreak, Span, Tab,
)

from indexer.extract import ExtractionError, extract
from indexer.extract.errors import NOT_ODT, XML_DECLARATIONS

BAD = Path(__file__).resolve().parent / "data" / "bad"


def cell(text: str) -> TableCell:
    found = TableCell()
    found.addElement(P(text=text))
    return found


@pytest.fixture
def guide(tmp_path: Path) -> Path:
    document = OpenDocumentText()
    for element in (
        dc.Title(text="Guide de la santé communautaire"),
        meta.InitialCreator(text="Awa Traoré"),
        dc.Creator(text="Dernier éditeur"),
        dc.Subject(text="Santé"),
        meta.Keyword(text="santé"),
        meta.Keyword(text="agents de santé; cases de santé"),
        meta.CreationDate(text="2016-04-02T10:00:00"),
        dc.Language(text="fr-FR"),
    ):
        document.meta.addElement(element)
    title_style = Style(name="Title", family="paragraph")
    document.styles.addElement(title_style)
    page_break = Style(name="SautDePage", family="paragraph")
    page_break.addElement(ParagraphProperties(breakbefore="page"))
    document.automaticstyles.addElement(page_break)

    body = document.text
    body.addElement(P(stylename=title_style, text="Guide de la santé communautaire"))
    body.addElement(H(outlinelevel=1, text="Introduction"))
    paragraph = P(text="Les agents")
    paragraph.addElement(S(c=3))
    paragraph.addText("de santé")
    paragraph.addElement(Tab())
    paragraph.addElement(Span(text="communautaires"))
    paragraph.addElement(LineBreak())
    paragraph.addText("suivent les familles.")
    note = Note(noteclass="footnote", id="ftn1")
    note.addElement(NoteCitation(text="1"))
    note_body = NoteBody()
    note_body.addElement(P(text="Enquête de 2015."))
    note.addElement(note_body)
    paragraph.addElement(note)
    body.addElement(paragraph)

    bullets = List()
    for text in ("Vaccination", "Nutrition"):
        item = ListItem()
        item.addElement(P(text=text))
        bullets.addElement(item)
    body.addElement(bullets)

    table = Table(name="Budget")
    table.addElement(TableColumn(numbercolumnsrepeated=2))
    for values in (("Poste", "Montant (€)"), ("Formation", "3 500")):
        row = TableRow()
        for value in values:
            row.addElement(cell(value))
        table.addElement(row)
    body.addElement(table)

    body.addElement(P(text="Fin de la page un"))
    body.addElement(SoftPageBreak())
    body.addElement(P(text="Page deux"))
    body.addElement(H(outlinelevel=1, stylename=page_break, text="Annexes"))

    host = P(text="Encadré :")
    frame = Frame(width="5cm", height="2cm", anchortype="paragraph")
    box = TextBox()
    box.addElement(P(text="Texte du cadre"))
    frame.addElement(box)
    host.addElement(frame)
    body.addElement(host)

    path = tmp_path / "guide.odt"
    document.save(str(path))
    return path


def test_text_in_order_with_page_breaks_and_notes_at_the_end(guide: Path) -> None:
    assert extract(guide).pages == (
        "Guide de la santé communautaire\n"
        "Introduction\n"
        "Les agents de santé communautaires\n"
        "suivent les familles.\n"
        "Vaccination\n"
        "Nutrition\n"
        "Poste | Montant (€)\n"
        "Formation | 3 500\n"
        "Fin de la page un",
        "Page deux",
        "Annexes\nEncadré :\nTexte du cadre\nEnquête de 2015.",
    )


def test_headings_and_title_paragraphs_are_collected(guide: Path) -> None:
    assert extract(guide).headings == ("Guide de la santé communautaire", "Introduction", "Annexes")


def test_meta_becomes_properties(guide: Path) -> None:
    props = extract(guide).properties
    assert props.title == "Guide de la santé communautaire"
    assert props.author == "Awa Traoré"
    assert props.subject == "Santé"
    assert props.keywords == ("santé", "agents de santé", "cases de santé")
    assert props.created == "2016-04-02"
    assert props.language == "fr"


def test_external_entity_is_never_resolved(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("CONTENU-SECRET")
    document = OpenDocumentText()
    document.text.addElement(P(text="avant MARK après"))
    buffer = io.BytesIO()
    document.save(buffer)
    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as old, zipfile.ZipFile(out, "w") as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename == "content.xml":
                head, _, rest = data.decode().partition("?>")
                doctype = f'<!DOCTYPE d [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>'
                data = f"{head}?>{doctype}{rest}".replace("MARK", "&xxe;").encode()
            new.writestr(info, data)
    path = tmp_path / "xxe.odt"
    path.write_bytes(out.getvalue())
    with pytest.raises(ExtractionError) as caught:
        extract(path)
    assert caught.value.reason == XML_DECLARATIONS
    assert "CONTENU-SECRET" not in str(caught.value)


def test_committed_xxe_file_is_refused() -> None:
    with pytest.raises(ExtractionError) as caught:
        extract(BAD / "xxe-external-entity.odt")
    assert caught.value.reason == XML_DECLARATIONS


def test_spreadsheet_renamed_odt_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "classeur.odt"
    OpenDocumentSpreadsheet().save(str(path))
    with pytest.raises(ExtractionError) as caught:
        extract(path)
    assert caught.value.reason == NOT_ODT


def test_password_protected_odt_is_refused(tmp_path: Path, guide: Path) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(guide) as old, zipfile.ZipFile(out, "w") as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename == "META-INF/manifest.xml":
                data = data.replace(
                    b'manifest:full-path="content.xml"',
                    b'manifest:full-path="content.xml"><manifest:encryption-data/></manifest:file-entry'
                    b'><manifest:file-entry manifest:media-type="" manifest:full-path="x"',
                )
            new.writestr(info, data)
    path = tmp_path / "protege.odt"
    path.write_bytes(out.getvalue())
    with pytest.raises(ExtractionError) as caught:
        extract(path)
    assert "mot de passe" in caught.value.reason


def test_text_file_renamed_odt_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "faux.odt"
    path.write_text("pas une archive")
    with pytest.raises(ExtractionError) as caught:
        extract(path)
    assert "n'est pas un texte OpenDocument" in caught.value.reason
