"""Countries: Babel labels, aliases, and detection in French text with its traps."""

import pytest
from babel import Locale

from cresi_search.vocab import aliases, country_label, country_labels, detect_countries, resolve_country

# ---------------------------------------------------------------- labels


def test_labels_come_from_babel():
    assert country_label("HT") == "Haïti"
    assert country_label("CA") == "Canada"
    assert country_label("ML") == "Mali"
    assert country_label("sn") == "Sénégal"
    babel = Locale("fr").territories
    for code in ("BF", "CD", "TN", "MG", "CI"):
        assert country_label(code) == babel[code]


def test_only_two_letter_country_codes():
    labels = country_labels()
    assert all(len(code) == 2 and code.isupper() for code in labels)
    for not_a_country in ("EU", "UN", "ZZ", "EZ", "QO", "XA"):
        assert not_a_country not in labels
    assert len(labels) > 240


def test_unknown_code_label_is_the_code():
    assert country_label("QQ") == "QQ"


# ---------------------------------------------------------------- resolution


@pytest.mark.parametrize(
    "value, code",
    [
        ("ML", "ML"),
        ("ml", "ML"),
        ("Mali", "ML"),
        ("malien", "ML"),
        ("maliennes", "ML"),
        ("Bamako", "ML"),
        ("Douentza", "ML"),
        ("Haïti", "HT"),
        ("Haiti", "HT"),
        ("haïtiennes", "HT"),
        ("Port-au-Prince", "HT"),
        ("Port au Prince", "HT"),
        ("Québec", "CA"),
        ("québécoise", "CA"),
        ("Montreal", "CA"),
        ("RDC", "CD"),
        ("République démocratique du Congo", "CD"),
        ("Kinshasa", "CD"),
        ("Congo-Brazzaville", "CG"),
        ("Sénégal", "SN"),
        ("senegal", "SN"),
        ("Casamance", "SN"),
        ("burkinabè", "BF"),
        ("Burkinabés", "BF"),
        ("Ouagadougou", "BF"),
        ("malgache", "MG"),
        ("Tamatave", "MG"),
        ("nigérien", "NE"),
        ("nigérian", "NG"),
        ("Niamey", "NE"),
        ("Côte d’Ivoire", "CI"),
        ("Cote d'Ivoire", "CI"),
        ("Guinée-Bissau", "GW"),
        ("Guinée", "GN"),
        ("Haut Atlas", "MA"),
        ("Lomé", "TG"),
        ("Yaoundé", "CM"),
        ("Évry", "FR"),
        ("essonnienne", "FR"),
        ("Birmanie", "MM"),
        ("Dominique", "DM"),  # not detected in texts, but resolves when typed as a country
    ],
)
def test_resolve_country(value, code):
    assert resolve_country(value) == code


@pytest.mark.parametrize("value", ["", "  ", "Atlantide", "EU", "ZZ", "Sahel", "Afrique", "Congo"])
def test_resolve_unknown(value):
    assert resolve_country(value) is None


def test_aliases_feed_search():
    mali = aliases("ML")
    assert {"malien", "malienne", "maliens", "maliennes", "Bamako"} <= set(mali)
    assert "haïtiennes" in aliases("HT")
    assert "Québec" in aliases("CA")
    assert "RDC" in aliases("cd")
    assert aliases("AQ") == []


# ---------------------------------------------------------------- detection

MALI_REPORT = """
Rapport de mission dans le Cercle de Douentza, février 2012.

La délégation du Conseil départemental de l'Essonne est arrivée à Bamako le 6 février,
puis a rejoint Mopti et Douentza par la route. Les élus maliens ont présenté le bilan des
forages réalisés depuis 2009 dans les communes du cercle. Les partenaires du Mali
souhaitent maintenant renforcer les comités de gestion de l'eau.

Au retour, un point a été fait à Bamako avec l'ambassade de France sur la sécurité des
déplacements dans la région de Mopti.
"""

