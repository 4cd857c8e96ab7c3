"""Copies of one document are one result: a DOCX and a PDF made here from the same text, a
byte-for-byte copy of the PDF in another folder, and a team-only ODT of the same text.

Real files, the real `cresi-index update`, the real site over HTTP: one entry per group
with « Aussi disponible en », totals and facet counts that count entries shown, a
team-only copy never named to a visitor, and /equipe/doublons with each pair's reason.
"""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path
from urllib.parse import quote

import pytest

from bench.site import running_site
from cresi_search.index.store import IndexStore
from cresi_search.search import SearchRequest, SearchService
from cresi_search.search.duplicates import SAME_TEXT, Copies, Link
from cresi_search.vocab.taxonomy import load_taxonomy
from indexer.config import Settings
from indexer.update import run
from cresi_search.nearcopy import BANDS, MIN_WORDS, NEAR_THRESHOLD, band_tokens, likeness, signature
from indexer.metadata.paths import document_id
from tests.filemakers import make_docx, make_pdf
from tests.test_staff_access import add_user, staff
from tests.test_staff_catalogue import update
from tests.webclient import WebClient

TITLE = "Jardins partagés de Bamako : rapport d'activité"
TEXT = [
    "Les jardins partagés du quartier de Badalabougou, à Bamako, réunissent quarante familles "
    "depuis le printemps. Chaque famille cultive une parcelle de dix mètres carrés et partage "
    "le puits, les outils et la pépinière avec les autres.",
    "L'association a formé douze jardinières au compostage des déchets de cuisine et au paillage, "
    "qui gardent l'humidité du sol pendant la saison sèche. Les récoltes de gombo, d'oignons et "
    "de tomates couvrent une partie des repas des familles ; le surplus est vendu au marché.",
    "Pour l'année prochaine, le comité du jardin souhaite creuser un second puits, clôturer les "
    "parcelles contre les chèvres et accueillir les élèves de l'école voisine deux matinées par "
    "semaine, avec l'appui de la mairie de la commune cinq.",
]
PDF = "Rapports/Jardins partagés Bamako.pdf"
DOCX = "Rapports/Jardins partagés Bamako.docx"
COPY = "Sauvegarde/Jardins partagés Bamako (copie).pdf"  # the PDF's bytes, elsewhere
ODT = "Interne/Jardins partagés Bamako.odt"  # team-only, by the catalogue
OTHER = "Rapports/Jardins scolaires Kayes.docx"  # the same subject, another text
OTHER_TEXT = [
    "À Kayes, trois écoles ont ouvert un jardin scolaire où les élèves apprennent à semer, à "
    "arroser et à récolter. Les enseignants utilisent le jardin pour les leçons de sciences et "
    "de calcul : mesurer une parcelle, compter les plants, peser les récoltes.",
    "Les cantines servent les légumes du jardin deux fois par semaine. Un forage solaire, "
    "financé par la coopération, fournit l'eau ; les parents entretiennent la clôture et "
    "les élèves de la classe verte tiennent le cahier des semis et des arrosages.",
]
DOCX_ONLY, ODT_ONLY = "bintoubalé", "quinvaroux"  # a word one copy alone holds


def pdf_pages(paragraphs: list[str]) -> list[str]:
    lines = [TITLE, ""]
    for p in paragraphs:
        lines += [*textwrap.wrap(p, 85), ""]
    return ["\n".join(lines)]


def make_odt(path: Path, paragraphs: list[str]) -> None:
    from odf.opendocument import OpenDocumentText
    from odf.text import P

    path.parent.mkdir(parents=True, exist_ok=True)
    doc = OpenDocumentText()
    for text in (TITLE, *paragraphs):
        doc.text.addElement(P(text=text))
    doc.save(str(path))


