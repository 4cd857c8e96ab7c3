"""Documents reserved by the catalogue, end to end: real files, a `catalogue.csv` marking
one file and one folder `equipe`, the real `cresi-index update`, the real site over HTTP.

A visitor finds nothing of the private files by any road (searches, prefixes, spelling,
facets, document pages, downloads, feed, CSV export); signed-in staff see them with the
"équipe" badge. The team's export, saved as the catalogue, gives the same metadata back;
a folder made public in the catalogue shows its documents after the next update,
without reading the files again.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest

from bench.site import running_site
from cresi_search.index.store import IndexStore
from cresi_search.search import SearchService
from cresi_search.search.searchers import STAFF
from cresi_search.vocab.taxonomy import load_taxonomy
from indexer.metadata.paths import document_id
from indexer.state import LAST_RUN, read_json
from tests.filemakers import make_docx, make_pdf
from tests.test_staff_access import add_user, staff
from tests.webclient import WebClient

CRESI_INDEX = str(Path(sys.executable).with_name("cresi-index"))

GUIDE = "Guides/Guide du compostage.docx"
FORAGES = "Projets/Mali/Forages Douentza 2019.pdf"
LETTER = "Interne/Lettre ouverte aux associations.docx"  # in the private folder, its row says public
MINUTES = "Interne/Compte rendu zorvantique.pdf"  # the folder's row
BUDGET = "Interne/Budgets/Budget klavorine 2024.docx"  # the folder's row, two levels up
NOTE = "Projets/Note plimbaroise.md"  # its own row
PUBLIC, PRIVATE = [GUIDE, FORAGES, LETTER], [MINUTES, BUDGET, NOTE]

CATALOGUE = """\ufeffchemin;titre;type;pays;themes;annee;organisation;acces
Interne/;;;;;;;{folder}
{letter};Lettre ouverte aux associations;;;;2021;CRESI;public
{minutes};Compte rendu de la réunion zorvantique;compte-rendu-mission;Bhoutan;dechets;1998;Cabinet Quelvorin;
{note};;;;;;;equipe
"""
PRIVATE_WORDS = ["zorvantique", "klavorine", "plimbaroise"]
QUERIES = [*PRIVATE_WORDS, "zorvantiqe", "klavorinne", "plimbaroize", "zorvan*", "klavo*", "plimba*",
           "Quelvorin", "pays:Bhoutan", "année:1998", "confidentielle"]
MARKERS = [*PRIVATE_WORDS, "Quelvorin", "Bhoutan", "1998", "confidentielle", "Compte rendu zorvantique",
           *(document_id(p) for p in PRIVATE)]


def write_corpus(corpus: Path) -> None:
    make_docx(corpus / GUIDE, "Guide du compostage", [
        "Le compostage des déchets verts se fait en tas ou en bac, à l'ombre, en 2021."])
    make_pdf(corpus / FORAGES, ["Rapport sur les forages du cercle de Douentza au Mali, 2019.",
                                "Les comités de gestion de l'eau entretiennent les pompes."])
    make_docx(corpus / LETTER, "Lettre ouverte aux associations", [
        "Le CRESI écrit aux associations de l'Essonne au sujet des appels à projets."])
    make_pdf(corpus / MINUTES, ["Compte rendu interne de la méthode zorvantique.",
                                "Le compostage collectif y est discuté ; décision confidentielle."])
    make_docx(corpus / BUDGET, "Budget klavorine 2024", [
        "Lignes du budget klavorine : achats de bacs de compostage et frais de mission."])
    (corpus / NOTE).write_text("# Note plimbaroise\n\nLa piste plimbaroise reste entre nous.\n", encoding="utf-8")
    text = CATALOGUE.format(folder="equipe", letter=LETTER, minutes=MINUTES, note=NOTE)
    (corpus / "catalogue.csv").write_text(text, encoding="utf-8")


def update(corpus: Path, index: Path) -> dict:
    out = subprocess.run([CRESI_INDEX, "update", "--corpus", str(corpus), "--index", str(index), "--workers", "1"],
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-3000:]
    return read_json(index, LAST_RUN, {})


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """(base URL, corpus, index) of a site over the corpus above, with the account "claire"."""
    root = tmp_path_factory.mktemp("catalogue-access")
    corpus, index = root / "corpus", root / "index"
    write_corpus(corpus)
    first = update(corpus, index)
    assert first["counts"]["added"] == 6 and first["catalogue_problems"] == []
    add_user(index, "claire")
    with running_site(index, corpus) as base:
        yield base, corpus, index


def leaks(text: str, typed: str = "") -> list[str]:
    body = text.lower().replace(typed.lower(), "").replace(quote(typed).lower(), "") if typed else text.lower()
    return [m for m in MARKERS if re.search(rf"(?<![\w.]){re.escape(m.lower())}(?![\w.])", body)
            and m.lower() not in typed.lower()]  # what the page repeats of the query is no leak


@pytest.mark.parametrize("q", QUERIES)
def test_a_visitor_finds_nothing_of_the_private_files(site, q):
    base, _, _ = site
    visitor = WebClient(base)
    found = visitor.get(f"/api/search?q={quote(q)}").json()
    assert (found["total"], found["results"], found["suggestion"], found["corrected"]) == (0, [], None, False), q
    page = visitor.get(f"/?q={quote(q)}")
    assert 'data-total="0"' in page.text and leaks(page.text, q) == [], q
    for path in (f"/flux.atom?q={quote(q)}", f"/export.csv?q={quote(q)}"):
        assert leaks(visitor.get(path).text, q) == [], path


def test_totals_facets_feed_and_export_count_public_documents_only(site):
    base, _, _ = site
    visitor, member = WebClient(base), staff(base)
    everything = visitor.get("/api/search?per_page=50").json()
    assert sorted(r["path"] for r in everything["results"]) == sorted(PUBLIC)
    assert everything["total"] == 3 and leaks(json.dumps(everything, ensure_ascii=False)) == []
    assert visitor.get("/api/search?q=compostage").json()["total"] == 1  # the guide alone
    assert member.get("/api/search?q=compostage").json()["total"] == 3
    assert member.get("/api/search").json()["total"] == 6
    assert "BT" in [v["value"] for v in member.get("/api/search").json()["facets"]["country"]]
    for path in ("/", "/flux.atom", "/export.csv", "/explorer", "/api/search?country=Bhoutan", "/healthz"):
        assert leaks(visitor.get(path).text, "Bhoutan" if "Bhoutan" in path else "") == [], path
    assert visitor.get("/api/search?country=Bhoutan").json()["total"] == 0
    assert visitor.get("/healthz").json()["documents"] == 3


@pytest.mark.parametrize("path", PRIVATE)
def test_a_private_file_is_unknown_to_visitors_and_badged_for_staff(site, path):
    base, _, _ = site
    visitor, doc_id = WebClient(base), document_id(path)
    for route in ("/documents/", "/api/documents/", "/files/"):
        private, unknown = visitor.get(route + doc_id), visitor.get(route + "inconnu-" + doc_id[:6])
        assert private.status == unknown.status == 404 and private.body == unknown.body, route
    member = staff(base)
    assert member.get("/files/" + doc_id).status == 200
    assert 'data-testid="badge-equipe"' in member.get("/documents/" + doc_id).text
    word = next(w for w in PRIVATE_WORDS if w in path.lower())
    found = member.get(f"/api/search?q={word}").json()
    assert [(r["path"], r["access"]) for r in found["results"]] == [(path, "equipe")]
    assert member.get(f"/?q={word}").text.count('data-testid="badge-equipe"') == 1


def test_the_file_row_public_wins_over_its_folder(site):
    base, _, _ = site
    found = WebClient(base).get("/api/search?q=lettre+ouverte").json()
    assert [(r["path"], r["access"]) for r in found["results"]] == [(LETTER, "public")]


def metadata(index: Path) -> dict[str, tuple]:
    service = SearchService(IndexStore(index), load_taxonomy(None)).seen_by(STAFF)
    return {d.path: (d.title, d.type and d.type.code, [c.code for c in d.countries], [t.code for t in d.themes],
                     d.year, d.organisation, d.access) for d in service.documents()}


def export_rows(client: WebClient) -> tuple[bytes, list[dict]]:
    export = client.get("/equipe/export")
    assert export.status == 200
    return export.body, list(csv.DictReader(io.StringIO(export.body.decode("utf-8-sig")), delimiter=";"))


def test_the_export_saved_as_the_catalogue_gives_the_same_metadata(site):
    base, corpus, index = site
    before = metadata(index)
    assert {path: values[-1] for path, values in before.items()} == {
        **{p: "public" for p in PUBLIC}, **{p: "equipe" for p in PRIVATE}}
    body, rows = export_rows(staff(base))
    by_path = {r["chemin"]: r for r in rows}
    assert by_path["Interne/"]["acces"] == "equipe"  # the folder row, kept
    assert by_path[MINUTES]["acces"] == "" and by_path[BUDGET]["acces"] == ""  # follow the folder
    assert by_path[LETTER]["acces"] == "public" and by_path[NOTE]["acces"] == "equipe"
    (corpus / "catalogue.csv").write_bytes(body)
    report = update(corpus, index)
    assert report["catalogue_problems"] == [] and report["counts"]["extracted"] == 0
    assert metadata(index) == before
    _, again = export_rows(staff(base))
    assert [{k: v for k, v in r.items() if k != "a_verifier"} for r in again] == \
        [{k: v for k, v in r.items() if k != "a_verifier"} for r in rows]


def test_a_folder_made_public_shows_its_documents_after_the_next_update(site):
    base, corpus, index = site
    catalogue = corpus / "catalogue.csv"  # the saved export, or the catalogue above when run alone
    text = catalogue.read_text("utf-8-sig")
    lines = [re.sub(r"equipe(;*)$", r"public\1", line) if line.startswith("Interne/;") else line
             for line in text.splitlines()]
    assert lines != text.splitlines()
    catalogue.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = update(corpus, index)
    assert report["counts"]["extracted"] == 0  # the catalogue changed, not the files
    assert sorted(report["updated"]) == sorted([MINUTES, BUDGET])
    visitor = WebClient(base)
    for word, path in (("zorvantique", MINUTES), ("klavorine", BUDGET)):
        found = visitor.get(f"/api/search?q={word}").json()
        assert [(r["path"], r["access"]) for r in found.get("results", [])] == [(path, "public")], found
        assert visitor.get("/documents/" + document_id(path)).status == 200
    assert visitor.get("/api/search?q=plimbaroise").json()["total"] == 0  # its own row still says equipe
    assert visitor.get("/api/search").json()["total"] == 5
