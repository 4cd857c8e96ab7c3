"""A reproducible mix of search-box queries, drawn from the corpus vocabulary.

One to three words (common, rare, place names), quoted phrases of the domain, and zero
to two facet filters (MIX_FACETS), in the proportions staff would type them. The same
seed gives the same queries.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from bench import vocab_fr as V
from bench.lexicon import all_words, lexicon
from cresi_search.facets import BY_NAME, FACETS

TYPE_CODES = ("guide", "fiche-outil", "rapport-evaluation", "compte-rendu-mission", "rapport-projet")
# The facets the mix filters on: the coded ones and the year (never the organisation,
# as in every earlier run, so that the figures compare).
MIX_FACETS = tuple(f.name for f in FACETS if f.coded or f.name == "year")


@dataclass(frozen=True)
class Query:
    text: str
    filters: tuple[tuple[str, str], ...] = ()  # (facet name, value), in MIX_FACETS order
    kind: str = ""  # "1 mot", "2 mots", "3 mots", "phrase" (for the report)

    def by_facet(self) -> dict[str, list[str]]:
        """Facet name -> values, as SearchRequest.filters and the URL take them."""
        chosen: dict[str, list[str]] = {}
        for name, value in self.filters:
            chosen.setdefault(name, []).append(value)
        return chosen

    def label(self) -> str:
        return " | ".join([self.text, *(f"{BY_NAME[name].prefixes[0]}={v}" for name, v in self.filters)])


@dataclass
class _Pools:
    words: list[str]
    common: list[str]
    places: list[str]
    phrases: list[str] = field(default_factory=list)


def _pools() -> _Pools:
    lex = lexicon()
    common = [n.sing for n in lex.nouns[:40]] + [n.sing for t in lex.themes.values() for n in t.nouns[:5]]
    places = [V.COUNTRIES[c][0] for c in V.COUNTRIES]
    places += [t.replace("_", " ") for c in V.COUNTRIES for t in V.COUNTRIES[c][2].split()]
    phrases = [p for t in lex.themes.values() for p in t.phrases]
    return _Pools(all_words(), common, places, phrases)


def make_queries(count: int = 200, seed: int = 1) -> list[Query]:
    rng = random.Random(f"queries:{seed}")
    pools = _pools()
    return [_one(rng, pools) for _ in range(count)]


def _word(rng: random.Random, pools: _Pools) -> str:
    r = rng.random()
    if r < 0.35:
        return rng.choice(pools.common)
    if r < 0.5:
        return rng.choice(pools.places)
    return rng.choice(pools.words)


def _one(rng: random.Random, pools: _Pools) -> Query:
    r = rng.random()
    if r < 0.4:
        kind, text = "1 mot", _word(rng, pools)
    elif r < 0.65:
        kind, text = "2 mots", f"{_word(rng, pools)} {_word(rng, pools)}"
    elif r < 0.8:
        kind, text = "3 mots", " ".join(_word(rng, pools) for _ in range(3))
    else:
        phrase = rng.choice(pools.phrases)
        kind, text = "phrase", f'"{phrase}"' if rng.random() < 0.7 else f'"{phrase}" {_word(rng, pools)}'
    count = rng.choices((0, 1, 2), weights=(50, 35, 15))[0]
    picked = [(name, _filter_value(rng, name)) for name in rng.sample(MIX_FACETS, count)]
    return Query(text, tuple(sorted(picked, key=lambda p: MIX_FACETS.index(p[0]))), kind=kind)


def _filter_value(rng: random.Random, facet: str) -> str:
    if facet == "country":
        return rng.choice(list(V.COUNTRIES))
    if facet == "theme":
        return rng.choice(list(V.THEMES))
    if facet == "type":
        return rng.choice(TYPE_CODES)
    return str(rng.randint(1998, 2025))
