"""The themes and document types vocabulary: loading, checking, resolving, detecting."""

from pathlib import Path

import pytest

from cresi_search.vocab import TaxonomyError, find_taxonomy, load_taxonomy, parse_taxonomy

THEMES = {
    "gouvernance", "education", "dechets", "eau-assainissement", "sante", "agriculture",
    "economie", "environnement", "culture", "jeunesse", "methodologie", "financement",
}
TYPES = {
    "guide", "fiche-outil", "rapport-projet", "rapport-activite", "rapport-evaluation",
    "compte-rendu-mission", "compte-rendu-reunion", "statuts", "convention", "demande-financement",
    "lettre-information", "plan-strategique", "termes-de-reference", "etude", "autre",
}


@pytest.fixture(scope="module")
def taxonomy():
    return load_taxonomy(None)


# ---------------------------------------------------------------- the shipped file


def test_default_vocabulary(taxonomy):
    assert set(taxonomy.themes) == THEMES
    assert set(taxonomy.types) == TYPES
    assert taxonomy.themes["dechets"].label == "Gestion des déchets"
    assert taxonomy.themes["education"].label == "Éducation et scolarité"
    assert taxonomy.themes["eau-assainissement"].label == "Eau et assainissement"
    assert taxonomy.themes["methodologie"].label == "Méthodologie de projet"
    assert taxonomy.types["compte-rendu-mission"].label == "Compte rendu de mission"
    assert taxonomy.types["rapport-evaluation"].label == "Rapport d'évaluation"
    assert all(term.keywords for term in taxonomy.themes.values())
    assert taxonomy.types["guide"].generic and not taxonomy.types["rapport-projet"].generic


# ---------------------------------------------------------------- resolving values


@pytest.mark.parametrize(
    "value, code",
    [
        ("dechets", "dechets"),
        ("DÉCHETS", "dechets"),
        ("Gestion des déchets", "dechets"),
        ("gestion des dechets", "dechets"),
        ("ordures", "dechets"),
        ("Compostage", "dechets"),
        ("eau-assainissement", "eau-assainissement"),
        ("Eau et assainissement", "eau-assainissement"),
        ("forages", "eau-assainissement"),
        ("Éducation", "education"),
        ("scolarisation", "education"),
        ("Agriculture et sécurité alimentaire", "agriculture"),
        ("Revenus et économie locale", "economie"),
        ("microcrédit", "economie"),
    ],
)
def test_resolve_theme(taxonomy, value, code):
    assert taxonomy.resolve_theme(value) == code


def test_resolve_theme_strict_ignores_synonyms(taxonomy):
    assert taxonomy.resolve_theme("Santé", synonyms=False) == "sante"
    assert taxonomy.resolve_theme("paludisme", synonyms=False) is None
    assert taxonomy.resolve_theme("paludisme") == "sante"


@pytest.mark.parametrize(
    "value, code",
    [
        ("guide", "guide"),
        ("Guide pratique", "guide"),
        ("fiche outil", "fiche-outil"),
        ("Fiche-outil", "fiche-outil"),
        ("Rapport d'évaluation", "rapport-evaluation"),
        ("rapport d’evaluation", "rapport-evaluation"),
        ("Compte rendu de mission", "compte-rendu-mission"),
        ("CR mission", "compte-rendu-mission"),
        ("bilan", "rapport-projet"),
        ("Rapport annuel", "rapport-activite"),
    ],
)
def test_resolve_type(taxonomy, value, code):
    assert taxonomy.resolve_type(value) == code


@pytest.mark.parametrize("value", ["", "poésie", "rapport-poeme"])
def test_resolve_unknown(taxonomy, value):
    assert taxonomy.resolve_theme(value) is None
    assert taxonomy.resolve_type(value) is None


# ---------------------------------------------------------------- detecting themes

WASTE = """
Dans les quartiers de Jacmel, les ordures ménagères s'accumulent dans les ravines. Le
projet organise la pré-collecte en charrette, le tri à la source et le compostage des
déchets organiques. La décharge sauvage du bord de mer sera fermée ; le plastique trié
est revendu à un atelier de recyclage. Les comités de quartier suivent la collecte.
"""

SCHOOL = """
Le programme a construit trois salles de classe et équipé la cantine scolaire. Le taux
de scolarisation des filles est passé de 38 % à 52 %. Les enseignants ont reçu des
manuels scolaires et les élèves des fournitures. Des cours d'alphabétisation ont été
ouverts pour les mères d'élèves.
"""


def test_detect_theme_by_synonyms(taxonomy):
    assert taxonomy.detect_themes(WASTE) == ["dechets"]
    assert taxonomy.detect_themes(SCHOOL) == ["education"]


def test_two_themes_best_first(taxonomy):
    assert taxonomy.detect_themes(SCHOOL + WASTE + WASTE) == ["dechets", "education"]


def test_passing_mention_does_not_tag(taxonomy):
    text = SCHOOL + "\nLes déchets de chantier ont été évacués.\n"
    assert taxonomy.detect_themes(text) == ["education"]


def test_one_repeated_word_is_not_a_theme(taxonomy):
    text = "Nous organisons une collecte. " * 10
    assert taxonomy.detect_themes(text) == []


def test_ignored_phrases(taxonomy):
    text = "La collecte de fonds a réussi. " * 5 + "La collecte solidaire du lycée aussi. " * 3
    assert "dechets" not in taxonomy.detect_themes(text)


