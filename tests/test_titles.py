"""Titles chosen as a librarian would (indexer/metadata/title.py, display.py), on lines of
real first pages with their type sizes, and a real PDF built here."""

from pathlib import Path

import pytest

from cresi_search.french.normalise import join_spaced_letters
from indexer.extract import extract
from indexer.metadata.display import display_title, is_debris, is_generic
from indexer.metadata.paths import readable_name
from indexer.metadata.title import first_line_title, issue_title, property_title, reads_like_title
from indexer.model import Extracted

STATUTES_COVER = (
    (14.0, "Le texte modifié des Statuts"),
    (14.0, "a été approuvé et adopté par l’assemblée"),
    (14.0, "générale de l’association de bienfaisance"),
    (14.0, "“ Initiative humanitaire internationale ”"),
    (14.0, "Procès-verbal n° 7 du 22 octobre 2022"),
    (22.0, "STATUTS"),
    (16.0, "de l’association de bienfaisance"),
    (16.0, "« Initiative humanitaire internationale »"),
    (14.0, "Annecy, 2022"),
)
PROGRAMME_COVER = (
    (12.0, "українською мовою"),
    (22.0, "Programme humanitaire"),
    (40.0, "Protection temporaire"),
    (18.0, "aux personnes fuyant la guerre en Ukraine"),
    (10.0, "Approuvé par l’Assemblée Générale le 10 octobre 2022."),
)
STUDY_COVER = (
    (28.0, "Accès à l’eau"), (28.0, "potable dans la"), (28.0, "ville de Bouaké"),
    (14.0, "Synthèse des données recueillies en"), (14.0, "milieu urbain"),
    (14.0, "Projet ETUPO : Étude de l’accès à l’eau"), (14.0, "Bouaké, Côte d’Ivoire"), (14.0, "Juin 2019"),
)
LETTERHEAD = (
    (11.0, "368, rue Principale"), (10.0, "01100 OYONNAX"), (10.0, "Tel : 06 40 51 96 36"),
    (11.0, "koulenga@yahoo.fr"), (11.0, "https://koulenga.com/"),
    (14.0, "KOULENGA - Bilan de l'année 2020"), (12.0, "I - POINT SITUATION ET ACTIONS 2020"),
)
MASTHEAD = (
    (61.5, "ECHO DE GOUDRIN"), (12.7, "ASSOCIATION TEELI-YAN"), (10.2, "11BP:1322 Ouagadougou 11"),
    (10.2, "BURKINA FASO"), (26.6, "N° 5"), (9.1, "2019-2020"), (12.9, "OCTOBRE 2019"),
)


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (STATUTES_COVER, "STATUTS de l’association de bienfaisance « Initiative humanitaire internationale »"),
        (PROGRAMME_COVER, "Programme humanitaire : Protection temporaire aux personnes fuyant la guerre en Ukraine"),
        (STUDY_COVER, "Accès à l’eau potable dans la ville de Bouaké : Synthèse des données recueillies en milieu urbain"),
        (LETTERHEAD, "KOULENGA - Bilan de l'année 2020"),
        (MASTHEAD, "ECHO DE GOUDRIN n° 5 (octobre 2019)"),
    ],
)
def test_largest_type_of_the_first_page(lines, expected):
    assert display_title(lines, body=12.0) == expected


def test_no_title_when_nothing_stands_out():
    minutes = ((11.0, "KOULENGA : compte-rendu de l'assemblée générale ordinaire 2019"), (11.0, "du 24 JANVIER 2020 à Veyziat"))
    assert display_title(minutes, body=11.0) == ""
    assert display_title(((13.0, "1"), (14.0, "EDITORIAL"), (12.0, "Il est de coutumes chez de marquer")), 12.0) == ""


@pytest.mark.parametrize(
    "line",
    ["українською мовою", "368, rue Principale", "01100 OYONNAX", "Tel : 06 40 51 96 36", "koulenga@yahoo.fr",
     "P a g e 1 | 11", "N °30", "JUILLET 2024", "(Avril 2022)", "BURKINA FASO", "Sénégal", "Table de matières",
     "EDITORIAL", "Chapitre 2", "1.1. OBJET ET CHAMP D’APPLICATION"],
)
def test_debris_is_never_a_title(line):
    assert is_debris(line)


def test_generic_headings():
    assert is_generic("Table de matières") and is_generic("PREAMBULE") and is_generic("Annexe 3")
    assert not is_generic("La vie à Goudrin")


@pytest.mark.parametrize(
    "line",
    ["Il est de coutumes chez de marquer son respect envers son autrui par des salutations chaleureuses.",
     "Approuvé en assemblée générale de l’association de bienfaisance",
     "Nous vous sollicitons pour choisir un soutien mensuel de 5€, 10€, 15€ ….",
     "Les membres fondateurs ont décidé de créer une Association apolitique et à but non lucratif",
     "'hésitez pas à nous contacter si vous souhaitez plus d'informations"],
)
def test_sentences_are_not_titles(line):
    assert not reads_like_title(line)


