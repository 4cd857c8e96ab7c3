"""Running headers and footers are recognised at extraction and kept out of snippets
(issue 15): page by page on real PDFs made with reportlab, then through a real indexing
run and the real search service."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.extract import extract
from indexer.extract.furniture import strip_furniture
from indexer.model import Extracted

HEADER = "Conseil général de l'Essonne — Direction de la coopération"
BODIES = [
    "Le forage du village de Boni a été réalisé en mars.\nLe comité de gestion perçoit une cotisation.",
    "La pompe solaire alimente trois bornes-fontaines.\nLes femmes gèrent la caisse du point d'eau.",
    "Les enfants de l'école boivent une eau potable.\nUne formation à l'hygiène suit les travaux.",
    "Bilan : deux nouveaux forages sont demandés.\nLe partenariat se poursuit en 2013.",
]


def pages_with_furniture(n: int = 4) -> tuple[str, ...]:
    return tuple(f"{HEADER}\n{body}\nRapport de mission 2012 — page {i + 1} sur {n}"
                 for i, body in enumerate(BODIES[:n]))


def test_running_header_footer_and_page_numbers_are_taken_out():
    out = strip_furniture(Extracted(pages=pages_with_furniture(), paged=True))
    assert out.pages == tuple(BODIES)
    assert out.furniture == (HEADER, "Rapport de mission 2012 — page 1 sur 4")
    assert HEADER in out.text, "metadata detection still reads them"


@pytest.mark.parametrize("number", ["12", "- 12 -", "p. 12", "Page 12", "12/40"])
def test_bare_page_numbers_at_a_page_edge_are_furniture(number):
    pages = tuple(f"{body}\n{number}" for body in BODIES)
    out = strip_furniture(Extracted(pages=pages, paged=True))
    assert out.pages == tuple(BODIES) and out.furniture == ()


def test_lines_that_do_not_repeat_or_sit_inside_the_page_stay():
    repeated_inside = tuple(f"Titre {i}\nPremière ligne\nMot répété au milieu\n{b}\nFin {i}"
                            for i, b in enumerate(BODIES))
    out = strip_furniture(Extracted(pages=repeated_inside))
    assert all("Mot répété au milieu" in p for p in out.pages)
    short = Extracted(pages=pages_with_furniture()[:2])
    assert strip_furniture(short) is short, "two pages prove nothing"


def make_pdf(target: Path) -> Path:
    canvas = pytest.importorskip("reportlab.pdfgen.canvas")
    c = canvas.Canvas(str(target))
    for i, body in enumerate(BODIES):
        c.setFont("Helvetica", 9)
        c.drawString(72, 800, HEADER)
        c.setFont("Helvetica", 12)
        for j, line in enumerate(body.split("\n")):
            c.drawString(72, 700 - 20 * j, line)
        c.setFont("Helvetica", 9)
        c.drawString(72, 40, f"Rapport de mission 2012 — page {i + 1} sur {len(BODIES)}")
        c.showPage()
    c.save()
    return target


def test_a_real_pdf_loses_its_furniture_page_by_page(tmp_path):
    ex = extract(make_pdf(tmp_path / "mission.pdf"))
    assert len(ex.pages) == 4
    assert not any("Direction de la coopération" in p or "page 2 sur" in p for p in ex.pages)
    assert "Le forage du village de Boni" in ex.pages[0]


def test_snippets_never_show_the_furniture(tmp_path, taxonomy):
    from cresi_search.index.store import IndexStore
    from cresi_search.search import SearchRequest, SearchService
    from indexer.config import Settings
    from indexer.update import run

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    make_pdf(corpus / "Mission eau Boni 2012.pdf")
    run(Settings(corpus=corpus, index=tmp_path / "index", workers=1))
    service = SearchService(IndexStore(tmp_path / "index"), taxonomy)
    for q in ("pompe solaire", "forages", "eau"):
        [hit] = service.search(SearchRequest(q=q)).results
        assert "Direction de la coopération" not in hit.snippet and "sur 4" not in hit.snippet, (q, hit.snippet)
        assert "<mark>" in hit.snippet
