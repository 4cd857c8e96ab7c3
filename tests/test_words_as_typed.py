"""Words of different meaning stay apart ("monter" is not "montant"), and a quoted phrase
matches its words as typed — case, accents and the plural mark aside, never stemmed, its
small words kept (issue 15). Real Whoosh indexes, the real search service."""

from __future__ import annotations

import pytest

from conftest import Doc, build_index
from cresi_search.index.analysis import exact_terms, index_terms
from cresi_search.search import SearchRequest, SearchService

DOCS = [
    Doc("monter", "F/monter.txt", "Fiche : monter un projet", ("Pour Monter un projet, réunissez l'équipe.",)),
    Doc("montant", "F/montant.txt", "Tableau des subventions", ("Montants et taux : le montant maximal est de 5 000 €.",)),
    Doc("comite-exact", "F/comite1.txt", "Eau au village", ("Les Comités de gestion se réunissent chaque mois.",)),
    Doc("comite-loin", "F/comite2.txt", "Forages", ("Le comité de la gestion des forages est élu.",)),
    Doc("comite-accents", "F/comite3.txt", "Notes", ("Note rapide : comite de gestion a revoir.",)),
    Doc("eau-ou", "F/eau1.txt", "Choisir", ("Faut-il financer l'eau ou assainissement en premier ?",)),
    Doc("eau-et", "F/eau2.txt", "Programme", ("Le programme eau et assainissement avance.",)),
]


@pytest.fixture(scope="module")
def service(tmp_path_factory, taxonomy):
    root = tmp_path_factory.mktemp("astyped")
    (root / "corpus").mkdir()
    return SearchService(build_index(root / "index", root / "corpus", DOCS), taxonomy)


def ids(service, q: str) -> set[str]:
    return {h.id for h in service.search(SearchRequest(q=q, per_page=50)).results}


@pytest.mark.parametrize("one, other", [("monter", "montant"), ("courant", "cours"), ("important", "importer")])
def test_a_participle_and_its_verb_are_different_terms(one, other):
    assert index_terms(one) != index_terms(other)


@pytest.mark.parametrize("forms", [("montant", "montants", "Montante"), ("projet", "projets"),
                                   ("évaluer", "évaluation"), ("santé", "sante")])
def test_plural_feminine_and_ordinary_stems_still_meet(forms):
    assert len({tuple(index_terms(f)) for f in forms}) == 1


def test_monter_does_not_find_montant_nor_mark_it(service):
    assert ids(service, "monter") == {"monter"}
    assert ids(service, "montants") == {"montant"}
    hit = service.search(SearchRequest(q="monter")).results[0]
    assert "<mark>Monter</mark>" in hit.snippet and "Montant" not in hit.snippet


def test_exact_terms_fold_case_accents_elision_and_plural_only():
    assert exact_terms("Les Comités de l'Eau montés") == ["les", "comite", "de", "eau", "monte"]


@pytest.mark.parametrize("q, expected", [
    ('"comité de gestion"', {"comite-exact", "comite-accents"}),
    ('"monter un projet"', {"monter"}),
    ('"montant"', {"montant"}),
    ('"eau ou assainissement"', {"eau-ou"}),
    ('"eau et assainissement"', {"eau-et"}),
])
def test_a_quoted_phrase_matches_the_words_as_typed(service, q, expected):
    assert ids(service, q) == expected


def test_unquoted_words_still_match_loosely(service):
    assert ids(service, "comité gestion") == {"comite-exact", "comite-loin", "comite-accents"}
