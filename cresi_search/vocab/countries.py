"""Countries: ISO 3166-1 alpha-2 codes, French labels from Babel, aliases and detection.

Detection counts the names, adjectives and towns of each country in a text and keeps
the countries the text is about, not those it mentions in passing. France is special:
nearly every CRESI document names the Essonne, so France is kept only when no other
country is found or when France clearly dominates.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

from babel import Locale

from cresi_search.vocab import country_aliases as facts
from cresi_search.french.normalise import comparable
from cresi_search.french.words import PhraseMatcher, Word, phrase, words

# Babel territories with a two-letter key that are not countries or territories of
# ISO 3166-1 (exceptional reservations, groupings, pseudo-locales, "unknown").
NOT_ISO_3166 = frozenset(
    {"AC", "CP", "CQ", "DG", "EA", "EU", "EZ", "IC", "QO", "TA", "UN", "XA", "XB", "ZZ"}
)

FRANCE = "FR"
TITLE_WEIGHT = 3  # a name in the title counts as much as three in the text
MIN_HITS = 2  # a country named once is a passing mention
RELATIVE_THRESHOLD = 0.3  # of the top country's score
FRANCE_DOMINANCE = 2.0  # France kept beside other countries only when this far ahead
MAX_COUNTRIES = 4
MAX_CHARS = 400_000  # detection reads the beginning of very long texts only


@lru_cache(maxsize=1)
def country_labels() -> dict[str, str]:
    """Every country code with its French label, as Babel's French locale names them."""
    territories = Locale("fr").territories
    return {
        code: label
        for code, label in territories.items()
        if len(code) == 2 and code.isalpha() and code not in NOT_ISO_3166
    }


def country_label(code: str) -> str:
    """French label of a code ("HT" -> "Haïti"); the code itself when unknown."""
    return country_labels().get(code.upper(), code)


def adjective_forms(masculine: str) -> list[str]:
    """The four forms of an inhabitants' adjective: "malien" -> malien, malienne, maliens, maliennes."""
    if masculine.endswith("è"):
        return [masculine, masculine + "s"]  # "burkinabè" is invariable in gender
    if masculine.endswith("en"):
        feminine = masculine + "ne"
    elif masculine.endswith("e"):
        feminine = masculine
    else:
        feminine = masculine + "e"
    plural = masculine if masculine.endswith("s") else masculine + "s"
    forms = [masculine, feminine, plural, feminine + "s"]
    return list(dict.fromkeys(forms))


def _label_names(label: str) -> list[str]:
    """Names to look for from a Babel label: "Myanmar (Birmanie)" -> Myanmar, Birmanie."""
    inside = re.findall(r"\(([^)]*)\)", label)
    outside = re.sub(r"\s*\([^)]*\)", "", label).strip()
    return [outside, *inside]


@lru_cache(maxsize=1)
def _alias_table() -> dict[str, list[str]]:
    table: dict[str, list[str]] = {}
    for code, adjectives in facts.ADJECTIVES.items():
        for adjective in adjectives:
            table.setdefault(code, []).extend(adjective_forms(adjective))
    for names in (facts.OTHER_NAMES, facts.PLACES):
        for code, places in names.items():
            table.setdefault(code, []).extend(places)
    return {code: list(dict.fromkeys(names)) for code, names in table.items()}


def aliases(code: str) -> list[str]:
    """Other words for a country (adjectives, capitals, towns), to make searches find it."""
    return list(_alias_table().get(code.upper(), []))


def _all_names() -> list[tuple[str, str]]:
    """(name, code) pairs: Babel labels first, then the hand-kept aliases."""
    pairs = [(name, code) for code, label in country_labels().items() for name in _label_names(label)]
    pairs += [(name, code) for code, names in _alias_table().items() for name in names]
    return pairs


@lru_cache(maxsize=1)
def _resolver() -> PhraseMatcher[str]:
    return PhraseMatcher(_all_names())


@lru_cache(maxsize=1)
def _detector() -> PhraseMatcher[str]:
    blocked = {phrase(n) for n in facts.NOT_DETECTED}
    matcher: PhraseMatcher[str] = PhraseMatcher((n, None) for n in facts.NOT_A_COUNTRY)
    for name, code in _all_names():
        if phrase(name) not in blocked:
            matcher.add(name, code)
    return matcher


def resolve_country(value: str) -> str | None:
    """A code from a code, a French name (accents optional) or an alias; None when unknown."""
    value = value.strip()
    if len(value) == 2 and value.upper() in country_labels():
        return value.upper()
    return _resolver().get(value)


_WEAK = frozenset(phrase(n) for n in facts.WEAK_NAMES)
_RIVERS = frozenset(phrase(n) for n in facts.RIVER_NAMES)
_RIVER_WORDS = frozenset(comparable(w) for w in facts.RIVER_WORDS)
_NEEDS_CAPITAL = frozenset(phrase(n) for n in facts.NEEDS_CAPITAL)


def _counts(ws: Sequence[Word]) -> tuple[Counter[str], Counter[str]]:
    """(strong, weak) hit counts per country in one word list."""
    strong: Counter[str] = Counter()
    weak: Counter[str] = Counter()
    for start, end, code in _detector().find(ws):
        if code is None:
            continue
        key = tuple(w.norm for w in ws[start:end])
        if key in _RIVERS and _RIVER_WORDS.intersection(w.norm for w in ws[max(0, start - 3) : start]):
            continue  # "le fleuve Niger", "le delta intérieur du Niger"
        if key in _NEEDS_CAPITAL and not ws[end - 1].capital:
            continue  # "la réunion du comité"
        (weak if key in _WEAK else strong)[code] += 1
    return strong, weak


def country_scores(text: str, title: str = "") -> Counter[str]:
    """Weighted number of times each country is named (title words count more)."""
    scores: Counter[str] = Counter()
    weak: Counter[str] = Counter()
    for ws, weight in ((words(title), TITLE_WEIGHT), (words(text[:MAX_CHARS]), 1)):
        strong_hits, weak_hits = _counts(ws)
        for code, n in strong_hits.items():
            scores[code] += n * weight
        for code, n in weak_hits.items():
            weak[code] += n * weight
    for code, n in weak.items():
        if scores[code]:
            scores[code] += n
    return scores


def choose_countries(scores: Counter[str], min_hits: int = MIN_HITS) -> list[str]:
    """The countries a document is about, best first, from their scores."""
    scores = Counter({c: s for c, s in scores.items() if s > 0})
    france = scores.pop(FRANCE, 0)
    top = max(scores.values(), default=0)
    ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
    chosen = [c for c, s in ranked if s >= min_hits and s >= RELATIVE_THRESHOLD * top]
    if france >= min_hits and (not chosen or france >= FRANCE_DOMINANCE * top):
        chosen = [FRANCE] + [c for c in chosen if scores[c] >= RELATIVE_THRESHOLD * france]
    return chosen[:MAX_COUNTRIES]


def detect_countries(text: str, title: str = "", min_hits: int = MIN_HITS) -> list[str]:
    """Codes of the countries a text is about, best first (at most four)."""
    return choose_countries(country_scores(text, title), min_hits)