def test_first_line_skips_sentences_and_follows_a_wrapped_title():
    page = ("KOULENGA : compte-rendu de l'assemblée générale ordinaire du 25 JANVIER 2019 à\nVeyziat\n\n"
            "Les membres de l'association sont convoqués en assemblée générale ordinaire pour\n")
    assert first_line_title(page) == "KOULENGA : compte-rendu de l'assemblée générale ordinaire du 25 JANVIER 2019 à Veyziat"
    page = "Nous vous sollicitons pour choisir un soutien mensuel.\nAssociation MADA M'IZA\n49 rue de la cavée, 95100 Argenteuil\n"
    assert first_line_title(page) == "Association MADA M'IZA"


@pytest.mark.parametrize("junk", ["Converted Document", "Microsoft Word - rapport.doc", "Statistique LH_20.ods",
                                  "(anonymous)", "Couverture Saabane.n° 5"])
def test_producer_junk_in_properties(junk):
    assert property_title(junk) == ""


def test_spaced_letters_are_joined():
    assert join_spaced_letters("S T A T U T S") == "STATUTS"
    assert join_spaced_letters("R A P P O R T  A N N U E L") == "RAPPORT ANNUEL"
    assert join_spaced_letters("Le texte") == "Le texte"


def test_file_names_cleaned():
    assert readable_name("lienscult__pv-ag.pdf") == "Lienscult : Procès-verbal assemblée générale"
    assert readable_name("koulenga__Journal de Goudrin 12.pdf", last_part=True) == "Journal de Goudrin 12"


def test_newsletter_issue_from_its_file_name():
    page = "1\nEDITORIAL\nCe présent numéro du journal « Echo du village » vous relate les principaux évènements"
    assert issue_title("koulenga__Journal de Goudrin 6.pdf", page, "") == "« Echo du village » : Journal de Goudrin n° 6"
    assert issue_title("koulenga__Journal de Goudrin 3.pdf", "", "LA VIE À GOUDRIN") == "Journal de Goudrin n° 3 : LA VIE À GOUDRIN"
    assert issue_title("koulenga__NOUVELLES DE GOUDRIN MARS 2022.pdf", "", "x") == ""  # a year is no issue number
    assert issue_title("rapport 2019.pdf", "", "x") == ""


def test_real_pdf_title_from_type_sizes(tmp_path: Path):
    reportlab = pytest.importorskip("reportlab.pdfgen.canvas")
    path = tmp_path / "cover.pdf"
    c = reportlab.Canvas(str(path))
    c.setFont("Helvetica", 10)
    c.drawString(72, 800, "368, rue Principale")
    c.setFont("Helvetica", 11)
    c.drawString(72, 780, "Approuvé en assemblée générale le 3 mars 2022.")
    c.setFont("Helvetica-Bold", 24)
    c.drawString(72, 700, "Règlement intérieur")
    c.setFont("Helvetica-Bold", 18)
    c.drawString(72, 670, "de l'association Liens Culturels")
    c.setFont("Helvetica", 11)
    for n in range(20):
        c.drawString(72, 600 - 14 * n, f"Article {n + 1} : le texte courant de la page, en petit corps.")
    c.showPage()
    c.save()
    extracted = extract(path)
    assert isinstance(extracted, Extracted) and extracted.body_size == 11.0
    assert (24.0, "Règlement intérieur") in extracted.first_lines
    assert display_title(extracted.first_lines, extracted.body_size) == "Règlement intérieur de l'association Liens Culturels"


# ---------------------------------------------------------------- years (what the document says first)


def test_year_of_the_document_before_its_creation_date():
    from cresi_search.records import Fingerprint
    from cresi_search.vocab import load_taxonomy
    from indexer.metadata import build_record
    from indexer.model import Properties

    taxonomy = load_taxonomy(None)
    fp = Fingerprint(1, 1, "0" * 64)

    def year(name, page, created):
        ex = Extracted(pages=(page,), properties=Properties(created=created), paged=True)
        return build_record(name, "pdf", fp, ex, None, taxonomy).year

    # A 2020 report saved in February 2021; minutes of a meeting held in February 2026.
    assert year("koulenga__BILAN 2020.pdf", "KOULENGA - Bilan de l'année 2020\n", "2021-02-22") == 2020
    minutes = "KOULENGA : compte-rendu de l'assemblée générale ordinaire\ndu 19 FEVRIER 2026 à Veyziat\n"
    assert year("cr.pdf", minutes, "2026-03-12") == 2026
    # A law cited by date is not the date of a text saved six years later.
    policy = "Elle respecte le Règlement Général sur la Protection des Données du 27 avril 2016.\n"
    assert year("politique.pdf", policy, "2022-10-10") == 2022
    # "_5.2020" in a file name: May 2020.
    assert year("amss__Avis de recrutement_5.2020.pdf", "", "2025-10-02") == 2020
