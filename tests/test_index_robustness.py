"""Index the shared folder of real-world tricky files through the real pipeline.

Every file comes out either indexed (with its text, unless it is a scan) or skipped with
a clear reason; nothing crashes, hangs or takes the run down.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.config import Settings
from cresi_search.index.store import IndexStore
from indexer.update import run

ROBUSTNESS = Path(__file__).resolve().parents[2] / "shared" / "testdata" / "robustness"


@pytest.mark.skipif(not ROBUSTNESS.is_dir(), reason="../shared/testdata/robustness absent")
def test_every_tricky_file_is_indexed_or_skipped_with_a_reason(tmp_path):
    files = sorted(p.name for p in ROBUSTNESS.iterdir() if p.is_file())
    report = run(Settings(corpus=ROBUSTNESS, index=tmp_path / "ix", timeout_s=60))
    skipped = {s["path"]: s["reason"] for s in report.skipped}
    indexed = set(report.added)
    assert indexed | set(skipped) == set(files)
    assert not indexed & set(skipped)
    assert all(len(reason) > 10 for reason in skipped.values()), skipped
    assert report.documents == len(indexed)
    # Files with a text layer came out with their text; a password-protected file says so.
    with IndexStore(tmp_path / "ix").open().searcher() as s:
        by_path = {d["path"]: d for d in s.documents(kind="doc")}
    assert by_path["multilang.pdf"]["meta"]["text_layer"]
    assert not by_path["imagemagick-CCITTFaxDecode.pdf"]["meta"]["text_layer"]
    assert "mot de passe" in skipped["libreoffice-writer-password.pdf"]
    assert by_path["r2-empty-password.pdf"]["meta"]["text_layer"]
    # Math fonts without a Unicode map give control characters to pypdf: those pages are
    # detected, read again with PDFium, and the document's status says which.
    geotopo = by_path["GeoTopo-komprimiert.pdf"]["meta"]
    assert len(geotopo["repaired_pages"]) >= 50
    assert "page 8 : couche texte caractères de contrôle (police sans table Unicode), relue avec PDFium" in geotopo["warnings"]
    with IndexStore(tmp_path / "ix").open().searcher() as s:
        page8 = next(d for d in s.documents(kind="page") if d["parent"] == by_path["GeoTopo-komprimiert.pdf"]["id"]
                     and d["pagenum"] == 8)
    assert "S ⊆ T" in page8["page_text"] and "\x12" not in repr(page8["page_text"])
    assert not any(by_path[p]["meta"]["repaired_pages"] for p in ("multilang.pdf", "multicolumn.pdf"))
