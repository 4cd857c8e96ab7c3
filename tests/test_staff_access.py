"""Team-only documents never reach an anonymous visitor, over real HTTP (`cresi-web` as a
subprocess): results, totals, facets, snippets, suggestions and corrections, prefixes,
similar documents, document pages, downloads, the API, health, errors.

Two indexes are served: one with the public documents and two team-only ones, one with
the public documents alone. A visitor must get the same answers from both, byte for byte
(but the generation name): then nothing of the private documents shows. A signed-in team
member sees them, so each check can fail.
"""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import replace
from pathlib import Path
from urllib.parse import quote

import pytest

from bench.site import running_site
from cresi_search.index.store import IndexStore
from cresi_search.search import SearchRequest, SearchService
from cresi_search.search.searchers import PUBLIC, STAFF
from tests.conftest import BY_ID, DOCS, Doc, build_index
from tests.webclient import WebClient

CRESI_WEB = str(Path(__import__("sys").executable).with_name("cresi-web"))
PASSWORD = "un mot de passe assez long"

SFAX = BY_ID["compost-sfax"]
PRIVATE = [
    Doc("cr-zorblax", "Interne/Compte rendu zorblaxienne 1999.pdf",
        "Compte rendu interne : la méthode zorblaxienne",
        ("La méthode zorblaxienne du Cabinet Vertigral a été discutée en réunion.",
         "Le quetzalbrume reste confidentiel ; le compostage à Sfax est cité en exemple."),
        ["BT"], ["dechets"], "compte-rendu-mission", 1999, "Cabinet Vertigral",
        summary="Réunion interne sur la méthode zorblaxienne.", keywords=["vertigralien"],
        access="equipe"),
    replace(SFAX, id="budget-sfax-interne", path="Interne/Budget compostage Sfax.docx",
            title="Tri et compostage des déchets à Sfax : budget interne",
            pages=(SFAX.pages[0] + " Budget confidentiel vertigralien du quetzalbrume.",),
            access="equipe"),
]
PRIVATE_WORDS = ["zorblaxienne", "quetzalbrume", "vertigralien", "Vertigral", "Bhoutan"]
# What a visitor's answer must never hold (ids, titles, paths, organisation, words).
MARKERS = [d.id for d in PRIVATE] + [d.title for d in PRIVATE] + [d.path.split("/")[-1] for d in PRIVATE] \
    + ["Cabinet Vertigral", "zorblaxienne", "quetzalbrume", "vertigralien", "Bhoutan", "1999", "budget interne"]

QUERIES = [
    *PRIVATE_WORDS,
    "zorblaxiene", "zorlbaxienne", "quetzalbrum", "vertigralian",  # edits of private-only words
    "zorbl*", "quetzal*", "vertigr*", "compost*", "coop*",
    "compostage", "compostage Sfax", "déchets", "Sfax budget", "tri compostage déchets quartier",
    "méthode réunion", "pays:Bhoutan", "année:1999", "confidentiel", "",
]
# Filters, and what of them a visitor typed (a selected value is shown with its label).
FILTERS = [("country=BT", "Bhoutan"), ("year=1999", "1999"), ("organisation=Cabinet+Vertigral", "Cabinet Vertigral"),
           ("country=TN", ""), ("theme=dechets", ""), ("country=TN&theme=dechets&sort=date", ""),
           ("type=compte-rendu-mission", "")]


SIZE = re.compile(r'<span class="download-info">.*?</span>', re.S)


