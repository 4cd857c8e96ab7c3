"""PDF extraction: pages in order, normalised text, properties, and the broken cases."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.xmp import XmpInformation
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from indexer.extract import ExtractionError, extract
from indexer.extract.props import clean_title
from cresi_search.french.normalise import clean_text

BAD = Path(__file__).resolve().parent / "data" / "bad"


def make_pdf(path: Path, pages: list[list[str]], **info: str) -> Path:
    """One line of text per string, one list per page; info: title, author, subject, keywords."""
    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    pdf.setTitle(info.get("title", ""))
    pdf.setAuthor(info.get("author", ""))
    pdf.setSubject(info.get("subject", ""))
    pdf.setKeywords(info.get("keywords", ""))
    for lines in pages:
        pdf.setFont("Helvetica", 12)
        for number, line in enumerate(lines):
            pdf.drawString(72, 760 - 18 * number, line)
        pdf.showPage()
    pdf.save()
    return path


def rewrite(path: Path, metadata: dict[str, str] | None = None, xmp_title: str = "") -> Path:
    """Replace the document info (and optionally add an XMP dc:title) with pypdf."""
    writer = PdfWriter(clone_from=PdfReader(path))
    if metadata is not None:
        writer.metadata = None
        writer.add_metadata(metadata)
    if xmp_title:
        xmp = XmpInformation.create()
        xmp.dc_title = {"x-default": xmp_title}
        writer.xmp_metadata = xmp
    buffer = io.BytesIO()
    writer.write(buffer)
    path.write_bytes(buffer.getvalue())
    return path


def test_pages_come_out_in_order_with_their_text(tmp_path: Path) -> None:
    path = make_pdf(
        tmp_path / "rapport.pdf",
        [
            ["Rapport de mission à Douentza", "L'accès à l'eau potable"],
            ["Deuxième page : les forages"],
            ["Troisième page : le comité de gestion"],
        ],
    )
    extracted = extract(path)
    assert extracted.paged is True
    assert extracted.pages == (
        "Rapport de mission à Douentza\nL'accès à l'eau potable",
        "Deuxième page : les forages",
        "Troisième page : le comité de gestion",
    )
    assert extracted.warnings == ()


def test_words_cut_at_line_ends_are_joined(tmp_path: Path) -> None:
    path = make_pdf(
        tmp_path / "coupures.pdf",
        [["Un projet de dévelop-", "pement durable au Nord-", "Kivu et à Ségou."]],
    )
    assert extract(path).pages == ("Un projet de développement durable au Nord-Kivu et à Ségou.",)


def test_document_info_becomes_properties(tmp_path: Path) -> None:
    path = make_pdf(
        tmp_path / "bilan.pdf",
        [["Bilan"]],
        title="Bilan de la coopération avec le cercle de Douentza",
        author="Claire Martin",
        subject="Eau et assainissement",
        keywords="forage, puits; comité de gestion",
    )
    rewrite(
        path,
        {
            "/Title": "Bilan de la coopération avec le cercle de Douentza",
            "/Author": "Claire Martin",
            "/Subject": "Eau et assainissement",
            "/Keywords": "forage, puits; comité de gestion",
            "/CreationDate": "D:20190315103000+01'00'",
        },
    )
    props = extract(path).properties
    assert props.title == "Bilan de la coopération avec le cercle de Douentza"
    assert props.author == "Claire Martin"
    assert props.subject == "Eau et assainissement"
    assert props.keywords == ("forage", "puits", "comité de gestion")
    assert props.created == "2019-03-15"


def test_word_prefix_is_stripped_and_junk_titles_dropped(tmp_path: Path) -> None:
    path = rewrite(
        make_pdf(tmp_path / "a.pdf", [["x"]]),
        {"/Title": "Microsoft Word - Guide des financements 2021", "/Author": "Utilisateur Windows"},
    )
    props = extract(path).properties
    assert props.title == "Guide des financements 2021"
    assert props.author == ""


@pytest.mark.parametrize(
    "title",
    [
        "untitled",
        "Document1",
        "Sans titre",
        "Microsoft Word - rapport final.docx",
        "C:\\Users\\cresi\\Documents\\rapport.doc",
        "rapport_mission_2012",
        "  ",
        "12",
    ],
)
def test_junk_titles_are_ignored(title: str) -> None:
    assert clean_title(title) == ""


def test_title_equal_to_the_file_name_is_ignored(tmp_path: Path) -> None:
    path = rewrite(make_pdf(tmp_path / "fiche-ecm-colleges.pdf", [["x"]]), {"/Title": "fiche ecm colleges"})
    assert extract(path).properties.title == ""


def test_xmp_title_is_used_when_the_info_has_none(tmp_path: Path) -> None:
    path = rewrite(make_pdf(tmp_path / "x.pdf", [["x"]]), {}, xmp_title="Guide de la santé communautaire")
    assert extract(path).properties.title == "Guide de la santé communautaire"


def test_info_title_wins_over_xmp(tmp_path: Path) -> None:
    path = rewrite(
        make_pdf(tmp_path / "x.pdf", [["x"]]), {"/Title": "Titre des propriétés"}, xmp_title="Titre XMP"
    )
    assert extract(path).properties.title == "Titre des propriétés"


def test_empty_user_password_is_opened() -> None:
    extracted = extract(BAD / "encrypted-empty-password.pdf")
    assert extracted.pages[0].startswith("Document confidentiel du CRESI — ligne 1\n")


def test_password_protected_pdf_is_refused() -> None:
    with pytest.raises(ExtractionError) as caught:
        extract(BAD / "encrypted-with-password.pdf")
    assert "mot de passe" in caught.value.reason
    assert "chiffré" in caught.value.reason


def test_scan_without_text_layer_gives_empty_pages() -> None:
    extracted = extract(BAD / "scanned-no-text.pdf")
    assert extracted.pages == ("", "")
    assert not extracted.has_text


def test_truncated_pdf_is_reported_as_corrupted() -> None:
    with pytest.raises(ExtractionError) as caught:
        extract(BAD / "truncated.pdf")
    assert caught.value.reason.startswith("fichier tronqué ou corrompu")


def test_text_file_renamed_pdf_is_refused() -> None:
    with pytest.raises(ExtractionError) as caught:
        extract(BAD / "not-a-pdf.pdf")
    assert "n'est pas un PDF malgré son extension" in caught.value.reason


def test_empty_pdf_is_refused() -> None:
    with pytest.raises(ExtractionError) as caught:
        extract(BAD / "empty.pdf")
    assert caught.value.reason == "fichier vide"


def test_normalise_joins_cut_words_keeps_paragraphs_and_expands_ligatures() -> None:
    raw = "Le ﬁnancement du dévelop-\npement\r\n\n\n\nrural   et\u00a0 local\x00 "
    assert clean_text(raw, dehyphenate=True) == "Le financement du développement\n\nrural et local"
    # Decomposed accents (e + combining acute) come out composed.
    assert clean_text("e\u0301te\u0301") == "été"
