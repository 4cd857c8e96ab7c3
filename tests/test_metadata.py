"""Building document records: priority between sources, and the source of every value."""

import unicodedata

import pytest

from indexer.catalogue import CatalogueEntry
from indexer.metadata import build_record, document_id
from cresi_search.records import (
    SOURCE_CATALOGUE,
    SOURCE_DETECTED,
    SOURCE_FOLDER,
    SOURCE_PROPERTIES,
    Fingerprint,
)
from indexer.model import Extracted, Properties
from cresi_search.vocab import load_taxonomy

FINGERPRINT = Fingerprint(size=1234, mtime_ns=1, sha256="0" * 64)
MALI_PATH = "Coopération décentralisée/Mali - Cercle de Douentza/maraichage-banques-de-cereales-2015.pdf"

PAGE_1 = """Maraîchage des femmes et banques de céréales dans le Cercle de Douentza

Rapport d'activité 2015. Ce rapport présente les résultats de l'année 2015 du projet de
sécurité alimentaire que le Conseil départemental de l'Essonne soutient dans le Cercle de
Douentza, au centre du Mali, avec les communes de Boni et de Dallah.

Partenaires : Conseil de cercle de Douentza, Union des groupements féminins de Boni.

Dans cette zone sahélienne, l'agriculture pluviale (mil, sorgho) ne nourrit les familles
que huit mois par an. Vient ensuite la soudure : les greniers sont vides. Les élus maliens
ont demandé que la coopération aide les villages à mieux se nourrir.
"""

PAGE_2 = """Le maraîchage des groupements féminins

Huit jardins maraîchers sont en production. Les maraîchères cultivent oignon, tomate et
gombo ; la récolte est vendue au marché de Douentza. Douze banques de céréales achètent le
mil à la récolte et le revendent pendant la soudure. Les semences améliorées ont doublé le
rendement des parcelles. Le projet a aussi reçu une visite de l'ambassade de France.
"""


@pytest.fixture(scope="module")
def taxonomy():
    return load_taxonomy(None)


def extracted(properties=Properties(), pages=(PAGE_1, PAGE_2), headings=()):
    return Extracted(pages=pages, properties=properties, headings=headings, paged=True)


def build(taxonomy, path=MALI_PATH, extract=None, entry=None, fmt="pdf"):
    return build_record(path, fmt, FINGERPRINT, extract or extracted(), entry, taxonomy)


# ---------------------------------------------------------------- id and path


def test_document_id_is_stable_and_short():
    identifier = document_id(MALI_PATH)
    assert len(identifier) == 16 and int(identifier, 16) >= 0
    assert document_id(MALI_PATH) == identifier
    assert document_id(unicodedata.normalize("NFD", MALI_PATH)) == identifier
    assert document_id(MALI_PATH.replace("/", "\\")) == identifier
    assert document_id("Autre/fichier.pdf") != identifier


def test_record_carries_the_extraction(taxonomy):
    record = build(taxonomy, path=unicodedata.normalize("NFD", MALI_PATH))
    assert record.path == MALI_PATH and record.id == document_id(MALI_PATH)
    assert record.format == "pdf" and record.fingerprint == FINGERPRINT
    assert record.pages == (PAGE_1, PAGE_2) and record.paged and record.text_layer


# ---------------------------------------------------------------- detection only


def test_detected_from_text_alone(taxonomy):
    record = build(taxonomy)
    assert record.title == "Maraîchage des femmes et banques de céréales dans le Cercle de Douentza"
    assert record.type == "rapport-activite"  # "Rapport d'activité 2015" heads the first page
    assert record.countries == ["ML"]  # France named once: not tagged
    assert record.themes[0] == "agriculture"
    assert record.year == 2015  # from the file name, before the text
    assert record.organisation == "Conseil départemental de l'Essonne"
    assert record.partners == ["Conseil de cercle de Douentza", "Union des groupements féminins de Boni"]
    assert record.summary == "" and record.keywords == [] and record.author == "" and record.date == ""
    for name in ("title", "type", "countries", "themes", "organisation", "partners"):
        assert record.sources[name] == SOURCE_DETECTED, name
    assert record.sources["year"] == SOURCE_FOLDER
    assert "summary" not in record.sources and "author" not in record.sources


def test_year_from_the_first_page(taxonomy):
    record = build(taxonomy, path="Coopération décentralisée/Mali/maraichage.pdf")
    assert record.year == 2015 and record.sources["year"] == SOURCE_DETECTED


