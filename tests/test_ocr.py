"""Real OCR (Debian's tesseract and its French model) on real scans, through real runs.

The scans are made here from pages of the sample corpus: PDFium renders them, Pillow
saves the pictures as an image-only PDF or a PNG, so the words printed on them are
known from the source's text layer. Outside CI the tests are skipped when tesseract is
absent; in CI (CI=true) its absence is a failure. Runs without tesseract put a PATH
without it in front of the job; invocations are counted by a wrapper on the PATH.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
from pathlib import Path

import pytest

from cresi_search.french.normalise import fold
from cresi_search.index.store import IndexStore
from cresi_search.search import SearchRequest, SearchService
from cresi_search.vocab.taxonomy import load_taxonomy
from indexer.config import Settings
from indexer.extract import extract
from indexer.extract.ocr import OcrSettings, unavailable_reason
from indexer.status import format_status, index_status
from indexer.update import run

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "corpus/Coopération décentralisée/Mali - Cercle de Douentza/2009 Mission eau Douentza.pdf"
TESSERACT = shutil.which("tesseract")

if unavailable_reason() is not None:
    if os.environ.get("CI"):
        raise RuntimeError("tesseract is required in CI: apt-get install tesseract-ocr tesseract-ocr-fra")
    pytest.skip("tesseract absent (apt-get install tesseract-ocr tesseract-ocr-fra) : tests OCR ignorés",
                allow_module_level=True)

pdfium = pytest.importorskip("pypdfium2")


def page_pictures(pages: list[int], dpi: int = 150):
    """Pages (1-based) of the source PDF as grey pictures, as a scanner gives them."""
    document = pdfium.PdfDocument(SOURCE)
    return [document[n - 1].render(scale=dpi / 72, grayscale=True).to_pil() for n in pages]


def printed_words(page: int, others: list[int]) -> list[str]:
    """Long words of a source page (its text layer) that no other page given holds."""
    document = pdfium.PdfDocument(SOURCE)
    text = lambda n: document[n - 1].get_textpage().get_text_range()  # noqa: E731
    elsewhere = {fold(w.lower()) for n in others for w in re.findall(r"\w+", text(n))}
    words = [w for w in re.findall(r"[^\W\d_]{9,}", text(page)) if fold(w.lower()) not in elsewhere]
    return list(dict.fromkeys(words))


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    (root / "Scans").mkdir(parents=True)
    first, second = page_pictures([1, 2])
    first.save(root / "Scans/rapport numérisé.pdf", save_all=True, append_images=[second], resolution=150)
    page_pictures([3])[0].save(root / "Scans/page trois.png")
    (root / "note.md").write_text("# Note\n\nUne note sans rapport avec les scans.\n", encoding="utf-8")
    return root


@pytest.fixture()
def counted_tesseract(tmp_path: Path, monkeypatch) -> Path:
    """A `tesseract` first on the PATH that logs each page it is given, then runs the real one."""
    folder, log = tmp_path / "bin", tmp_path / "tesseract-calls.log"
    folder.mkdir()
    wrapper = folder / "tesseract"
    wrapper.write_text(f'#!/bin/sh\ncase "$1" in -*) ;; *) echo "$1" >> "{log}" ;; esac\nexec {TESSERACT} "$@"\n')
    wrapper.chmod(wrapper.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    return log


def calls(log: Path) -> int:
    return len(log.read_text().splitlines()) if log.exists() else 0


def without_tesseract(monkeypatch, tmp_path: Path) -> None:
    empty = tmp_path / "no-tesseract"
    empty.mkdir(exist_ok=True)
    monkeypatch.setenv("PATH", str(empty))


def settings_for(corpus: Path) -> Settings:
    return Settings(corpus=corpus, index=corpus.parent / "index", workers=2)


def hits(corpus: Path, q: str) -> dict[str, int | None]:
    service = SearchService(IndexStore(corpus.parent / "index"), load_taxonomy(None))
    return {h.path: h.page for h in service.search(SearchRequest(q=q, per_page=50)).results}


def test_scanned_pdf_is_found_by_words_printed_on_it_with_their_page(corpus, counted_tesseract):
    report = run(settings_for(corpus))
    assert report.ocr["pages_recognised"] == 3 == calls(counted_tesseract)
    words = printed_words(2, others=[1, 3])
    assert len(words) >= 3, words
    found = [w for w in words if hits(corpus, w).get("Scans/rapport numérisé.pdf") == 2]
    assert len(found) >= 0.8 * len(words), (words, found)
    first = printed_words(1, others=[2, 3])[0]
    assert hits(corpus, first).get("Scans/rapport numérisé.pdf") == 1


def test_image_file_is_a_document_found_by_its_words(corpus):
    run(settings_for(corpus))
    words = printed_words(3, others=[1, 2])
    found = [w for w in words if "Scans/page trois.png" in hits(corpus, w)]
    assert len(found) >= 0.8 * len(words), (words, found)


def test_ocr_runs_once_per_content_rename_touch_and_full_reuse_it(corpus, counted_tesseract):
    run(settings_for(corpus))
    first = calls(counted_tesseract)
    scan = corpus / "Scans/rapport numérisé.pdf"
    scan.rename(corpus / "Scans/rapport renommé.pdf")
    os.utime(corpus / "Scans/page trois.png")
    report = run(settings_for(corpus))
    assert report.ocr["pages_recognised"] == 0
    report = run(settings_for(corpus), full=True)
    assert report.ocr["pages_recognised"] == 0
    assert calls(counted_tesseract) == first
    word = printed_words(2, others=[1, 3])[0]
    assert hits(corpus, word).get("Scans/rapport renommé.pdf") == 2


def test_new_extractor_version_rereads_files_but_takes_ocr_from_its_cache(corpus, monkeypatch, tmp_path):
    run(settings_for(corpus))
    monkeypatch.setattr("indexer.update.EXTRACTOR_VERSION", 99)  # every cached extraction is stale
    without_tesseract(monkeypatch, tmp_path)  # and tesseract is gone: OCR can only come from the cache
    report = run(settings_for(corpus), full=True)
    assert report.extracted == 3
    assert report.ocr["available"] is False
    assert report.ocr["pages_recognised"] == 0 and report.ocr["pages_from_cache"] == 3
    assert report.ocr["pages_awaiting"] == 0
    word = printed_words(1, others=[2, 3])[0]
    assert hits(corpus, word).get("Scans/rapport numérisé.pdf") == 1


def test_without_tesseract_pages_wait_and_are_read_once_it_is_installed(corpus, monkeypatch, tmp_path):
    with monkeypatch.context() as patched:
        without_tesseract(patched, tmp_path)
        report = run(settings_for(corpus))
        assert len(report.added) == 3 and not report.skipped  # indexed as before OCR existed
        assert report.ocr["pages_awaiting"] == 3
        assert "apt-get install tesseract-ocr tesseract-ocr-fra" in report.ocr["message"]
        status = format_status(index_status(corpus.parent / "index"))
        assert status.count("3 page(s) en attente d'OCR") == 1
    word = printed_words(2, others=[1, 3])[0]
    assert not hits(corpus, word)
    report = run(settings_for(corpus))  # tesseract is back on the PATH
    assert sorted(report.updated) == ["Scans/page trois.png", "Scans/rapport numérisé.pdf"]
    assert report.unchanged == 1 and report.ocr["pages_recognised"] == 3
    assert report.ocr["pages_awaiting"] == 0 and report.ocr["message"] == ""
    assert hits(corpus, word).get("Scans/rapport numérisé.pdf") == 2


def test_ocr_off_leaves_pages_waiting_and_says_why(corpus, counted_tesseract):
    report = run(settings_for(corpus), ocr="off")
    assert calls(counted_tesseract) == 0 and report.ocr["pages_awaiting"] == 3
    assert "--ocr off" in report.ocr["message"]


def test_force_recognises_pages_that_have_a_text_layer(tmp_path, counted_tesseract):
    root = tmp_path / "corpus"
    root.mkdir()
    shutil.copy(SOURCE, root / "rapport.pdf")
    report = run(settings_for(root), ocr="force")
    assert report.ocr["pages_recognised"] == calls(counted_tesseract) == 4


def test_spent_budget_leaves_the_remaining_pages_for_the_next_run(corpus, tmp_path):
    scan = corpus / "Scans/rapport numérisé.pdf"
    spent = extract(scan, ocr=OcrSettings(cache_dir=tmp_path / "ocr", sha256="a" * 64, budget_s=0.5))
    assert spent.awaiting_ocr == (1, 2) and not spent.ocr_pages
    assert any("budget" in w for w in spent.warnings)
    read = extract(scan, ocr=OcrSettings(cache_dir=tmp_path / "ocr", sha256="a" * 64))
    assert read.ocr_pages == (1, 2) and read.recognised_now == 2 and read.scanned
    again = extract(scan, ocr=OcrSettings(cache_dir=tmp_path / "ocr", sha256="a" * 64, budget_s=0.5))
    assert again.ocr_pages == (1, 2) and again.recognised_now == 0  # the cache needs no budget


def test_sample_corpus_scan_is_read_by_ocr():
    extracted = extract(ROOT / "corpus/Divers/scan-attestation-douentza-2016.pdf")
    assert extracted.scanned and extracted.ocr_pages == (1,)
    text = fold(extracted.text.lower())
    for words in ("attestation de reception de materiel scolaire", "bordereau de livraison", "tables-bancs"):
        assert words in text, words
