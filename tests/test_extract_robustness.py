"""Real-world files known to trip extractors (shared/testdata/robustness) and mangled files.

Each file must come out as an `Extracted` or as an `ExtractionError` with a reason: never
another exception. The per-file budget catches a file that makes an extractor crawl;
the indexer's worker pool adds the real per-file timeout.
"""

from __future__ import annotations

import importlib.util
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indexer.extract import ExtractionError, extract
from indexer.extract.errors import PDF_PASSWORD
from indexer.extract.ocr import OcrSettings
from indexer.extract.pdf import PDF_AES

ROBUSTNESS = Path(__file__).resolve().parents[2] / "shared/testdata/robustness"
FILES = sorted(p for p in ROBUSTNESS.glob("*") if p.is_file()) if ROBUSTNESS.is_dir() else []
needs_corpus = pytest.mark.skipif(
    not FILES, reason=f"dossier de fichiers difficiles absent : {ROBUSTNESS} (shared/ à côté du dépôt)"
)
SECONDS_PER_FILE = 30.0
HAS_AES = importlib.util.find_spec("cryptography") is not None


def outcome(path: Path):
    """The Extracted, or the ExtractionError: anything else fails the test. Without OCR:
    the time checked is the extractors'; OCR has its own budget (tests/test_ocr.py)."""
    try:
        return extract(path, ocr=OcrSettings(mode="off"))
    except ExtractionError as exc:
        assert exc.reason.strip(), f"{path.name}: raison vide"
        return exc


@needs_corpus
@pytest.mark.parametrize("path", FILES or [None], ids=lambda p: p.name if p else "absent")
def test_every_file_is_read_or_refused_with_a_reason(path: Path) -> None:
    start = time.perf_counter()
    outcome(path)
    assert time.perf_counter() - start < SECONDS_PER_FILE


def robust(name: str) -> Path:
    path = ROBUSTNESS / name
    if not path.is_file():
        pytest.skip(f"fichier absent : {path}")
    return path


@needs_corpus
def test_empty_user_password_pdf_is_read() -> None:
    assert "pdf encryption test" in extract(robust("r2-empty-password.pdf")).text


@needs_corpus
@pytest.mark.parametrize("name", ["libreoffice-writer-password.pdf", "r4-aes-user-password.pdf"])
def test_pdf_needing_a_password_is_refused(name: str) -> None:
    with pytest.raises(ExtractionError) as caught:
        extract(robust(name))
    assert caught.value.reason == PDF_PASSWORD


@needs_corpus
def test_aes256_pdf_with_a_user_password_but_an_empty_owner_password() -> None:
    # This file's owner password is empty: the empty password opens it, as in pypdf.
    if HAS_AES:
        assert extract(robust("r6-user-password.pdf")).has_text
        return
    # Without the "cryptography" module pypdf cannot even check an AES-256 password.
    with pytest.raises(ExtractionError) as caught:
        extract(robust("r6-user-password.pdf"))
    assert caught.value.reason == PDF_AES
    assert "chiffré" in caught.value.reason


@needs_corpus
def test_aes256_pdf_with_only_an_owner_password() -> None:
    if HAS_AES:
        assert extract(robust("r6-owner-password.pdf")).has_text
    else:
        with pytest.raises(ExtractionError) as caught:
            extract(robust("r6-owner-password.pdf"))
        assert caught.value.reason == PDF_AES


@needs_corpus
def test_fax_image_pdf_has_no_text_layer() -> None:
    extracted = extract(robust("imagemagick-CCITTFaxDecode.pdf"))
    assert extracted.pages == ("",)
    assert not extracted.has_text


@needs_corpus
def test_pdf_attachment_is_not_read() -> None:
    extracted = extract(robust("with-attachment.pdf"))
    assert extracted.text.startswith("Lorem ipsum dolor sit amet")


@needs_corpus
@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("test.docx", "python-docx was here!\npython-docx was here too!"),
        ("par-hlink-frags.docx", "Six with link to https://foo.com?q=bar#the-bar."),
        ("hdr-header-footer.docx", "section without header of its own.\nHeader for section-1"),
        ("comments-rich-para.docx", "Other document text.\nOther text worthy of note."),
        ("tbl-cell-access.docx", "1 | 2 | 3\n4 | 5 | 6\n7 | 8 | 9"),
        ("trivial-source.odt", "Lorem ipsum dolor sit amet"),
    ],
)
def test_office_files_give_their_text(name: str, expected: str) -> None:
    assert expected in extract(robust(name)).text


@needs_corpus
@pytest.mark.parametrize(
    "name",
    [
        "doc-no-coreprops.docx",
        "doc-word-default-blank.docx",
        "having-images.docx",
        "set-no-settings-part.docx",
        "sty-having-no-styles-part.docx",
    ],
)
def test_docx_without_text_or_optional_parts_opens(name: str) -> None:
    assert extract(robust(name)).text == ""


# --- mangled files: random damage to valid files must never escape as a crash ----------

SAMPLES = Path(__file__).resolve().parent / "data" / "bad"
SEEDS = {
    ".pdf": SAMPLES / "encrypted-empty-password.pdf",
    ".docx": SAMPLES / "xml-entity-bomb.docx",
    ".odt": SAMPLES / "xxe-external-entity.odt",
}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    suffix=st.sampled_from(sorted(SEEDS)),
    cuts=st.lists(st.tuples(st.floats(0, 1), st.binary(min_size=0, max_size=8)), min_size=1, max_size=4),
)
def test_damaged_files_are_read_or_refused(suffix: str, cuts: list[tuple[float, bytes]]) -> None:
    data = bytearray(SEEDS[suffix].read_bytes())
    for where, junk in cuts:
        at = int(where * (len(data) - 1))
        data[at : at + len(junk)] = junk
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"abime{suffix}"
        path.write_bytes(bytes(data))
        outcome(path)


@settings(max_examples=40, deadline=None)
@given(
    suffix=st.sampled_from([".pdf", ".docx", ".odt", ".html", ".md", ".txt"]),
    data=st.binary(max_size=2048),
)
def test_random_bytes_are_read_or_refused(suffix: str, data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"hasard{suffix}"
        path.write_bytes(data)
        outcome(path)
