"""What a librarian adds to a title (indexer/metadata/title.py): a meeting's date, the part a
file name names under a series' heading; a scan's OCR'd heading over a file name of two
abbreviations (docs/metadata.md)."""

from cresi_search.records import SOURCE_DETECTED, SOURCE_FOLDER
from indexer.metadata.display import is_generic
from indexer.metadata.title import title_candidates
from indexer.model import Extracted


def _title(path: str, pages: tuple[str, ...], **kw) -> tuple[str, str]:
    extracted = Extracted(pages=pages, paged=True, **kw)
    for source, value in title_candidates(extracted, pages[0][:3000], path):
        text = value()
        if text:
            return source, text
    return "", ""


def test_minutes_take_the_date_of_the_meeting():
    page = "PROCÈS-VERBAL DE L’ASSEMBLÉE GÉNÉRALE CONSTITUTIVE\n\nDate : Jeudi 27 février 2025\nLieu : Nogent\n"
    assert _title("asso/pv.pdf", (page,)) == (
        SOURCE_DETECTED, "PROCÈS-VERBAL DE L’ASSEMBLÉE GÉNÉRALE CONSTITUTIVE du 27 février 2025")
    dated = "Compte rendu de l'assemblée générale du 24 janvier 2020 à Veyziat\nLes membres… le 3 mars 2020.\n"
    assert _title("asso/ag.pdf", (dated,))[1] == "Compte rendu de l'assemblée générale du 24 janvier 2020 à Veyziat"


def test_a_series_heading_takes_the_part_its_file_names():
    page = "Projet de bienfaisance « L'aube de l'espoir »\n\nLes participants du projet reçoivent une aide.\n"
    assert _title("ihi/10. Situation précaire ou difficile.odt", (page,))[1] == (
        "Projet de bienfaisance « L'aube de l'espoir » : Situation précaire ou difficile")
    # a name that shares the title's words, or is not made of words, adds nothing
    assert _title("ihi/1. L'aube de l'espoir.pdf", (page,))[1] == "Projet de bienfaisance « L'aube de l'espoir »"
    assert _title("ueci/memo_hydro_UECI.pdf", (page,))[1] == "Projet de bienfaisance « L'aube de l'espoir »"


def test_a_scan_named_by_two_abbreviations_keeps_its_ocr_heading():
    page = "PROCÈS-VERBAL DE L’ASSEMBLÉE GÉNÉRALE\nLe 3 mars 2025, les membres se sont réunis.\n"
    scan = dict(ocr_pages=(1,), scanned=True)
    assert _title("lienscult__pv-ag.pdf", (page,), **scan)[1].startswith("PROCÈS-VERBAL DE L’ASSEMBLÉE GÉNÉRALE")
    source, named = _title("koulenga__STATUTS SIGNES 2016 1.pdf", (page,), **scan)
    assert source == SOURCE_FOLDER and "STATUTS SIGNES 2016 1" in named


def test_a_newsletter_section_is_no_title():
    assert is_generic("ACTUALITE A GOUDRIN") and is_generic("Actualités de l'association")
    assert not is_generic("Actualité de la coopération décentralisée en Afrique de l'Ouest, bilan")
    assert not is_generic("LA VIE À GOUDRIN")


def test_a_note_call_glued_to_a_dated_year():
    from indexer.metadata.years import year_in_text

    masthead = "ASSOCIATION\nN°3\n2017 - 2018\nJuillet 20183\nLA VIE À GOUDRIN\n"
    assert year_in_text(masthead, dated_only=True) == 2018
    assert year_in_text("Un budget de 20183 euros, voté en 2017.") == 2017  # not after a month


def test_a_newsletter_named_in_its_editorial():
    page = ("EDITORIAL\nLes habitants de Goudrin vous saluent. L’« Echo du\nvillage » de ce numéro vous parlera"
            " de la vie du village.\n")
    assert _title("koulenga__Journal de Goudrin 7.pdf", (page,))[1] == "« Echo du village » : Journal de Goudrin n° 7"