def test_heading_is_preferred_to_first_line(taxonomy):
    record = build(taxonomy, extract=extracted(headings=("## ", "Banques de céréales : rapport 2015")))
    assert record.title == "Banques de céréales : rapport 2015"
    assert record.sources["title"] == SOURCE_DETECTED


def test_tags_hold_labels_and_adjectives(taxonomy):
    record = build(taxonomy)
    assert "Mali" in record.tags
    assert "Agriculture et sécurité alimentaire" in record.tags
    assert "Rapport d'activité" in record.tags
    assert {"malien", "maliens", "malienne"} <= set(record.tags)
    assert "Bamako" not in record.tags  # a country's towns: only from the document's own text


# ---------------------------------------------------------------- file properties


def test_properties_beat_detection(taxonomy):
    properties = Properties(
        title="Rapport 2015 du projet maraîchage et céréales",
        author="Aminata Coulibaly",
        subject="Jardins des femmes et banques de céréales à Douentza.",
        keywords=("maraîchage", "Douentza", "Santé"),
        created="2016-02-04",
    )
    record = build(taxonomy, extract=extracted(properties))
    assert record.title == "Rapport 2015 du projet maraîchage et céréales"
    assert record.author == "Aminata Coulibaly"
    assert record.summary == "Jardins des femmes et banques de céréales à Douentza."
    assert record.keywords == ["maraîchage", "Douentza", "Santé"]
    assert record.countries == ["ML"]  # "Douentza" among the keywords
    assert record.themes == ["sante"]  # a keyword naming a theme by its label
    # The title says 2015: the file saved in February 2016 does not date the report.
    assert record.year == 2015 and record.date == ""
    for name in ("title", "author", "summary", "keywords", "countries", "themes"):
        assert record.sources[name] == SOURCE_PROPERTIES, name
    assert record.sources["year"] == SOURCE_DETECTED and "date" not in record.sources
    # Fields the properties do not give still come from the text.
    assert record.sources["type"] == SOURCE_DETECTED
    assert record.sources["organisation"] == SOURCE_DETECTED


def test_software_default_title_is_ignored(taxonomy):
    properties = Properties(title="Microsoft Word - rapport_v3.docx")
    record = build(taxonomy, extract=extracted(properties))
    assert record.title.startswith("Maraîchage des femmes")
    assert record.sources["title"] == SOURCE_DETECTED


def test_wrapped_pdf_title_is_joined(taxonomy):
    page = (
        "Évaluation finale du programme de\nrestauration des mangroves en Casamance\n(2018-2022)\n"
        "Rapport d'évaluation externe, Sénégal, octobre 2022. Programme porté par\n"
        "l'association Palétuviers Essonne-Casamance (Draveil, Essonne).\n"
    )
    record = build(taxonomy, path="Projets des associations/Sénégal/mangroves.pdf", extract=extracted(pages=(page,)))
    assert record.title == "Évaluation finale du programme de restauration des mangroves en Casamance (2018-2022)"
    assert record.type == "rapport-evaluation"
    assert record.year == 2022 and record.sources["year"] == SOURCE_DETECTED
    assert record.organisation == "Association Palétuviers Essonne-Casamance"


def test_author_of_people_is_not_an_organisation(taxonomy):
    properties = Properties(author="Hédi Mansouri et Claire Dubreuil, cabinet Aridités Conseil")
    record = build(taxonomy, extract=extracted(properties))
    assert record.author == properties.author
    assert record.organisation == "Conseil départemental de l'Essonne"
    assert record.sources["organisation"] == SOURCE_DETECTED


def test_author_that_is_an_organisation(taxonomy):
    properties = Properties(author="Association Essonne-Sahel Solidarité")
    record = build(taxonomy, extract=extracted(properties))
    assert record.organisation == "Association Essonne-Sahel Solidarité"
    assert record.sources["organisation"] == SOURCE_PROPERTIES


# ---------------------------------------------------------------- catalogue