def add_user(index: Path, name: str, password: str = PASSWORD) -> None:
    out = subprocess.run([CRESI_WEB, "--index", str(index), "user", "add", name],
                         input=password + "\n", capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    """(mixed site, public-only site); the mixed one's folder has the account "claire"."""
    mixed, alone = tmp_path_factory.mktemp("mixed"), tmp_path_factory.mktemp("alone")
    for root, docs in ((mixed, DOCS + PRIVATE), (alone, DOCS)):
        (root / "corpus").mkdir()
        build_index(root / "index", root / "corpus", docs)
    add_user(mixed / "index", "claire")
    with running_site(mixed / "index", mixed / "corpus") as a, \
            running_site(alone / "index", alone / "corpus") as b:
        yield a, b


def staff(base: str) -> WebClient:
    return WebClient.signed_in(base, "claire", PASSWORD)


def leaks(text: str, typed: str = "") -> list[str]:
    """The markers of private documents found in a response (but the words typed)."""
    body = text.replace(typed, "") if typed else text
    body = body.replace(quote(typed), "") if typed else body
    body = body.lower()
    return [m for m in MARKERS if re.search(rf"(?<![\w.]){re.escape(m.lower())}(?![\w.])", body)
            and m.lower() not in typed.lower()]


def same_answer(mixed: str, alone: str, path: str, typed: str = "") -> None:
    a, b = WebClient(mixed).get(path), WebClient(alone).get(path)
    assert a.status == b.status, path
    assert leaks(a.text, typed) == [], path
    if a.headers.get("content-type", "").startswith("application/json"):
        ja, jb = json.loads(a.body), json.loads(b.body)
        for j in (ja, jb):
            if isinstance(j, dict):  # the generation, and the size of files written twice
                j.pop("generation", None), j.pop("size", None)
        assert ja == jb, path
    else:
        assert SIZE.sub("", a.text) == SIZE.sub("", b.text), path


@pytest.mark.parametrize("q", QUERIES)
def test_searches_answer_as_if_private_documents_were_not_indexed(sites, q):
    mixed, alone = sites
    for route in ("/api/search", "/"):
        same_answer(mixed, alone, f"{route}?q={quote(q)}", typed=q)
        same_answer(mixed, alone, f"{route}?q={quote(q)}&per_page=50&sort=date", typed=q)


@pytest.mark.parametrize("filters,typed", FILTERS)
def test_filters_and_facet_counts_ignore_private_documents(sites, filters, typed):
    mixed, alone = sites
    same_answer(mixed, alone, f"/api/search?{filters}", typed)
    same_answer(mixed, alone, f"/?{filters}", typed)


@pytest.mark.parametrize("doc_id", [d.id for d in DOCS])
def test_document_pages_and_similar_documents_show_no_private_one(sites, doc_id):
    mixed, alone = sites
    for path in (f"/api/documents/{doc_id}", f"/api/documents/{doc_id}?q=quetzalbrume+compostage",
                 f"/documents/{doc_id}?q=compostage"):
        same_answer(mixed, alone, path, typed="quetzalbrume")


@pytest.mark.parametrize("doc", PRIVATE, ids=lambda d: d.id)
def test_a_private_document_is_unknown_to_visitors(sites, doc):
    mixed, _ = sites
    visitor = WebClient(mixed)
    for route, end in (("/documents/", ""), ("/api/documents/", ""), ("/files/", ""),
                       ("/documents/", "/apercu.jpg")):
        private = visitor.get(route + doc.id + end)
        unknown = visitor.get(route + "inconnu-" + doc.id[:4] + end)
        assert private.status == unknown.status == 404
        assert private.body == unknown.body
        assert private.headers.get("content-type") == unknown.headers.get("content-type")
    member = staff(mixed)
    assert member.get("/documents/" + doc.id).status == 200
    assert member.get("/files/" + doc.id).status == 200


def test_health_counts_public_documents_only(sites):
    mixed, alone = sites
    a, b = WebClient(mixed).get("/healthz").json(), WebClient(alone).get("/healthz").json()
    assert a["documents"] == b["documents"] == len(DOCS)
    assert staff(mixed).get("/healthz").json()["documents"] == len(DOCS) + len(PRIVATE)


def test_staff_see_private_documents_with_a_badge(sites):
    mixed, _ = sites
    member = staff(mixed)
    found = member.get("/api/search?q=zorblaxienne").json()
    assert [r["id"] for r in found["results"]] == ["cr-zorblax"]
    assert found["results"][0]["access"] == "equipe"
    assert member.get("/api/search?q=zorbl*").json()["total"] == 1
    assert member.get("/api/search?q=zorlbaxienne").json()["corrected"] is True
    assert member.get("/api/search").json()["total"] == len(DOCS) + len(PRIVATE)
    page = member.get("/?q=quetzalbrume").text
    assert page.count('data-testid="badge-equipe"') == 2
    similar = member.get(f"/api/documents/{SFAX.id}").json()["similar"]
    assert "budget-sfax-interne" in [s["id"] for s in similar]
    facets = member.get("/api/search").json()["facets"]
    assert "BT" in [v["value"] for v in facets["country"]]


def test_the_service_defaults_to_the_public_audience(built, tmp_path):
    """The read side itself, without the site: prefixes and spelling come from public words."""
    build_index(tmp_path / "index", tmp_path / "corpus", DOCS + PRIVATE)
    from cresi_search.vocab.taxonomy import load_taxonomy

    service = SearchService(IndexStore(tmp_path / "index"), load_taxonomy(None))
    assert service.audience == PUBLIC
    for q in ("zorblaxienne", "zorbl*", "zorblaxiene", "quetzal*"):
        res = service.search(SearchRequest(q=q))
        assert res.total == 0 and not res.suggestion, q
        staff_res = service.seen_by(STAFF).search(SearchRequest(q=q))
        assert staff_res.total >= 1, q
    assert service.document("cr-zorblax") is None
    assert service.seen_by(STAFF).document("cr-zorblax").access == "equipe"
    assert {d.id for d in service.documents()} == {d.id for d in DOCS}


@pytest.mark.parametrize("path", [
    "/flux.atom", "/flux.atom?q=compostage", "/flux.atom?q=zorblaxienne", "/flux.atom?country=BT",
    "/export.csv", "/export.csv?q=compostage", "/export.csv?q=quetzalbrume",
    "/explorer", "/explorer/monde.svg", "/a-propos", "/api/search?country=Bhoutan",
    "/api/search?organisation=cabinet+vertigral",
])
def test_feeds_exports_and_exploration_show_no_private_document(sites, path):
    mixed, alone = sites
    typed = {"zorblaxienne": "zorblaxienne", "quetzalbrume": "quetzalbrume", "BT": "Bhoutan",
             "Bhoutan": "Bhoutan", "vertigral": "cabinet vertigral"}
    said = next((v for k, v in typed.items() if k in path), "")
    a, b = WebClient(mixed).get(path), WebClient(alone).get(path)
    assert a.status == b.status, path
    assert leaks(a.text, said) == [], path
    # Not compared: when each index was built, and each site's own address.
    stamp = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[^<\",;\n]*|127\.0\.0\.1:\d+")
    assert stamp.sub("", a.text) == stamp.sub("", b.text), path
    member = staff(mixed).get(path)
    if "zorblaxienne" in path or "quetzalbrume" in path:
        assert "Compte rendu interne" in member.text or "budget interne" in member.text
