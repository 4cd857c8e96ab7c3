"""Document types weighed from the title, the file name, the first page and the shape of
the text (cresi_search/vocab/doctypes.py), on snippets of real documents."""

import pytest

from cresi_search.vocab import load_taxonomy
from cresi_search.vocab.doctypes import shape_evidence, type_scores


@pytest.fixture(scope="module")
def taxonomy():
    return load_taxonomy(None)


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("KOULENGA : compte-rendu de l'assemblée générale ordinaire du 25 JANVIER 2019 à Veyziat", "compte-rendu-reunion"),
        ("KOULENGA - Bilan de l'année 2020", "rapport-activite"),
        ("Procès-verbal de l'assemblée générale du 27 février 2025", "compte-rendu-reunion"),
        ("Statuts de l'association « Liens Culturels »", "statuts"),
        ("RÈGLEMENT INTÉRIEUR DE L'ASSOCIATION \"LIENS CULTURELS\"", "statuts"),
        ("exemple de Convention de mécénat", "convention"),
        ("Accord-Cadre AMSS et Avenant", "convention"),
        ("Avis de recrutement : un gestionnaire de l'information pour le projet Monitoring Protection", "termes-de-reference"),
        ("Description du poste de trésorier de l'association de bienfaisance", "termes-de-reference"),
        ("Newsletter - Lettre d'informations n° 4, janvier 2022", "lettre-information"),
        ("Accès à l'eau potable dans la ville de Bouaké : Synthèse des données recueillies en milieu urbain", "etude"),
        ("Guide pratique : évaluer son projet de solidarité internationale", "guide"),
        ("Brochure PONA", "autre"),
    ],
)
def test_title_names_the_genre(taxonomy, title, expected):
    assert taxonomy.detect_type(title, "", "") == expected


def test_genre_word_at_the_head_beats_a_subject_further_on(taxonomy):
    # "projet" and "subvention" are the subject here, the document is a sheet.
    assert taxonomy.detect_type("Fiche - Rédiger une demande de subvention pour un projet", "", "") == "fiche-outil"
    ranked = dict(type_scores(taxonomy, "Gérer le budget d'un projet de solidarité internationale", "", ""))
    assert ranked.get("rapport-projet", 0) < 1  # "projet" aside, a hint: not enough for a type


def test_file_name_when_the_title_says_nothing(taxonomy):
    assert taxonomy.detect_type("", "", "koulenga__COMPTE RENDU AG 2018.pdf") == "compte-rendu-reunion"
    assert taxonomy.detect_type("LA VIE À GOUDRIN", "", "koulenga__Journal de Goudrin 3.pdf") == "lettre-information"
    assert taxonomy.detect_type("", "", "africart__statuts-association-afrikartmusee-togo.pdf") == "statuts"


STATUTES = """PREAMBULE
Les membres fondateurs ont décidé de créer une Association apolitique et à but non lucratif.
Article 1 : Dénomination
Il est créé une association dénommée MUSEEAFRICART-TOGO.
Article 2 : Siège
Le siège est fixé à Kara.
Article 3 : Objet
L'association a pour objet de promouvoir la culture togolaise.
"""

SCORE_SHEET = """SCORE:

88.4
POSITION:

4
/ 45
Banque africaine de
développement (BAD)
ANALYSE
Le classement des composants le plus bas de la banque est celui de la mise en commun des données.
RECOMMANDATIONS
La BAD devrait améliorer la publication d'informations sur la composante performance.
"""


def test_shape_of_the_text(taxonomy):
    assert shape_evidence(STATUTES)["statuts"] > 0
    assert taxonomy.detect_type("Statut", STATUTES, "") == "statuts"
    assert taxonomy.detect_type("Banque africaine de développement (BAD)", SCORE_SHEET, "") == "rapport-evaluation"
    issue = "Malgré la distance,\nRestons connectés …\nN° 4\nJanvier\n2022\nSénégal\n"
    assert shape_evidence(issue)["lettre-information"] > 0
    # "Procès-verbal n° 3 du 27 mars 2022" is not an issue number alone on its line.
    assert not shape_evidence("Approuvé en assemblée générale\nProcès-verbal n° 3 du 27 mars 2022\n")
    advert = "Date limite de dépôt : 10 avril 2024. Envoyer CV et lettre de motivation à l'adresse…"
    assert shape_evidence(advert)["termes-de-reference"] > 0


def test_nothing_to_go_on(taxonomy):
    assert taxonomy.detect_type("Frais de déplacement du bénévole : remboursement ou don ?", "", "") is None
    # A word of the type in passing on the first page is not enough.
    assert taxonomy.detect_type("Sans indice", "Nous avons parlé du projet avec le maire.", "") is None


def test_a_file_labelled_with_its_genre(taxonomy):
    # the title names the subject ("budget prévisionnel" is also a funding request's phrase);
    # the file name starts with the genre alone, as staff label their files
    text = "Le budget prévisionnel est la traduction chiffrée de votre projet."
    title = "Le budget prévisionnel type : modèle commenté"
    path = "Guides et fiches outils/Financement/Fiche - Budget prévisionnel type.docx"
    assert taxonomy.detect_type(title, text, path) == "fiche-outil"
    # the same words inside a name, not as its label, do not weigh so much
    assert taxonomy.detect_type(title, text, "Financement/Budget prévisionnel type et fiche.docx") == "demande-financement"
