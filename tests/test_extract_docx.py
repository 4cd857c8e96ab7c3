"""DOCX extraction: document order, tables, text boxes, notes, headers, breaks, properties."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_BREAK
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml

from indexer.extract import ExtractionError, extract
from indexer.extract.errors import XML_DECLARATIONS, ZIP_BOMB

BAD = Path(__file__).resolve().parent / "data" / "bad"

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = (
    f'xmlns:w="{W_NS}" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)


def xml(fragment: str):
    return parse_xml(fragment.replace("NS", NS, 1))


def text_box(text: str):
    """A run holding a DrawingML text box and its VML fallback copy, as Word writes it."""
    content = f"<w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent>"
    return xml(
        "<w:r NS><mc:AlternateContent>"
        '<mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic>'
        '<a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        f"<wps:wsp><wps:txbx>{content}</wps:txbx></wps:wsp>"
        "</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"
        f"<mc:Fallback><w:pict><v:shape><v:textbox>{content}</v:textbox></v:shape></w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r>"
    )


def add_footnote_part(path: Path, footnote: str) -> None:
    """python-docx cannot write footnotes: add the part, its relation and content type."""
    footnotes = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes xmlns:w="{W_NS}">'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
        "</w:r></w:p></w:footnote>"
        f'<w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> {footnote}'
        "</w:t></w:r></w:p></w:footnote></w:footnotes>"
    )
    rel = (
        '<Relationship Id="rIdNotes" Target="footnotes.xml" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"/>'
    )
    override = (
        '<Override PartName="/word/footnotes.xml" ContentType='
        '"application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/>'
    )
    source = path.read_bytes()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source)) as old, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename == "word/_rels/document.xml.rels":
                data = data.replace(b"</Relationships>", rel.encode() + b"</Relationships>")
            elif info.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", override.encode() + b"</Types>")
            new.writestr(info, data)
        new.writestr("word/footnotes.xml", footnotes)
    path.write_bytes(out.getvalue())


@pytest.fixture
def report(tmp_path: Path) -> Path:
    document = docx.Document()
    props = document.core_properties
    props.title = "Rapport de mission à Douentza"
    props.author = "Claire Martin"
    props.subject = "Eau potable"
    props.keywords = "eau; assainissement, Mali"
    props.created = datetime(2012, 11, 15, 9, 30)
    props.language = "fr-FR"

    section = document.sections[0]
    section.header.paragraphs[0].text = "CRESI — Centre de ressources"
    section.footer.paragraphs[0].text = "Conseil départemental de l'Essonne"

    document.add_paragraph("Rapport de mission à Douentza", style="Title")
    document.add_heading("Contexte", level=1)
    paragraph = document.add_paragraph("L'accès à l'eau reste difficile. Voir le ")
    r_id = document.part.relate_to("https://www.essonne.fr/", RT.HYPERLINK, is_external=True)
    paragraph._p.append(
        xml(f'<w:hyperlink NS r:id="{r_id}"><w:r><w:t>site du Département</w:t></w:r></w:hyperlink>')
    )
    paragraph.add_run(".")
    paragraph.add_run().element.append(xml('<w:footnoteReference NS w:id="1"/>'))

    table = document.add_table(rows=2, cols=2)
    for row, values in zip(table.rows, [("Poste", "Montant (€)"), ("Forage", "12 000")]):
        for cell, value in zip(row.cells, values):
            cell.text = value

    paragraph = document.add_paragraph("Fin de la première page")
    paragraph.add_run().add_break(WD_BREAK.PAGE)
    paragraph.add_run("Début de la deuxième page")

    heading = document.add_heading("Budget", level=1)
    heading.paragraph_format.page_break_before = True

    sdt = xml(
        "<w:sdt NS><w:sdtPr/><w:sdtContent><w:p><w:r><w:t>Texte d'un contrôle de contenu</w:t>"
        "</w:r></w:p></w:sdtContent></w:sdt>"
    )
    document.element.body.insert(len(document.element.body) - 1, sdt)

    boxed = document.add_paragraph("Encadré :")
    boxed._p.append(text_box("Texte de l'encadré"))

    outer = document.add_table(rows=1, cols=2)
    outer.cell(0, 0).text = "Cellule A"
    inner = outer.cell(0, 1).add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "B1"
    inner.cell(0, 1).text = "B2"

    merged = document.add_table(rows=2, cols=3)
    merged.cell(0, 0).merge(merged.cell(0, 1)).text = "Fusionnée"
    merged.cell(0, 2).text = "C"
    merged.cell(1, 0).text = "D"

    document.add_section()  # its header is linked to the first one: read once
    document.add_paragraph("Dernière section")

    path = tmp_path / "rapport.docx"
    document.save(str(path))
    add_footnote_part(path, "Source : enquête de 2019.")
    return path


def test_text_comes_out_in_document_order_split_at_page_breaks(report: Path) -> None:
    assert extract(report).pages == (
        "Rapport de mission à Douentza\n"
        "Contexte\n"
        "L'accès à l'eau reste difficile. Voir le site du Département.\n"
        "Poste | Montant (€)\n"
        "Forage | 12 000\n"
        "Fin de la première page",
        "Début de la deuxième page",
        "Budget\n"
        "Texte d'un contrôle de contenu\n"
        "Encadré :\n"
        "Texte de l'encadré\n"
        "Cellule A | B1 | B2\n"
        "Fusionnée | C\n"
        "D\n"
        "Dernière section\n"
        "Source : enquête de 2019.\n"
        "CRESI — Centre de ressources\n"
        "Conseil départemental de l'Essonne",
    )


def test_headings_are_collected_in_order(report: Path) -> None:
    assert extract(report).headings == ("Rapport de mission à Douentza", "Contexte", "Budget")


def test_core_properties_become_properties(report: Path) -> None:
    extracted = extract(report)
    props = extracted.properties
    assert (props.title, props.author, props.subject) == (
        "Rapport de mission à Douentza",
        "Claire Martin",
        "Eau potable",
    )
    assert props.keywords == ("eau", "assainissement", "Mali")
    assert props.created == "2012-11-15"
    assert props.language == "fr"
    assert extracted.paged is False


def test_python_docx_template_defaults_are_not_properties(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Bonjour")
    path = tmp_path / "defaut.docx"
    document.save(str(path))
    props = extract(path).properties
    assert (props.title, props.author, props.created) == ("", "", "")


def test_outline_level_makes_a_heading(tmp_path: Path) -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("Titre sans style de titre")
    paragraph._p.get_or_add_pPr().append(xml('<w:outlineLvl NS w:val="0"/>'))
    document.add_paragraph("Corps du texte")
    path = tmp_path / "niveau.docx"
    document.save(str(path))
    assert extract(path).headings == ("Titre sans style de titre",)


def test_zip_without_word_document_is_refused() -> None:
    with pytest.raises(ExtractionError) as caught:
        extract(BAD / "zip-renamed.docx")
    assert caught.value.reason == "ce fichier .docx n'est pas un document Word (archive zip sans document)"


def test_word_97_file_renamed_docx_is_refused() -> None:
    with pytest.raises(ExtractionError) as caught:
        extract(BAD / "word97-renamed.docx")
    assert "Word 97-2003" in caught.value.reason


def test_empty_docx_is_refused() -> None:
    with pytest.raises(ExtractionError) as caught:
        extract(BAD / "empty.docx")
    assert caught.value.reason == "fichier vide"


def test_zip_bomb_is_refused_before_decompression() -> None:
    with pytest.raises(ExtractionError) as caught:
        extract(BAD / "zip-bomb.docx")
    assert caught.value.reason == ZIP_BOMB


def test_xml_entity_bomb_is_refused() -> None:
    with pytest.raises(ExtractionError) as caught:
        extract(BAD / "xml-entity-bomb.docx")
    assert caught.value.reason == XML_DECLARATIONS


def test_member_compressed_too_well_is_refused(tmp_path: Path, report: Path) -> None:
    path = tmp_path / "ratio.docx"
    path.write_bytes(report.read_bytes())
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/media/zeros.bin", bytes(20 * 1024 * 1024))
    with pytest.raises(ExtractionError) as caught:
        extract(path)
    assert caught.value.reason == ZIP_BOMB


def test_member_that_lies_about_its_size_is_not_read_past_it(tmp_path: Path, report: Path) -> None:
    """A header that declares 1 KB for 30 MB: reading stops at 1 KB and fails its check."""
    source = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(report.read_bytes())) as old, zipfile.ZipFile(source, "w") as new:
        for info in old.infolist():
            new.writestr(info, old.read(info), compress_type=zipfile.ZIP_DEFLATED)
        new.writestr("word/liar.xml", b"<a>" + b" " * (30 * 1024 * 1024) + b"</a>", zipfile.ZIP_DEFLATED)
    data = bytearray(source.getvalue())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo("word/liar.xml")
    true_size = info.file_size.to_bytes(4, "little")
    lie = (1024).to_bytes(4, "little")
    # Patch the size in the local header and in the central directory.
    local = info.header_offset + 22
    assert data[local : local + 4] == true_size
    data[local : local + 4] = lie
    central = data.rindex(b"word/liar.xml") - 46  # the name ends the entry's fixed part
    assert data[central : central + 4] == b"PK\x01\x02"
    assert data[central + 24 : central + 28] == true_size
    data[central + 24 : central + 28] = lie
    path = tmp_path / "menteur.docx"
    path.write_bytes(bytes(data))
    with pytest.raises(ExtractionError) as caught:
        extract(path)
    assert caught.value.reason.startswith("fichier tronqué ou corrompu")


def test_broken_document_xml_is_reported_as_corrupted(tmp_path: Path, report: Path) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(report) as old, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info)
            new.writestr(info, data[: len(data) // 2] if info.filename == "word/document.xml" else data)
    path = tmp_path / "coupe.docx"
    path.write_bytes(out.getvalue())
    with pytest.raises(ExtractionError) as caught:
        extract(path)
    assert caught.value.reason.startswith("fichier tronqué ou corrompu")


def test_word_template_renamed_docx_is_refused(tmp_path: Path, report: Path) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(report) as old, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename == "[Content_Types].xml":
                data = data.replace(b"document.main+xml", b"template.main+xml")
            new.writestr(info, data)
    path = tmp_path / "modele.docx"
    path.write_bytes(out.getvalue())
    with pytest.raises(ExtractionError) as caught:
        extract(path)
    assert caught.value.reason.startswith("modèle Word ou document avec macros")
