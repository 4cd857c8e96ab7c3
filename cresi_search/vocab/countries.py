"""Countries: ISO 3166-1 alpha-2 codes, French labels from Babel, aliases and detection.

Detection counts the names, adjectives and towns of each country in a text and keeps
the countries the text is about, not those it mentions in passing. France is special:
nearly every CRESI document names the Essonne, so France is kept only when no other
country is found or when France clearly dominates.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from functools import lru_cache

from babel import Locale

from cresi_search.vocab import country_aliases as facts
from cresi_search.french.normalise import comparable
from cresi_search.french.words import PhraseMatcher, Word, phrase, words
from cresi_search.vocab.gazetteer import places

# Babel territories with a two-letter key that are not countries or territories of
# ISO 3166-1 (exceptional reservations, groupings, pseudo-locales, "unknown").
NOT_ISO_3166 = frozenset(
    {"AC", "CP", "CQ", "DG", "EA", "EU", "EZ", "IC", "QO", "TA", "UN", "XA", "XB", "ZZ"}
)

FRANCE = "FR"
TITLE_WEIGHT = 3  # a name in the title counts as much as three in the text
MIN_HITS = 2  # a country named once is a passing mention
RELATIVE_THRESHOLD = 0.3  # of the top country's score
FRANCE_DOMINANCE = 2.0  # France put first, before other countries, when this far ahead
FRANCE_BESIDE = RELATIVE_THRESHOLD  # France kept after them when named, not counting the Essonne, this much
HOME = "home"  # France's hits that name the Essonne
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
_LEGAL_WORDS = frozenset(comparable(w) for w in facts.LEGAL_WORDS)
_TITLES = frozenset(comparable(w) for w in facts.PERSON_TITLES)
_FOREIGN = frozenset({"the", "of"})  # "Save the Children", "the Women's Guild of Vienna"
LEGAL_SPAN = 3  # "la loi française", "les lois et décrets français", "en vigueur en France"
FIRST_PAGE_CHARS = 3000  # a town named there counts even once
# A line that gives an address: a postcode before a town, a post-office box, a telephone
# number, an e-mail, a street with its number. It says where someone writes from.
_ADDRESS = re.compile(
    r"\b\d{5}\s+[A-ZÉÈ]|\b[BC]\.?\s?P\.?\s?\d+|\bt[ée]l(?:[ée]phone)?\b\.?\s*:?\s*[+(]?\d|@"
    r"|\b\d+(?:\s?(?:bis|ter))?,?\s+(?:rue|avenue|boulevard|bd|allée|chemin|impasse|route)\b",
    re.IGNORECASE,
)
ADDRESS_LINE_CHARS = 120


@lru_cache(maxsize=1)
def _home_keys() -> frozenset[tuple[str, ...]]:
    return frozenset(phrase(form) for name in facts.HOME_NAMES for form in adjective_forms(name)
                     if name in facts.ADJECTIVES.get(FRANCE, ())) | frozenset(
        phrase(name) for name in facts.HOME_NAMES)


@lru_cache(maxsize=1)
def _adjective_keys() -> frozenset[tuple[str, ...]]:
    return frozenset(phrase(form) for adjectives in facts.ADJECTIVES.values()
                     for adjective in adjectives for form in adjective_forms(adjective))


def without_addresses(text: str) -> str:
    """The text without its short address lines (a country named there is where the
    author lives, not what the document is about)."""
    if not _ADDRESS.search(text):
        return text
    return "\n".join(line for line in text.split("\n")
                     if len(line) > ADDRESS_LINE_CHARS or not _ADDRESS.search(line))


def _ignored(ws: Sequence[Word], start: int, end: int, key: tuple[str, ...]) -> bool:
    """A mention that does not point to the place: a river, a lower-case word, the law or
    the language of a country ("la loi française", "rédigé en français")."""
    before = {w.norm for w in ws[max(0, start - LEGAL_SPAN) : start]}
    if key in _RIVERS and _RIVER_WORDS.intersection(w.norm for w in ws[max(0, start - 3) : start]):
        return True  # "le fleuve Niger", "le delta intérieur du Niger"
    if key in _NEEDS_CAPITAL and not ws[end - 1].capital:
        return True  # "la réunion du comité"
    if _LEGAL_WORDS.intersection(before):
        return True
    return key in _adjective_keys() and start > 0 and ws[start - 1].norm == "en"


def _counts(ws: Sequence[Word]) -> tuple[Counter[str], Counter[str], set[int]]:
    """(strong, weak) hit counts per country in one word list, and the positions taken."""
    strong: Counter[str] = Counter()
    weak: Counter[str] = Counter()
    taken: set[int] = set()
    for start, end, code in _detector().find(ws):
        taken.update(range(start, end))
        if code is None:
            continue
        key = tuple(w.norm for w in ws[start:end])
        if not _ignored(ws, start, end, key):
            (weak if key in _WEAK else strong)[HOME if key in _home_keys() else code] += 1
    return strong, weak, taken


@lru_cache(maxsize=1)
def _longest_place() -> int:
    return max((len(key) for key in places()), default=0)


def _place_hits(ws: Sequence[Word], taken: set[int]) -> Iterator[tuple[int, tuple[str, ...], tuple[str, bool]]]:
    """(position, name, (country, weak)) of the gazetteer's towns in a word list: written
    with a capital, not where a country name was found, not part of a person's name ("Mme
    Florence", "Florence Dupont", "Moussa Keita")."""
    table, longest, n = places(), _longest_place(), len(ws)
    i = 0
    while i < n:
        if not ws[i].capital or i in taken:
            i += 1
            continue
        for size in range(min(longest, n - i), 0, -1):
            key = tuple(w.norm for w in ws[i : i + size])
            code = table.get(key)
            if code is None or taken.intersection(range(i, i + size)):
                continue
            person = i > 0 and ws[i - 1].norm in _TITLES
            person = person or _FOREIGN.intersection(w.norm for w in ws[max(0, i - 1) : i + size + 1])
            if size == 1 and not person:
                person = any(0 <= j < n and j not in taken and _name_word(ws[j]) and (ws[j].norm,) not in table
                             for j in (i - 1, i + 1))
            if not person:
                yield i, key, code
            i += size - 1
            break
        i += 1


