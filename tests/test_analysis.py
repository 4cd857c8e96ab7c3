"""French analysis: the same term for every spelling a user may type."""

import pytest

from cresi_search.french.normalise import fold, strip_elision
from cresi_search.index.analysis import french_analyzer, surface_analyzer


def terms(text: str) -> list[str]:
    return [t.text for t in french_analyzer()(text)]


@pytest.mark.parametrize(
    "accented, plain",
    [
        ("décentralisée", "decentralisee"),
        ("décentralisées", "decentralise"),
        ("Haïti", "haiti"),
        ("écoles", "ecole"),
        ("coopération", "cooperation"),
        ("déchets", "dechet"),
        ("élèves", "eleve"),
        ("santé", "sante"),
        ("Sénégal", "senegal"),
    ],
)
def test_accented_and_unaccented_forms_give_the_same_term(accented, plain):
    assert terms(accented) == terms(plain)
    assert len(terms(accented)) == 1


@pytest.mark.parametrize(
    "singular, plural",
    [("forage", "forages"), ("comité", "comités"), ("village", "villages"), ("potager", "potagers"),
     ("maraîcher", "maraîchers"), ("jeu", "jeux"), ("réseau", "réseaux"), ("animal", "animaux"),
     ("national", "nationaux"), ("eau", "eaux")],
)
def test_singular_and_plural_give_the_same_term(singular, plural):
    assert terms(singular) == terms(plural)


def test_singular_and_plural_share_a_stem():
    assert terms("forage") == terms("forages")
    assert terms("comité") == terms("comités")
    assert terms("village") == terms("villages")


@pytest.mark.parametrize("text", ["l'eau", "l’eau", "L’EAU", "d'eau", "qu'eau"])
def test_elisions_are_stripped_with_both_apostrophes(text):
    assert terms(text) == terms("eau")


def test_words_with_an_inner_apostrophe_stay_whole():
    assert terms("aujourd'hui") == terms("aujourd’hui") == ["aujourd'hui"]


def test_ligatures_fold_to_two_letters():
    assert fold("Cœur d’œuvre Æ") == "Coeur d'oeuvre AE"
    assert terms("œuvre") == terms("oeuvre")


def test_ete_is_searchable_but_plain_stop_words_are_not():
    assert terms("été") == terms("ete") == ["ete"]
    assert terms("le la les des et ou") == []


def test_strip_elision_only_at_the_start():
    assert strip_elision("jusqu'au") == "au"
    assert strip_elision("presqu'île") == "presqu'île"


def test_surface_analyzer_keeps_accents_for_suggestions():
    assert [t.text for t in surface_analyzer()("L’École de Douentza")] == ["école", "de", "douentza"]
