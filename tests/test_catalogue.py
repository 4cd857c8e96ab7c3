"""Reading the staff catalogue: encodings, separators, labels, and reported problems."""

import unicodedata

import pytest

from indexer.catalogue import normalise_relpath, parse_catalogue, read_catalogue
from cresi_search.vocab import load_taxonomy

HEADER = "chemin,titre,type,pays,themes,annee,organisation,partenaires,resume,mots_cles"
MISSION = "Coopération décentralisée/Mali - Cercle de Douentza/2009 Mission eau Douentza.pdf"
GUIDE = "Guides et fiches outils/Financement/Guide des financements 2021.pdf"


@pytest.fixture(scope="module")
def taxonomy():
    return load_taxonomy(None)


@pytest.fixture
def corpus(tmp_path):
    for relpath in (MISSION, GUIDE):
        path = tmp_path / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"%PDF-1.4\n")
    return tmp_path


def write(corpus, text, encoding="utf-8-sig"):
    (corpus / "catalogue.csv").write_bytes(text.encode(encoding))


def test_no_catalogue(tmp_path, taxonomy):
    assert read_catalogue(tmp_path, taxonomy) == ({}, [])


def test_bom_comma_and_codes(corpus, taxonomy):
    write(corpus, "\n".join([
        HEADER,
        f'"{MISSION}",Compte rendu de mission eau,compte-rendu-mission,ML,eau-assainissement; sante,'
        '2009,Conseil général de l\'Essonne,"Conseil de cercle de Douentza; Comités de gestion",'
        '"Visite de onze forages, rencontre des comités.","forage; puits; Douentza"',
    ]))
    entries, problems = read_catalogue(corpus, taxonomy)
    assert problems == []
    entry = entries[MISSION]
    assert entry.row == 2
    assert entry.title == "Compte rendu de mission eau"
    assert entry.type == "compte-rendu-mission"
    assert entry.countries == ("ML",)
    assert entry.themes == ("eau-assainissement", "sante")
    assert entry.year == 2009
    assert entry.organisation == "Conseil général de l'Essonne"
    assert entry.partners == ("Conseil de cercle de Douentza", "Comités de gestion")
    assert entry.summary == "Visite de onze forages, rencontre des comités."
    assert entry.keywords == ("forage", "puits", "Douentza")


def test_semicolon_and_french_labels(corpus, taxonomy):
    header = HEADER.replace(",", ";") + ";auteur;date"
    write(corpus, "\n".join([
        header,
        f'{GUIDE};Guide des financements;Guide pratique;"Mali; Sénégal; haïtien";'
        '"Financement de projets; Méthodologie de projet";2021;CRESI;;;;Mathieu Lecoq;15/03/2021',
    ]), encoding="utf-8")
    entries, problems = read_catalogue(corpus, taxonomy)
    assert problems == []
    entry = entries[GUIDE]
    assert entry.type == "guide"
    assert entry.countries == ("ML", "SN", "HT")
    assert entry.themes == ("financement", "methodologie")
    assert entry.author == "Mathieu Lecoq"
    assert entry.date == "2021-03-15"
    assert entry.partners == () and entry.keywords == ()


def test_bad_values_are_reported_not_fatal(corpus, taxonomy):
    write(corpus, "\n".join([
        HEADER,
        f"{MISSION},Mission eau,poème,Mali; Atlantide,eau potable; astrologie,vers 2010,,,,",
        f"{GUIDE},Guide,guide,,,2021,,,,",
    ]))
    entries, problems = read_catalogue(corpus, taxonomy)
    assert set(entries) == {MISSION, GUIDE}
    entry = entries[MISSION]
    assert entry.title == "Mission eau"
    assert entry.type == "" and entry.year is None
    assert entry.countries == ("ML",)
    assert entry.themes == ("eau-assainissement",)
    messages = {p.message for p in problems}
    assert all(p.row == 2 for p in problems)
    assert any("type « poème » inconnu" in m for m in messages)
    assert any("pays « Atlantide » inconnu" in m for m in messages)
    assert any("thème « astrologie » inconnu" in m for m in messages)
    assert any("année « vers 2010 » invalide" in m for m in messages)
    assert str(problems[0]).startswith("catalogue.csv, ligne 2 : ")


def test_path_that_does_not_exist(corpus, taxonomy):
    write(corpus, "\n".join([
        HEADER,
        "Projets des associations/Bénin/absent.pdf,Absent,,,,,,,,",
        f"{GUIDE},Guide,,,,,,,,",
    ]))
    entries, problems = read_catalogue(corpus, taxonomy)
    assert list(entries) == [GUIDE]
    assert len(problems) == 1 and problems[0].row == 2
    assert "n'existe pas" in problems[0].message and "absent.pdf" in problems[0].message


def test_paths_compared_after_nfc_and_slashes(corpus, taxonomy):
    decomposed = unicodedata.normalize("NFD", MISSION).replace("/", "\\")
    write(corpus, f"{HEADER}\n./{decomposed},Mission,,,,,,,,\n")
    entries, problems = read_catalogue(corpus, taxonomy)
    assert problems == []
    assert list(entries) == [MISSION]


def test_duplicate_and_empty_path(corpus, taxonomy):
    write(corpus, "\n".join([
        HEADER,
        f"{GUIDE},Premier,,,,,,,,",
        ",Sans chemin,,,,,,,,",
        "",
        f"{GUIDE},Second,,,,,,,,",
    ]))
    entries, problems = read_catalogue(corpus, taxonomy)
    assert entries[GUIDE].title == "Premier"
    assert [p.row for p in problems] == [3, 5]
    assert "déjà décrit ligne 2" in problems[1].message


def test_row_with_too_many_cells(corpus, taxonomy):
    write(corpus, f"{HEADER}\n{GUIDE},Guide,guide,,,2021,,,Un résumé, avec une virgule,\n")
    entries, problems = read_catalogue(corpus, taxonomy)
    assert entries == {}
    assert problems[0].row == 2 and "guillemets" in problems[0].message


def test_windows_encoding_is_read_with_a_warning(corpus, taxonomy):
    write(corpus, f"{HEADER}\n{GUIDE},Éducation à la citoyenneté,,,,,,,,\n", encoding="cp1252")
    entries, problems = read_catalogue(corpus, taxonomy)
    assert entries[GUIDE].title == "Éducation à la citoyenneté"
    assert problems[0].row == 0 and "UTF-8" in problems[0].message


def test_unknown_column_and_missing_path_column(taxonomy):
    entries, problems = parse_catalogue("titre,couleur\nUn titre,bleu\n", taxonomy)
    assert entries == {}
    assert any("couleur" in p.message for p in problems)
    assert any("« chemin » manque" in p.message for p in problems)


def test_parse_without_corpus_keeps_every_row(taxonomy):
    entries, problems = parse_catalogue(f"{HEADER}\nnulle/part.pdf,Titre,,,,,,,,\n", taxonomy)
    assert list(entries) == ["nulle/part.pdf"] and problems == []


def test_normalise_relpath():
    assert normalise_relpath("  .\\Dossier\\\\Fiche é.pdf ") == "Dossier/Fiche é.pdf"
    assert normalise_relpath(unicodedata.normalize("NFD", "Évaluation/é.pdf")) == "Évaluation/é.pdf"