def test_catalogue_beats_everything(taxonomy):
    entry = CatalogueEntry(
        path=MALI_PATH,
        row=7,
        title="Maraîchage et banques de céréales (rapport 2015)",
        type="rapport-evaluation",
        countries=("ML", "BF"),
        themes=("agriculture", "economie"),
        year=2014,
        organisation="Association Essonne-Sahel Solidarité",
        partners=("Conseil de cercle de Douentza",),
        summary="Résumé rédigé par le CRESI.",
        keywords=("soudure", "mil"),
        author="Laurent Bessière",
        date="2014-12-01",
    )
    properties = Properties(title="Titre des propriétés", author="Quelqu'un", created="2016-02-04")
    record = build(taxonomy, extract=extracted(properties), entry=entry)
    assert record.title == entry.title
    assert record.type == "rapport-evaluation"
    assert record.countries == ["ML", "BF"] and record.themes == ["agriculture", "economie"]
    assert record.year == 2014 and record.date == "2014-12-01"
    assert record.organisation == entry.organisation and record.partners == ["Conseil de cercle de Douentza"]
    assert record.summary == entry.summary and record.keywords == ["soudure", "mil"]
    assert record.author == "Laurent Bessière"
    assert set(record.sources.values()) == {SOURCE_CATALOGUE}
    assert "Burkina Faso" in record.tags and "Rapport d'évaluation" in record.tags


def test_partial_catalogue_row(taxonomy):
    entry = CatalogueEntry(path=MALI_PATH, row=3, summary="Résumé du catalogue.")
    record = build(taxonomy, entry=entry)
    assert record.sources["summary"] == SOURCE_CATALOGUE
    assert record.sources["title"] == SOURCE_DETECTED
    assert record.countries == ["ML"] and record.sources["countries"] == SOURCE_DETECTED


def test_creation_date_contradicting_the_year_is_dropped(taxonomy):
    entry = CatalogueEntry(path=MALI_PATH, row=3, year=2015)
    properties = Properties(created="2019-05-02")  # the file was saved again in 2019
    record = build(taxonomy, extract=extracted(properties), entry=entry)
    assert record.year == 2015 and record.date == ""


# ---------------------------------------------------------------- folders only


def test_scan_without_text_uses_folders(taxonomy):
    path = "Coopération décentralisée/Mali - Cercle de Douentza/Santé/CR_mission_Bamako_2018.pdf"
    record = build(taxonomy, path=path, extract=extracted(pages=("", "  ")))
    assert record.text_layer is False
    assert record.title == "Compte rendu mission Bamako 2018"  # abbreviations of file names spelled out
    assert record.type == "compte-rendu-mission"
    assert record.countries == ["ML"]
    assert record.themes == ["sante"]
    assert record.year == 2018
    for name in ("title", "type", "countries", "themes", "year"):
        assert record.sources[name] == SOURCE_FOLDER, name
    assert "organisation" not in record.sources


def test_year_from_folder(taxonomy):
    path = "Archives 2007/Projets des associations/Burkina Faso/forages.pdf"
    record = build(taxonomy, path=path, extract=extracted(pages=("",)))
    assert record.year == 2007 and record.sources["year"] == SOURCE_FOLDER
    assert record.countries == ["BF"]
    assert record.title == "Forages"


def test_year_in_title_beats_text_and_periods_are_left_aside(taxonomy):
    page = "Évaluation externe, 2009-2012\n\nRapport final – juillet 2013. Terrain en mai 2013."
    record = build(taxonomy, path="Évaluations/appui.pdf", extract=extracted(pages=(page,)))
    assert record.year == 2013 and record.sources["year"] == SOURCE_DETECTED
    record = build(taxonomy, path="Évaluations/appui 2014.pdf", extract=extracted(pages=(page,)))
    assert record.year == 2014 and record.sources["year"] == SOURCE_FOLDER


# ---------------------------------------------------------------- generic documents

GUIDE_PAGE = """Guide : monter un projet de solidarité internationale

Ce guide pratique du CRESI accompagne les associations de l'Essonne. Il s'appuie sur des
exemples : un forage à Douentza au Mali, une école à Jacmel en Haïti, une coopérative au
Burkina Faso, un jardin à Bamako, des latrines au Mali, une bibliothèque au Sénégal.
Mali, Haïti : chaque exemple montre le cadre logique, le diagnostic et les indicateurs.
"""


def test_countries_cited_by_a_guide_are_examples(taxonomy):
    record = build(taxonomy, path="Guides/monter-un-projet.pdf", extract=extracted(pages=(GUIDE_PAGE,)))
    assert record.type == "guide"
    assert record.countries == []
    assert record.organisation == "Centre de ressources essonnien de la solidarité internationale (CRESI)"
    assert "methodologie" in record.themes


def test_a_guide_about_one_country_says_so_in_its_title(taxonomy):
    page = "Guide pour travailler avec le Mali\n\n" + GUIDE_PAGE
    record = build(taxonomy, path="Guides/mali.pdf", extract=extracted(pages=(page,)))
    assert record.countries == ["ML"] and record.sources["countries"] == SOURCE_DETECTED