def _name_word(word: Word) -> bool:
    """A capitalised word that may be part of a person's name (not "Les" starting a sentence)."""
    from cresi_search.index.analysis import french_stop_words

    return word.capital and word.norm not in french_stop_words()


def country_scores(text: str, title: str = "") -> Counter[str]:
    """Weighted number of times each country is named (title words count more)."""
    return country_evidence(text, title)[0]


def country_evidence(text: str, title: str = "") -> tuple[Counter[str], float]:
    """(weighted number of times each country is named, the part of France's that names
    the Essonne). Title words count more; a town of the gazetteer counts when it is named
    twice, or in the title or the first page."""
    scores: Counter[str] = Counter()
    home = 0.0
    weak: Counter[str] = Counter()
    text = without_addresses(text[:MAX_CHARS])
    front = len(words(text[:FIRST_PAGE_CHARS]))
    towns: Counter[tuple[str, ...]] = Counter()
    town_weight: Counter[tuple[str, ...]] = Counter()
    town_country: dict[tuple[str, ...], tuple[str, bool]] = {}
    in_front: set[tuple[str, ...]] = set()
    for ws, weight, limit in ((words(title), TITLE_WEIGHT, None), (words(text), 1, front)):
        strong_hits, weak_hits, taken = _counts(ws)
        home += strong_hits.pop(HOME, 0) * weight
        for code, n in strong_hits.items():
            scores[code] += n * weight
        for code, n in weak_hits.items():
            weak[code] += n * weight
        for position, key, code in _place_hits(ws, taken):
            towns[key] += 1
            town_weight[key] += weight
            town_country[key] = code
            if limit is None or position < limit:
                in_front.add(key)
    for key, n in towns.items():
        code, small = town_country[key]
        if n >= 2 or key in in_front:
            (weak if small else scores)[code] += town_weight[key]
    for code, n in weak.items():
        if scores[code]:
            scores[code] += n
    if home:
        scores[FRANCE] += home
    return scores, home


def choose_countries(scores: Counter[str], min_hits: int = MIN_HITS, home: float = 0) -> list[str]:
    """The countries a document is about, best first, from their scores; `home` is the
    part of France's score that names the Essonne (facts.HOME_NAMES)."""
    scores = Counter({c: s for c, s in scores.items() if s > 0})
    france = scores.pop(FRANCE, 0)
    top = max(scores.values(), default=0)
    ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
    chosen = [c for c, s in ranked if s >= min_hits and s >= RELATIVE_THRESHOLD * top]
    if france >= min_hits and (not chosen or france >= FRANCE_DOMINANCE * top):
        chosen = [FRANCE] + [c for c in chosen if scores[c] >= RELATIVE_THRESHOLD * france]
    elif chosen and france - home >= max(min_hits, FRANCE_BESIDE * top):
        chosen = chosen[: MAX_COUNTRIES - 1] + [FRANCE]  # France named for itself, beside the others
    return chosen[:MAX_COUNTRIES]


def detect_countries(text: str, title: str = "", min_hits: int = MIN_HITS) -> list[str]:
    """Codes of the countries a text is about, best first (at most four)."""
    scores, home = country_evidence(text, title)
    return choose_countries(scores, min_hits, home)