def test_title_weighs_more(taxonomy):
    text = "Le forage du village a été réparé et la latrine de l'école nettoyée."
    assert taxonomy.detect_themes(text) == []
    assert taxonomy.detect_themes(text, title="Eau potable et assainissement à Douentza") == [
        "eau-assainissement"
    ]


def test_at_most_three_themes(taxonomy):
    health = "Le centre de santé, la maternité et la sage-femme luttent contre le paludisme. " * 2
    farm = "Le maraîchage, les semences, la récolte et la banque de céréales. " * 2
    money = "Le microcrédit, l'épargne, la coopérative et la commercialisation. " * 2
    themes = taxonomy.detect_themes(WASTE + SCHOOL + health + farm + money)
    assert len(themes) == 3


# ---------------------------------------------------------------- detecting a type


def test_detect_type_from_title(taxonomy):
    assert taxonomy.detect_type("Rapport de mission : l'eau à Douentza", "", "") == "compte-rendu-mission"
    assert taxonomy.detect_type("Évaluation finale du programme mangroves", "", "") == "rapport-evaluation"
    assert taxonomy.detect_type("Scolarisation des filles - bilan 2011", "", "") == "rapport-projet"
    assert taxonomy.detect_type("Fiche - Indicateurs de suivi", "", "") == "fiche-outil"
    assert taxonomy.detect_type("Guide des financements 2021", "", "") == "guide"


def test_detect_type_first_phrase_wins(taxonomy):
    # "fiche" comes before "évaluation" in the title.
    assert taxonomy.detect_type("Fiche outil : préparer l'évaluation", "", "") == "fiche-outil"


def test_detect_type_from_text_start(taxonomy):
    start = "Rapport de projet 2015. Ce document présente les résultats de l'année."
    assert taxonomy.detect_type("Maraîchage des femmes à Boni", start, "") == "rapport-projet"
    start = "Rapport d'activité 2015. Ce document présente les résultats de l'année."
    assert taxonomy.detect_type("Maraîchage des femmes à Boni", start, "") == "rapport-activite"
    late = "x " * 400 + "Ce guide présente…"
    assert taxonomy.detect_type("Sans indice", late, "") is None


def test_par_rapport_is_not_a_report(taxonomy):
    assert taxonomy.detect_type("Les femmes par rapport aux hommes", "", "") is None


def test_detect_type_from_path(taxonomy):
    path = "Coopération décentralisée/Mali - Cercle de Douentza/CR_mission_Bamako_2018.docx"
    assert taxonomy.detect_type("", "", path) == "compte-rendu-mission"
    nested = "Guides et fiches outils/Évaluation/Indicateurs de suivi.odt"
    assert taxonomy.detect_type("", "", nested) == "rapport-evaluation"  # nearest folder first
    assert taxonomy.detect_type("", "", "Divers/notes.txt") is None


# ---------------------------------------------------------------- loading other files

SMALL = """
ignorer = ["par rapport"]

[themes.eau]
libelle = "Eau"
mots_cles = ["puits", "forage"]

[types.note]
libelle = "Note"
generique = true
mots_cles = ["note"]
"""


def test_load_replacement_file(tmp_path):
    path = tmp_path / "taxonomy.toml"
    path.write_text(SMALL, encoding="utf-8")
    taxonomy = load_taxonomy(path)
    assert list(taxonomy.themes) == ["eau"]
    assert taxonomy.types["note"].generic
    assert taxonomy.resolve_theme("Puits") == "eau"
    assert taxonomy.ignored == ("par rapport",)


def test_find_taxonomy(tmp_path):
    explicit = tmp_path / "ailleurs.toml"
    assert find_taxonomy(tmp_path) is None
    (tmp_path / "taxonomy.toml").write_text(SMALL, encoding="utf-8")
    assert find_taxonomy(tmp_path) == tmp_path / "taxonomy.toml"
    assert find_taxonomy(tmp_path, explicit) == explicit


def test_syntax_error_names_the_line():
    text = SMALL.replace('libelle = "Eau"', 'libelle = "Eau')
    with pytest.raises(TaxonomyError) as error:
        parse_taxonomy(text, "taxo.toml")
    message = str(error.value)
    assert "taxo.toml" in message and "ligne 5" in message and "syntaxe" in message


def test_missing_label_names_the_section_and_line():
    text = SMALL.replace('libelle = "Eau"\n', "")
    with pytest.raises(TaxonomyError) as error:
        parse_taxonomy(text)
    message = str(error.value)
    assert "ligne 4" in message and "[themes.eau]" in message and "libelle" in message


def test_all_problems_reported_at_once():
    text = SMALL.replace("[themes.eau]", "[themes.Eau_Potable]").replace(
        'mots_cles = ["note"]', 'mots_cles = "note"\ncouleur = "bleu"'
    )
    with pytest.raises(TaxonomyError) as error:
        parse_taxonomy(text)
    message = str(error.value)
    assert "Eau_Potable" in message and "minuscules" in message
    assert "liste de textes" in message
    assert "clé inconnue « couleur »" in message


def test_missing_sections_and_unknown_top_key():
    with pytest.raises(TaxonomyError) as error:
        parse_taxonomy('pays = ["ML"]\n')
    message = str(error.value)
    assert "« pays »" in message and "[themes" in message and "[types" in message


def test_missing_file(tmp_path):
    with pytest.raises(TaxonomyError, match="introuvable"):
        load_taxonomy(Path(tmp_path / "absent.toml"))
