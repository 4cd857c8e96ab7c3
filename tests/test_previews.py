"""First-page previews and scan marks, from a real run to the pages of the real site.

The run uses `--ocr off`, so these tests need no tesseract: previews and scan marks come
from PDFium and the pictures alone.
"""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest
from PIL import Image

from indexer.config import Settings
from indexer.update import run
from tests.filemakers import make_pdf

ROOT = Path(__file__).resolve().parents[1]
SCAN = ROOT / "corpus/Divers/scan-attestation-douentza-2016.pdf"


@pytest.fixture()
def site(tmp_path: Path):
    from search_app import create_app

    corpus = tmp_path / "corpus"
    make_pdf(corpus / "Mali/Rapport forages Douentza 2009.pdf",
             ["Rapport de mission : forages à Douentza, Mali.", "Comités de gestion de l'eau à Douentza."],
             title="Mission eau Douentza")
    shutil.copy(SCAN, corpus / "Mali/attestation numérisée Douentza.pdf")
    (corpus / "Mali/note Douentza.md").write_text("# Note sur Douentza\n\nUne note.\n", encoding="utf-8")
    index = tmp_path / "index"
    report = run(Settings(corpus=corpus, index=index, workers=2), ocr="off")
    assert len(report.added) == 3
    app = create_app({"TESTING": True, "INDEX_DIR": index, "CORPUS_DIR": corpus, "TAXONOMY": None})
    return app.test_client()


def results(client, q: str) -> str:
    response = client.get("/", query_string={"q": q})
    assert response.status_code == 200
    return response.get_data(as_text=True)


def result_items(html: str) -> dict[str, str]:
    """Each result's <li> by its title."""
    items = re.findall(r'<li class="result".*?</li>\s*(?=<li class="result"|</ol>|</ul>)', html, re.S)
    return {re.search(r'data-testid="result-link">([^<]+)</a>', item).group(1): item for item in items}


def test_pdfs_show_a_small_preview_with_alt_text_and_the_scan_is_marked(site):
    items = result_items(results(site, "Douentza"))
    assert set(items) == {"Mission eau Douentza", "Attestation de réception de matériel scolaire - Douentza",
                          "Note sur Douentza"}
    for title in ("Mission eau Douentza", "Attestation de réception de matériel scolaire - Douentza"):
        assert f'alt="Aperçu de la première page de « {title} »"' in items[title]
    assert 'data-testid="preview"' not in items["Note sur Douentza"]  # no preview for a text file
    assert 'data-testid="scan-badge"' in items["Attestation de réception de matériel scolaire - Douentza"]
    assert 'data-testid="scan-badge"' not in items["Mission eau Douentza"]


def test_preview_is_a_jpeg_of_a_few_kilobytes(site):
    html = results(site, "Douentza")
    sources = re.findall(r'<img class="preview[^"]*" src="([^"]+)"', html)
    assert len(sources) == 2
    for src in sources:
        with site.get(src) as response:  # a file response: closed once read
            assert response.status_code == 200 and response.mimetype == "image/jpeg"
            data = response.get_data()
        assert len(data) < 20_000
        with Image.open(io.BytesIO(data)) as picture:
            assert picture.format == "JPEG" and picture.width == 200 and 250 < picture.height < 300  # A4
        assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_document_page_shows_its_preview_and_what_awaits_ocr(site):
    html = results(site, "attestation")
    doc_link = re.search(r'href="(/documents/[0-9a-f]+)[?"]', html).group(1)
    page = site.get(doc_link).get_data(as_text=True)
    assert 'class="preview preview-200"' in page and "alt=\"Aperçu de la première page de « Attestation" in page
    assert "1 page en attente de reconnaissance de caractères (OCR)" in page


def test_preview_answers_exactly_when_the_document_page_does(site):
    html = results(site, "Douentza")
    with_preview = re.findall(r'src="/documents/([0-9a-f]+)/apercu.jpg"', html)
    assert len(with_preview) == 2
    for doc_id in [*with_preview, "0" * 16, "inconnu", with_preview[0] + "x", "..%2F..%2Fetc"]:
        page = site.get(f"/documents/{doc_id}").status_code
        with site.get(f"/documents/{doc_id}/apercu.jpg") as preview:  # a file response
            assert preview.status_code == page, doc_id
    note = next(i for i in re.findall(r'data-id="([0-9a-f]+)"', html) if i not in with_preview)
    assert site.get(f"/documents/{note}").status_code == 200
    with site.get(f"/documents/{note}/apercu.jpg") as preview:
        assert preview.status_code == 404  # a text file has none
