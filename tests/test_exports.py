"""Any search as an Atom feed (/flux.atom) and a CSV export (/export.csv), over real HTTP
through the Flask app, on real Whoosh indexes (issue 15)."""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime
from html import unescape
from xml.etree import ElementTree as ET

import pytest

from conftest import DOCS, EXTRA_DOC, Doc, build_index, make_app, record
from cresi_search.index.store import IndexStore

ATOM = "{http://www.w3.org/2005/Atom}"


def atom(client, query: str = "") -> ET.Element:
    response = client.get(f"/flux.atom?{query}")
    assert response.status_code == 200, response.data[:300]
    assert response.mimetype == "application/atom+xml"
    return ET.fromstring(response.data)


def entries(feed: ET.Element) -> list[dict]:
    return [{
        "id": e.findtext(f"{ATOM}id"), "title": e.findtext(f"{ATOM}title"),
        "link": e.find(f"{ATOM}link").get("href"), "summary": e.findtext(f"{ATOM}summary"),
        "updated": datetime.fromisoformat(e.findtext(f"{ATOM}updated")),
    } for e in feed.findall(f"{ATOM}entry")]


def rows(client, query: str = "") -> list[dict]:
    response = client.get(f"/export.csv?{query}")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.data.startswith(b"\xef\xbb\xbf"), "UTF-8 with a byte-order mark"
    text = response.data.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture()
def growing(tmp_path):
    """An index built once, then a new document added by an update, as the nightly job does."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    store = build_index(tmp_path / "index", corpus, DOCS)
    first = store.indexed_dates()
    with store.updating() as writer:
        writer.add(record(EXTRA_DOC, corpus))
        writer.add(record(DOCS[0], corpus))  # written again: keeps its date
    return make_app(tmp_path / "index", corpus).test_client(), store, first


# -- the feed -----------------------------------------------------------------------------
def test_feed_lists_a_search_latest_to_enter_the_index_first(growing):
    client, store, first = growing
    items = entries(atom(client, "q=déchets"))
    assert [i["link"].rsplit("/", 1)[1] for i in items][0] == EXTRA_DOC.id
    assert {i["link"].rsplit("/", 1)[1] for i in items} == {"dechets-nouveau", "dechets-douentza",
                                                           "dechets-jacmel", "compost-sfax"}
    assert [i["updated"] for i in items] == sorted((i["updated"] for i in items), reverse=True)
    assert store.indexed_dates()[DOCS[0].id] == first[DOCS[0].id], "a document written again keeps its date"
    assert store.indexed_dates()[EXTRA_DOC.id] > max(first.values())


def test_feed_entries_have_title_link_summary_and_date(client):
    feed = atom(client, "q=forage&country=ML")
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "fr"
    assert "« forage » — Pays : Mali" in feed.findtext(f"{ATOM}title")
    [item] = entries(feed)
    assert item["title"] == "Rapport de mission : l'accès à l'eau potable dans le Cercle de Douentza"
    assert item["link"] == item["id"] == "http://localhost/documents/eau-douentza"
    assert "Compte rendu de mission · 2012 · Mali" in item["summary"] and "forage" in item["summary"]
    assert "<mark>" not in item["summary"]
    self_link = [link.get("href") for link in feed.findall(f"{ATOM}link") if link.get("rel") == "self"]
    assert self_link == ["http://localhost/flux.atom?q=forage&country=ML"]


def test_feed_takes_the_same_parameters_as_the_search_page(client):
    for query in ("country=HT", "theme=dechets&year_from=2016", "q=coopération&type=guide", ""):
        expected = client.get(f"/api/search?{query}&per_page=50").get_json()
        got = {i["link"].rsplit("/", 1)[1] for i in entries(atom(client, query))}
        assert got == {r["id"] for r in expected["results"]}, query
    assert client.get("/flux.atom?country=atlantide").status_code == 400


def test_feed_escapes_markup_and_stays_well_formed(client):
    feed = atom(client, "q=festival")
    [item] = entries(feed)
    assert item["title"] == 'Projet <script>alert("titre")</script> à Tunis'  # text, parsed back


def test_results_page_links_its_feed_and_export(client):
    html = client.get("/?q=eau&country=ML&sort=date&per_page=20&page=2").get_data(as_text=True)
    alternate = re.search(r'<link rel="alternate" type="application/atom\+xml" href="([^"]+)"', html)
    assert unescape(alternate.group(1)) == "/flux.atom?q=eau&country=ML"
    export = re.search(r'href="([^"]+)" type="text/csv" data-testid="export-link"', html)
    assert unescape(export.group(1)) == "/export.csv?q=eau&country=ML&sort=date"
    home = client.get("/").get_data(as_text=True)
    assert '<link rel="alternate" type="application/atom+xml" href="/flux.atom"' in home


# -- the CSV export -------------------------------------------------------------------------------
def test_export_holds_every_hit_in_the_search_order_with_the_named_columns(client):
    table = rows(client, "sort=oldest&per_page=5")
    assert list(table[0]) == ["title", "type", "countries", "themes", "year", "organisation", "address"]
    assert len(table) == len(DOCS), "every hit, not only a page"
    assert [int(r["year"]) for r in table] == sorted(d.year for d in DOCS)
    eau = next(r for r in table if r["address"].endswith("/documents/eau-douentza"))
    assert eau == {
        "title": "Rapport de mission : l'accès à l'eau potable dans le Cercle de Douentza",
        "type": "Compte rendu de mission", "countries": "Mali", "themes": "Eau et assainissement; Santé",
        "year": "2012", "organisation": "Conseil départemental de l'Essonne",
        "address": "http://localhost/documents/eau-douentza",
    }


def test_export_matches_the_search(client):
    expected = client.get("/api/search?q=déchets&per_page=50").get_json()
    assert [r["address"].rsplit("/", 1)[1] for r in rows(client, "q=déchets")] == [
        r["id"] for r in expected["results"]]


def test_export_cells_are_never_spreadsheet_formulas(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    hostile = [
        Doc("f1", "A/f1.txt", '=HYPERLINK("http://exemple.invalid","clic")', ("texte formule",), organisation="+33 1 23"),
        Doc("f2", "A/f2.txt", "-2+3", ("texte formule",), organisation="@SOMME(A1)"),
        Doc("f3", "A/f3.txt", "Titre ordinaire", ("texte formule",), organisation="\tTab"),
    ]
    build_index(tmp_path / "index", corpus, hostile)
    client = make_app(tmp_path / "index", corpus).test_client()
    table = {r["address"].rsplit("/", 1)[1]: r for r in rows(client, "q=formule")}
    assert table["f1"]["title"] == "'=HYPERLINK(\"http://exemple.invalid\",\"clic\")"
    assert table["f1"]["organisation"] == "'+33 1 23"
    assert table["f2"]["title"] == "'-2+3" and table["f2"]["organisation"] == "'@SOMME(A1)"
    assert table["f3"]["title"] == "Titre ordinaire" and table["f3"]["organisation"] == "'\tTab"


def test_a_full_rebuild_keeps_the_dates_documents_entered_the_index(fresh):
    index, corpus = fresh
    store = IndexStore(index)
    before = store.indexed_dates()
    with store.rebuilding() as writer:
        for doc in DOCS:
            writer.add(record(doc, corpus), replace=False)
    assert store.indexed_dates() == before