NIGER_RIVER = """
Dans le delta intérieur du Niger, autour de Mopti, les pêcheurs maliens vivent au rythme
de la crue du fleuve Niger. Les rizières de l'Office du Niger, plus au sud, fournissent
une grande part du riz consommé à Bamako. Le Mali dépend de ce fleuve ; la coopération avec
le Cercle de Douentza soutient les périmètres irrigués le long du Niger, près de Mopti.
"""

NIGER_COUNTRY = """
Mission de suivi au Niger, région de Zinder, mars 2018. Au Niger, la malnutrition aiguë
touche encore un enfant sur dix. Les centres de santé de Zinder et de Niamey reçoivent les
cas graves. Les agents de santé nigériens ont été formés au dépistage.
"""

ESSONNE_SCHOOLS = """
Éducation à la citoyenneté mondiale dans les collèges de l'Essonne.

Cette fiche s'adresse aux enseignants des collèges essonniens et aux associations de
l'Essonne qui interviennent en classe. À Évry-Courcouronnes comme à Massy, les élèves
débattent des objectifs de développement durable. La France s'est engagée sur l'Agenda
2030 ; les collégiens essonniens peuvent correspondre avec une école du Mali.
"""


def test_malian_report_mentioning_france_once_is_mali_only():
    assert detect_countries(MALI_REPORT) == ["ML"]


def test_river_niger_is_not_the_country():
    assert detect_countries(NIGER_RIVER) == ["ML"]


def test_country_niger_is_detected():
    assert detect_countries(NIGER_COUNTRY) == ["NE"]


def test_france_when_the_document_is_about_essonne():
    assert detect_countries(ESSONNE_SCHOOLS) == ["FR"]


def test_passing_mention_does_not_tag():
    text = MALI_REPORT + "\nUn partenaire sénégalais a assisté à la réunion finale.\n"
    assert detect_countries(text) == ["ML"]


def test_two_countries_of_one_project():
    text = """
    Le programme transfrontalier relie les communes de Douentza (Mali) et de Djibo au
    Burkina Faso. Les éleveurs maliens et burkinabè partagent les mêmes pâturages. Des
    ateliers ont eu lieu à Bamako puis à Ouagadougou ; le comité de pilotage s'est réuni
    au Mali en mai et au Burkina en novembre.
    """
    assert sorted(detect_countries(text)) == ["BF", "ML"]


def test_title_counts_more():
    text = "Le comité s'est réuni trois fois. Le Bénin accueille la mission en juin."
    assert detect_countries(text) == []
    assert detect_countries(text, title="Mission au Bénin") == ["BJ"]


def test_words_that_look_like_countries():
    text = """
    La réunion du comité de jumelage s'est tenue à la mairie. Un accident bénin a été
    signalé. Dominique et Maurice ont présenté le budget ; la réunion suivante aura lieu en
    juin. Les navires du golfe de Guinée n'ont rien à voir avec ce projet.
    """
    assert detect_countries(text) == []


def test_saint_louis_counts_only_with_senegal():
    french_town = "Le jumelage avec Saint-Louis (Haut-Rhin) a été évoqué ; Saint-Louis accueillera la fête."
    assert detect_countries(french_town) == []
    senegal = "La bibliothèque de Saint-Louis, au nord du Sénégal, prête des livres aux écoles de Saint-Louis et de Dakar."
    assert detect_countries(senegal) == ["SN"]


def test_guinea_variants():
    assert detect_countries("Guinée-Bissau : à Bissau, les écoles de Guinée-Bissau rouvrent.") == ["GW"]
    assert detect_countries("En Guinée, à Conakry, les maraîchères guinéennes vendent leurs légumes.") == ["GN"]


def test_congo_alone_is_ambiguous():
    text = "Sur le fleuve Congo, à Kinshasa, capitale de la RDC, les couturières congolaises exposent."
    assert detect_countries(text) == ["CD"]
    assert detect_countries("Le Congo. Le Congo. Le Congo.") == []


def test_accents_and_case_do_not_matter():
    assert detect_countries("HAITI : les ecoles de Jacmel, en Haiti, ont rouvert.") == ["HT"]


def test_quebec_city_and_province_are_canada():
    text = "Échange de jeunes entre l'Essonne et le Québec : accueil à Québec puis à Montréal."
    assert detect_countries(text) == ["CA"]