def write_corpus(corpus: Path) -> None:
    make_pdf(corpus / PDF, pdf_pages(TEXT), title=TITLE)
    make_docx(corpus / DOCX, TITLE, [*TEXT[:2], TEXT[2] + f" Merci à {DOCX_ONLY}."])
    (corpus / COPY).parent.mkdir(parents=True)
    shutil.copyfile(corpus / PDF, corpus / COPY)
    make_odt(corpus / ODT, [*TEXT[:2], TEXT[2] + f" Note interne {ODT_ONLY}."])
    make_docx(corpus / OTHER, "Jardins scolaires à Kayes", OTHER_TEXT)
    (corpus / "catalogue.csv").write_text("chemin;acces\nInterne/;equipe\n", encoding="utf-8")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("duplicates")
    corpus, index = root / "corpus", root / "index"
    write_corpus(corpus)
    report = update(corpus, index)
    assert report["counts"]["added"] == 5 and report["catalogue_problems"] == []
    add_user(index, "claire")
    with running_site(index, corpus) as base:
        yield base


def entries(found: dict) -> list[tuple[str, list[str]]]:
    return [(r["path"], [a["path"] for a in r["also"]]) for r in found["results"]]


def test_the_fingerprint_of_one_text_in_two_layouts():
    text = "\n\n".join([TITLE, *TEXT])
    wrapped = "\n".join(line for p in pdf_pages(TEXT) for line in p.splitlines())
    a, b = signature(text), signature(wrapped)
    assert likeness(a, b) == 1.0 and band_tokens(a) == band_tokens(b) and len(band_tokens(a)) == BANDS
    assert likeness(a, signature("\n".join([TITLE, *TEXT[:2], TEXT[2] + " Merci à tous."]))) >= NEAR_THRESHOLD
    assert likeness(a, signature("\n".join(OTHER_TEXT))) < 0.1
    assert signature(" ".join(["mot"] * (MIN_WORDS - 1))) == b""  # too short to tell


def test_one_entry_per_document_with_its_other_formats(site):
    visitor = WebClient(site)
    found = visitor.get("/api/search?q=Badalabougou").json()
    assert entries(found) == [(PDF, [COPY, DOCX])]  # preferred first: PDF, DOCX, ODT…
    assert found["total"] == 1
    also = found["results"][0]["also"]
    assert [a["format"] for a in also] == ["pdf", "docx"]
    assert also[1]["file_url"] == f"/files/{document_id(DOCX)}"
    assert visitor.get(also[1]["file_url"]).status == 200
    # A word only the DOCX holds: the DOCX is the entry, the PDFs its other formats.
    assert entries(visitor.get(f"/api/search?q={quote(DOCX_ONLY)}").json()) == [(DOCX, [PDF, COPY])]


def test_totals_and_facet_counts_count_entries_shown(site):
    visitor = WebClient(site)
    browse = visitor.get("/api/search?per_page=50").json()
    assert sorted(entries(browse)) == sorted([(PDF, [COPY, DOCX]), (OTHER, [])])
    assert browse["total"] == 2 == len(browse["results"])
    mali = {v["value"]: v["count"] for v in browse["facets"]["country"]}.get("ML")
    assert mali == visitor.get("/api/search?country=ML").json()["total"] == 2
    found = visitor.get("/api/search?q=jardins").json()
    assert found["total"] == len(found["results"]) == 2
    assert {v["value"]: v["count"] for v in found["facets"]["country"]}["ML"] == 2
    page = visitor.get("/?q=Badalabougou").text
    assert page.count('data-testid="result"') == 1 and 'data-total="1"' in page
    assert "Aussi disponible en" in page and f'/files/{document_id(DOCX)}"' in page


