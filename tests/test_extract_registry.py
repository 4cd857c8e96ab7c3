"""The registry: which files are read, skipped or ignored, and how failures are reported."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest

from indexer.extract import EXTRACTOR_VERSION, ExtractionError, extract, is_ignored, skip_reason

BAD = Path(__file__).resolve().parent / "data" / "bad"


@pytest.mark.parametrize(
    "name", ["a.pdf", "b.PDF", "c.docx", "d.odt", "e.html", "f.htm", "g.md", "h.markdown", "i.txt",
             "scan.jpg", "scan.JPEG", "scan.png", "scan.tif", "scan.tiff"]
)
def test_supported_formats_have_no_skip_reason(name: str) -> None:
    assert skip_reason(Path(name)) is None


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("vieux.doc", "format Word 97-2003 non pris en charge : enregistrez-le en .docx"),
        ("budget.XLS", "format Excel 97-2003 non pris en charge : les classeurs ne sont pas indexés"),
        ("diapo.ppt", "format PowerPoint 97-2003 non pris en charge : enregistrez-le en PDF"),
        ("photo.gif", "image : format non lu par l'OCR (enregistrez les scans en JPEG, PNG ou TIFF)"),
        ("photo.HEIC", "image : format non lu par l'OCR (enregistrez les scans en JPEG, PNG ou TIFF)"),
        ("envoi.zip", "archive : décompressez-la pour que ses documents soient indexés"),
        ("donnees.xyz", "format non pris en charge (.xyz)"),
        ("LISEZMOI", "format non pris en charge (fichier sans extension)"),
    ],
)
def test_unsupported_formats_say_why(name: str, reason: str) -> None:
    assert skip_reason(Path(name)) == reason


@pytest.mark.parametrize(
    "name",
    [
        "~$pport.docx",
        ".~lock.guide.odt#",
        ".DS_Store",
        ".cache",
        "Thumbs.db",
        "desktop.ini",
        "~WRL0003.tmp",
        "export.TMP",
        "notes.txt~",
    ],
)
def test_lock_hidden_and_temporary_files_are_ignored(name: str) -> None:
    assert is_ignored(name)


@pytest.mark.parametrize("name", ["rapport.pdf", "Guide ~ version 2.docx", "2019 bilan.odt", "tmp-notes.txt"])
def test_documents_are_not_ignored(name: str) -> None:
    assert not is_ignored(name)


def test_extractor_version_is_a_positive_int() -> None:
    assert isinstance(EXTRACTOR_VERSION, int) and EXTRACTOR_VERSION >= 1


def test_unsupported_file_is_refused_with_its_skip_reason(tmp_path: Path) -> None:
    path = tmp_path / "vieux.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(ExtractionError) as caught:
        extract(path)
    assert caught.value.reason == skip_reason(path)


def test_empty_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "vide.txt"
    path.touch()
    with pytest.raises(ExtractionError) as caught:
        extract(path)
    assert caught.value.reason == "fichier vide"


def test_file_over_the_size_limit_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "gros.pdf"
    path.write_bytes(b"x" * 3 * 1024 * 1024)  # not even a PDF: the size is checked first
    with pytest.raises(ExtractionError) as caught:
        extract(path, max_bytes=2 * 1024 * 1024)
    assert caught.value.reason == "fichier trop volumineux (3 Mo, limite 2 Mo)"


def test_missing_file_is_an_extraction_error(tmp_path: Path) -> None:
    with pytest.raises(ExtractionError) as caught:
        extract(tmp_path / "parti.pdf")
    assert "introuvable" in caught.value.reason


def test_library_failure_is_wrapped(tmp_path: Path) -> None:
    """python-docx's own XML error on a mangled styles part comes out as an ExtractionError."""
    document = docx.Document()
    document.add_paragraph("Texte")
    buffer = io.BytesIO()
    document.save(buffer)
    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as old, zipfile.ZipFile(out, "w") as new:
        for info in old.infolist():
            data = old.read(info)
            new.writestr(info, b"<w:styles><pas du XML" if info.filename == "word/styles.xml" else data)
    path = tmp_path / "styles-casses.docx"
    path.write_bytes(out.getvalue())
    with pytest.raises(ExtractionError) as caught:
        extract(path)
    assert caught.value.reason.startswith("fichier tronqué ou corrompu (")


@pytest.mark.parametrize("path", sorted(BAD.iterdir()), ids=lambda p: p.name)
def test_every_bad_file_gives_a_result_or_a_reason(path: Path) -> None:
    try:
        extracted = extract(path)
    except ExtractionError as exc:
        assert exc.reason.strip()
    else:
        assert isinstance(extracted.pages, tuple)
