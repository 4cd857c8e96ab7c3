"""A renamed or moved file keeps its addresses: its former ids redirect (301) to its new
page, file, preview and API record, over real HTTP, after real `cresi-index update` runs.

The id of a document follows its path (indexer/metadata/paths.py), so a rename gives it a
new one; the indexing run sees the same content gone from one path and found at another,
and the new document keeps the list of its former ids. A private document's former id
(catalogue row `Interne/;equipe`) is, to a visitor, exactly an unknown id. The tests share one corpus and run in order.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from bench.site import running_site
from cresi_search.index.store import IndexStore
from tests.filemakers import make_docx, make_pdf
from tests.webclient import WebClient

BIN = Path(sys.executable).parent
PASSWORD = "un mot de passe assez long"
UNKNOWN = "0123456789abcdef"  # shaped like an id, never one of these files

REPORT = "Mali/Forages Douentza.pdf"
MOVED = "Mali/Archives/Forages Douentza 2009.pdf"
MOVED_AGAIN = "Mali/Douentza, forages.pdf"
PRIVATE = "Interne/Compte rendu interne.docx"
PRIVATE_MOVED = "Interne/CR interne 2024.docx"


def cresi_index(corpus: Path, index: Path, *extra: str) -> dict:
    out = subprocess.run([str(BIN / "cresi-index"), "update", "--corpus", str(corpus), "--index", str(index),
                          "--json", *extra], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def add_user(index: Path) -> None:
    out = subprocess.run([str(BIN / "cresi-web"), "--index", str(index), "user", "add", "claire"],
                         input=PASSWORD + "\n", capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr


def ids(index: Path) -> dict[str, str]:
    return {path: doc.id for path, doc in IndexStore(index).stored_documents().items()}


def rename(corpus: Path, old: str, new: str) -> None:
    (corpus / new).parent.mkdir(parents=True, exist_ok=True)
    (corpus / old).rename(corpus / new)


def redirected(client: WebClient, path: str) -> str:
    """The address `path` redirects to, permanently."""
    response = client.get(path)
    assert response.status == 301, (path, response.status)
    location = urlsplit(response.headers["location"])
    return location.path + (f"?{location.query}" if location.query else "")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("renamed")
    corpus, index = root / "corpus", root / "index"
    make_pdf(corpus / REPORT, ["Rapport de mission : forages à Douentza, Mali, 2009.",
                               "Comités de gestion des points d'eau."], title="Forages à Douentza")
    make_docx(corpus / PRIVATE, "Compte rendu interne", ["Réunion de l'équipe sur le budget, 2024."])
    (corpus / "catalogue.csv").write_text("chemin;acces\nInterne/;equipe\n", "utf-8")
    (corpus / "Guides").mkdir()
    (corpus / "Guides/fiche-budget.md").write_text("# Fiche budget\n\nLe budget d'un projet, 2020.\n", "utf-8")
    cresi_index(corpus, index)
    with running_site(index, corpus) as base:
        yield base, corpus, index


def test_the_old_addresses_of_a_renamed_file_redirect_to_its_new_ones(site):
    base, corpus, index = site
    first = ids(index)
    old = first[REPORT]
    client = WebClient(base)
    assert client.get(f"/documents/{old}").status == 200
    dates = IndexStore(index).indexed_dates()

    rename(corpus, REPORT, MOVED)
    report = cresi_index(corpus, index)
    assert (report["added"], report["removed"], report["counts"]["extracted"]) == ([MOVED], [REPORT], 0)
    new = ids(index)[MOVED]
    assert new != old

    assert redirected(client, f"/documents/{old}?q=forage&country=ML") == f"/documents/{new}?q=forage&country=ML"
    page = client.get(f"/documents/{new}?q=forage&country=ML")
    assert page.status == 200 and "Forages à Douentza" in page.text
    assert redirected(client, f"/files/{old}") == f"/files/{new}"
    assert redirected(client, f"/files/{old}?download=1") == f"/files/{new}?download=1"
    download = client.get(f"/files/{new}?download=1")
    assert download.status == 200 and download.body == (corpus / MOVED).read_bytes()
    assert redirected(client, f"/api/documents/{old}?q=eau") == f"/api/documents/{new}?q=eau"
    assert json.loads(client.get(f"/api/documents/{new}").body)["path"] == MOVED
    assert IndexStore(index).indexed_dates()[new] == dates[old], "not a new document in the feed"
    assert client.get(f"/documents/{UNKNOWN}").status == 404


def test_renamed_twice_or_rebuilt_the_oldest_address_still_leads_to_the_document(site):
    base, corpus, index = site
    client = WebClient(base)
    before = ids(index)
    assert MOVED in before, "follows the first rename (the tests share one corpus, in order)"

    rename(corpus, MOVED, MOVED_AGAIN)
    cresi_index(corpus, index)
    last = ids(index)[MOVED_AGAIN]
    for former in (_id_of_path(REPORT), before[MOVED]):
        assert redirected(client, f"/documents/{former}") == f"/documents/{last}", "one hop, to the last"
        assert redirected(client, f"/files/{former}") == f"/files/{last}"
    cresi_index(corpus, index, "--full")
    assert redirected(client, f"/documents/{_id_of_path(REPORT)}") == f"/documents/{last}"
    assert client.get(f"/files/{last}").status == 200


def test_a_private_documents_former_id_is_unknown_to_visitors(site):
    base, corpus, index = site
    old = ids(index)[PRIVATE]
    visitor = WebClient(base)
    assert visitor.get(f"/documents/{old}").status == 404, "team only (catalogue row Interne/)"
    rename(corpus, PRIVATE, PRIVATE_MOVED)
    report = cresi_index(corpus, index)
    assert report["added"] == [PRIVATE_MOVED] and report["counts"]["extracted"] == 0
    new = ids(index)[PRIVATE_MOVED]
    for route, end in (("/documents/", ""), ("/api/documents/", ""), ("/files/", ""),
                       ("/documents/", "/apercu.jpg")):
        hidden, unknown = visitor.get(route + old + end), visitor.get(route + UNKNOWN + end)
        assert hidden.status == unknown.status == 404, route
        assert hidden.body == unknown.body, route
        assert hidden.headers.get("location") is None
    add_user(index)
    member = WebClient.signed_in(base, "claire", PASSWORD)
    assert redirected(member, f"/documents/{old}?q=budget") == f"/documents/{new}?q=budget"
    assert redirected(member, f"/files/{old}") == f"/files/{new}"
    assert member.get(f"/files/{new}").status == 200


def test_the_openapi_description_names_the_redirects(site):
    base, _, _ = site
    spec = json.loads(WebClient(base).get("/api/openapi.json").body)
    for path in ("/api/documents/{id}", "/files/{id}"):
        moved = spec["paths"][path]["get"]["responses"]["301"]
        assert "renommé" in moved["description"] and "Location" in moved["headers"]
    page = WebClient(base).get("/a-propos/api").text
    assert page.count("<code>301</code> Le fichier a été renommé ou déplacé") == 2, "the page for people says it too"


def _id_of_path(relpath: str) -> str:
    from indexer.metadata.paths import document_id

    return document_id(relpath)