def test_statutes_without_a_heading_are_named_by_their_first_article():
    page = ("PRÉAMBULE\n- Vu les liens tissés depuis 1998 entre Évry et Douentza ;\n"
            "Les membres fondateurs ont décidé de créer une association dénommée TERRES-SAHEL-91\n"
            "conformément à la loi du 1er juillet 1901.\n")
    assert _title("asso/statuts-terres-sahel.pdf", (page,)) == (
        SOURCE_DETECTED, "Statuts de l'association TERRES-SAHEL-91")
    model = ("Article 1 – Nom\nIl est fondé entre les adhérents aux présents statuts une association régie par la loi du\n"
             "1er juillet 1901, ayant pour titre : « Les Amis de Douentza ».\n")
    assert _title("asso/statuts.pdf", ("- vu l'intérêt commun des membres ;\n" + model,))[1] == (
        "Statuts de l'association « Les Amis de Douentza »")
    assert _title("asso/statuts.pdf", ("STATUTS\n" + model,))[1] == (
        "Statuts de l'association « Les Amis de Douentza »")
    assert _title("asso/ri.pdf", ("RÈGLEMENT INTÉRIEUR\n" + model,))[1] == (
        "RÈGLEMENT INTÉRIEUR de l'association « Les Amis de Douentza »")
    # the clause in a document that is no statutes names nothing
    letter = "- vu la demande de l'association dénommée TERRES-SAHEL-91 ;\nnous vous répondons ici.\n"
    assert _title("asso/courrier-mairie.pdf", (letter,)) == (SOURCE_FOLDER, "Courrier mairie")


def test_a_heading_misspelt_once_takes_the_documents_spelling():
    page = ("STATUTS DE L'ASSOCIATION « RÉSEAU SOLIDIARTÉ HAÏTI »\n"
            "Article 1 : l'association a pour nom « Réseau Solidarité Haïti ».\n"
            "Article 2 : elle agit pour la solidarité entre l'Essonne et Haïti.\n")
    assert _title("asso/statuts.pdf", (page,))[1] == "STATUTS DE L'ASSOCIATION « RÉSEAU SOLIDARITÉ HAÏTI »"
    plural = ("Restauration des mangroves en Casamance\n"
              "La mangrove recule ; la mangrove protège les rizières ; replanter la mangrove.\n")
    assert _title("asso/mangroves.pdf", (plural,))[1] == "Restauration des mangroves en Casamance"
    # two words of the text one edit away: no way to choose, the heading stays as it is
    doubt = "Les puits de Kandja\nLes puits de Kanja et ceux de Kandia, Kanja, Kandia.\n"
    assert _title("asso/puits.pdf", (doubt,))[1] == "Les puits de Kandja"


def test_a_heading_that_only_names_its_genre_takes_the_subject_under_it():
    from cresi_search.vocab.taxonomy import load_taxonomy

    taxonomy = load_taxonomy()
    genre = lambda words: taxonomy.resolve_type(words) is not None  # noqa: E731

    def title(page: str) -> str:
        extracted = Extracted(pages=(page,), paged=True)
        return next(v for _, f in title_candidates(extracted, page, "asso/doc.pdf", genre) if (v := f()))

    assert title("AVIS DE RECRUTEMENT\nChargé(e) de projet eau et assainissement à Douentza\n"
                 "L'association recrute pour son programme.\n") == (
        "AVIS DE RECRUTEMENT : Chargé(e) de projet eau et assainissement à Douentza")
    # the issuer after a dash is the organisation's, not the title's, once the subject is there
    assert title("APPEL À PROJETS 2024 – Département de l'Essonne\nSoutien aux initiatives de\n"
                 "solidarité internationale\nLe Département ouvre son appel.\n") == (
        "APPEL À PROJETS 2024 : Soutien aux initiatives de solidarité internationale")
    # a part's heading or a sentence under it is no subject; a heading with a subject is kept
    assert title("RAPPORT D'ACTIVITÉ 2019\nSommaire\n1. Le mot du président\n") == "RAPPORT D'ACTIVITÉ 2019"
    assert title("FICHE DE POSTE\nIl est recherché une personne motivée.\n") == "FICHE DE POSTE"
    assert title("Rapport de mission à Douentza\nÉquipe du Département\n") == "Rapport de mission à Douentza"