def test_a_team_only_copy_is_never_named_to_a_visitor(site):
    visitor, odt_id = WebClient(site), document_id(ODT)
    for path in ("/?q=jardins+partag%C3%A9s", "/api/search?q=jardins+partag%C3%A9s", f"/documents/{document_id(PDF)}",
                 f"/api/documents/{document_id(PDF)}", f"/api/documents/{document_id(DOCX)}", "/api/search",
                 f"/?q={ODT_ONLY}", f"/api/search?q={ODT_ONLY}", "/export.csv", "/flux.atom"):
        body = visitor.get(path).text
        assert odt_id not in body and "Interne" not in body, path
        assert ODT_ONLY in path or ODT_ONLY not in body, path
    assert visitor.get(f"/api/search?q={ODT_ONLY}").json()["total"] == 0
    assert visitor.get(f"/files/{odt_id}").status == 404
    member = staff(site)
    assert entries(member.get("/api/search?q=Badalabougou").json()) == [(PDF, [COPY, DOCX, ODT])]
    # The team-only copy alone matches: it is the entry, the public copies its other formats.
    assert entries(member.get(f"/api/search?q={ODT_ONLY}").json()) == [(ODT, [PDF, COPY, DOCX])]
    doc = member.get(f"/api/documents/{document_id(PDF)}").json()
    assert [a["path"] for a in doc["also"]] == [COPY, DOCX, ODT]
    assert document_id(DOCX) not in [s["id"] for s in doc["similar"]]  # a copy is not "similar"


def test_similar_documents_list_a_group_of_copies_once(site):
    similar = WebClient(site).get(f"/api/documents/{document_id(OTHER)}").json()["similar"]
    paths = [s["path"] for s in similar]
    assert len([p for p in paths if p in (PDF, COPY, DOCX)]) == 1, paths
    assert PDF in paths  # the preferred copy, as in the results


def test_the_team_page_lists_both_kinds_with_their_reason(site):
    page = staff(site).get("/equipe/doublons").text
    assert page.count('data-testid="duplicate-group"') == 1
    reasons = [line for line in page.splitlines() if 'data-testid="duplicate-reason"' in line]
    assert len(reasons) == 3
    assert any("fichier identique" in r and COPY in r for r in reasons)
    assert sum("texte presque identique" in r for r in reasons) == 2
    assert page.count('data-testid="badge-equipe"') == 1  # the ODT


def test_a_visitor_groups_with_public_documents_only():
    """A team-only text alike to two public ones that are not alike enough to each other
    must not join them for a visitor (the group would tell of it)."""
    copies = object.__new__(Copies)
    copies.same_file = [[1, 4]]  # 1 and 4: one file; 4 is team-only
    copies.near = [Link(1, 3, SAME_TEXT, 0.93), Link(3, 2, SAME_TEXT, 0.92)]  # 3 is team-only
    copies.rank = {n: (0, f"p{n}") for n in (1, 2, 3, 4)}
    staff, visitor = copies.seen_by(frozenset({1, 2, 3, 4})), copies.seen_by(frozenset({1, 2}))
    assert staff.groups == [[1, 2, 3, 4]] and staff.others(2) == [1, 3, 4]
    assert visitor.groups == [] and visitor.others(1) == []
    assert visitor.collapse(frozenset({1, 2}), frozenset({1, 2})) == (frozenset({1, 2}), frozenset({1, 2}))


def test_copies_follow_incremental_updates(tmp_path):
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    make_pdf(corpus / PDF, pdf_pages(TEXT), title=TITLE)
    make_docx(corpus / OTHER, "Jardins scolaires à Kayes", OTHER_TEXT)
    settings = Settings(corpus=corpus, index=index, workers=1)
    run(settings)
    service = SearchService(IndexStore(index), load_taxonomy(None))
    assert service.copy_groups() == []
    make_docx(corpus / DOCX, TITLE, TEXT)
    assert run(settings).added == [DOCX]
    groups = service.copy_groups()
    assert [[m.path for m in g.members] for g in groups] == [[PDF, DOCX]]
    assert "texte presque identique" in groups[0].reasons[0][2]
    assert service.search(SearchRequest(q="Badalabougou")).total == 1
    (corpus / PDF).unlink()
    assert run(settings).removed == [PDF]
    assert service.copy_groups() == []
    hits = service.search(SearchRequest(q="Badalabougou")).results
    assert [(h.path, h.also) for h in hits] == [(DOCX, [])]
