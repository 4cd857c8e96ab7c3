"""The same organisation under two names is one facet value (issue 15, point 12): the
Conseil général de l'Essonne became the Conseil départemental in 2015. Real files, a
real `run()` of the job with a catalogue, the site's JSON API on the index it wrote."""

from __future__ import annotations

import pytest

from conftest import make_app
from cresi_search.vocab.organisations import current_name
from indexer.config import Settings
from indexer.update import run
from tests.filemakers import make_docx, make_pdf

COUNCIL = "Conseil départemental de l'Essonne"


@pytest.mark.parametrize("written", [
    "Conseil général de l'Essonne", "Conseil général de l’Essonne", "conseil  general de l'Essonne",
    "Conseil Général de l'Essonne", COUNCIL,
])
def test_former_names_and_spellings_become_the_current_name(written):
    assert current_name(written) == COUNCIL


def test_other_names_are_left_as_written():
    assert current_name("Association Essonne-Sahel Solidarité") == "Association Essonne-Sahel Solidarité"
    assert current_name("Conseil de cercle de Douentza") == "Conseil de cercle de Douentza"
    assert current_name("Conseil général du Val-de-Marne") == "Conseil départemental du Val-de-Marne"


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    root = tmp_path_factory.mktemp("organisations")
    corpus = root / "corpus"
    make_pdf(corpus / "Mali/Mission eau 2009.pdf", ["Mission du Conseil général de l'Essonne sur les forages de Douentza, 2009."])
    make_docx(corpus / "Mali/Santé 2021.docx", "Santé maternelle", ["Les maternités de Douentza, 2021."])
    make_docx(corpus / "Sénégal/Bibliothèque 2007.docx", "Bibliothèque", ["Une bibliothèque à Saint-Louis, 2007."])
    (corpus / "catalogue.csv").write_text(
        "chemin;organisation\n"
        "Mali/Mission eau 2009.pdf;Conseil général de l'Essonne\n"
        "Mali/Santé 2021.docx;Conseil départemental de l’Essonne\n"
        "Sénégal/Bibliothèque 2007.docx;Association Lire à Saint-Louis\n", "utf-8")
    report = run(Settings(corpus=corpus, index=root / "index", workers=1))
    assert report.documents == 3 and not report.catalogue_problems
    return make_app(root / "index", corpus).test_client()


def test_the_facet_counts_a_renamed_council_once(client):
    facet = {v["value"]: v["count"] for v in client.get("/api/search").get_json()["facets"]["organisation"]}
    assert facet == {COUNCIL: 2, "Association Lire à Saint-Louis": 1}


@pytest.mark.parametrize("value", ["Conseil général de l'Essonne", COUNCIL, "conseil departemental de l'essonne"])
def test_a_filter_on_either_name_finds_both_documents(client, value):
    data = client.get("/api/search", query_string={"organisation": value}).get_json()
    assert data["total"] == 2, data


def test_the_old_name_is_still_searchable_in_the_text(client):
    data = client.get("/api/search", query_string={"q": '"Conseil général"'}).get_json()
    assert [(hit["title"], hit["organisation"]) for hit in data["results"]] == [("Mission eau 2009", COUNCIL)]
