"""The issuing body of a document (indexer/metadata/organisation.py) and one name per body
(cresi_search/vocab/organisations.py): docs/metadata.md."""

import pytest

from cresi_search.records import Fingerprint
from cresi_search.vocab import load_taxonomy
from cresi_search.vocab.organisations import current_name
from indexer.catalogue import CatalogueEntry
from indexer.metadata import build_record
from indexer.metadata.organisation import detect_organisation
from indexer.model import Extracted


@pytest.fixture(scope="module")
def taxonomy():
    return load_taxonomy(None)


def test_renamed_bodies_go_by_their_current_name():
    assert current_name("Conseil général de l’Essonne") == "Conseil départemental de l'Essonne"
    assert current_name("Conseil général du Nord") == "Conseil départemental du Nord"
    assert current_name("Ville d’Évry") == "Ville d'Évry-Courcouronnes"
    assert current_name("  Association   Lakou ") == "Association Lakou"
    assert current_name("Conseil départemental de l'Essonne") == "Conseil départemental de l'Essonne"
    assert current_name("") == ""


def test_old_and_new_council_are_one_facet_value(taxonomy):
    old = CatalogueEntry(path="a.pdf", row=2, organisation="Conseil général de l’Essonne")
    new = CatalogueEntry(path="b.pdf", row=3, organisation="Conseil départemental de l'Essonne")
    fingerprint = Fingerprint(size=1, mtime_ns=1, sha256="0" * 64)
    records = [build_record(e.path, "pdf", fingerprint, Extracted(pages=("Texte.",)), e, taxonomy) for e in (old, new)]
    assert {r.organisation for r in records} == {"Conseil départemental de l'Essonne"}


def test_the_body_named_most_wins_over_the_first_partner():
    text = ("Avec l'association Wend-Panga, partenaire local.\n"
            "L'association Koulenga finance la cantine. Koulenga a réuni ses membres. Merci à Koulenga, "
            "de la part de Koulenga. Koulenga.")
    assert detect_organisation(text) == "Association Koulenga"
    # otherwise the first named
    assert detect_organisation("L'association Wend-Panga et l'association Koulenga.") == "Association Wend-Panga"


def test_a_body_written_out_before_its_sigle():
    text = ("Créée en 2024, la Plateforme des ONG Nationales Actives dans l’Humanitaire (PONAH) regroupe 151 ONG. "
            "La PONAH recrute. Le Centre de Santé et de Promotion Sociale (CSPS) du village, le CSPS, le CSPS.")
    assert detect_organisation(text) == "Plateforme des ONG Nationales Actives dans l’Humanitaire (PONAH)"


def test_quoted_names_title_heads_and_sigles_in_use():
    statutes = 'STATUTS DE L\'ASSOCIATION "LIENS CULTURELS"\nArticle 1. Liens Culturels a pour objet…'
    assert detect_organisation(statutes) == "Liens Culturels"
    title = "KOULENGA : compte rendu de l'assemblée générale 2019"
    text = "Les membres de Koulenga se sont réunis. Koulenga remercie ses donateurs."
    assert detect_organisation(text, title) == "Koulenga"
    # a genre is not a name
    news = "Newsletter - Lettre d'informations n° 4"
    assert detect_organisation("Cette newsletter… Newsletter", news, is_genre=lambda s: "letter" in s.lower()) == ""
    quoted = "Règlement de l’association de bienfaisance « Initiative humanitaire internationale »"
    assert detect_organisation("Texte sur le règlement.", quoted, "Statuts IHI") == \
        "Initiative humanitaire internationale (IHI)"


def test_a_common_word_is_not_counted_as_a_name():
    # "Association Sur…" from a broken line must not win because "sur" is everywhere
    text = "Association Sur\nL'association « Aide Mutuelle » agit sur place, sur le terrain, sur demande. Aide Mutuelle."
    assert detect_organisation(text) == "Aide Mutuelle"
