"""French text analysis: one analyzer chain shared by indexing and querying.

Order matters (see docs/french-analysis.md): tokens are lower-cased, elisions are
stripped, accents and ligatures are folded, stop words dropped, and only then stemmed.
Folding before the stemmer is what makes "décentralisée" and "decentralisee" give the
same term whatever the stemmer does with accents.
"""

from __future__ import annotations

from functools import lru_cache

from whoosh.analysis import Filter, RegexTokenizer
from whoosh.lang import stemmer_for_language
from whoosh.lang.stopwords import stoplists

from cresi_search.french.normalise import WORD, WORD_PATTERN, comparable, fold, singular, strip_elision

# Bump when the terms this module produces or the schema's fields change: indexes built
# with another version are rebuilt by the next `cresi-index update` (from the extraction
# cache). 3: the type facet's field is named "type", as everywhere else. 4: sort_title
# and indexed columns. 5: present participles kept whole; the `exact` field. 6: the
# `access` field, and the surface words of team-only documents in their own field.
# 7: the `near` field (text fingerprints of near-identical copies, cresi_search/nearcopy.py).
ANALYSIS_VERSION = 7

# Common words missing from Whoosh's French list.
EXTRA_STOP_WORDS = frozenset({"les", "cette", "cet", "quoi", "dont", "ou", "ils", "elles", "leurs", "ceux", "celle", "celles"})

# Stop words that carry meaning for this corpus and must stay searchable.
KEPT_WORDS = frozenset({"ete", "etre", "avoir", "pas", "sans", "contre", "entre"})


# A present participle is often a word of its own: "montant" (an amount) is not "monter",
# "courant" not "cours", "important" not "importer". Snowball strips "-ant" and merges
# them; such words are kept whole (their feminine and plural still meet).
_PARTICIPLE_MIN = 6  # "avant", "sante" (santé) are left to Snowball


def _is_participle(folded: str) -> bool:
    return len(folded) >= _PARTICIPLE_MIN and folded.endswith(("ant", "ante"))


def _trim_trailing_e(stem: str) -> str:
    """Drops the trailing "e"s the stemmer leaves on folded words ("decentralisee").

    The Snowball rules expect "ée"/"é"; once folded, such endings survive stemming, so
    "décentralisée" and "décentralisé" would differ. Short stems are kept as they are.
    """
    while len(stem) > 4 and stem.endswith("e"):
        stem = stem[:-1]
    return stem


class FrenchTermFilter(Filter):
    """Lower case, elision, folding, stop words, stemming — one step, memoised per word.

    Equivalent to chaining Whoosh's Lowercase/Stop/Stem filters with our elision and
    folding filters, but a word seen before costs one dict look-up instead of six
    generator steps: analysis is most of the indexing job's own CPU time.
    Positions are renumbered without the stop words, as Whoosh's StopFilter does.
    """

    MAX_CACHE = 300_000

    def __init__(self) -> None:
        self._stops = french_stop_words()
        self._stem = stemmer_for_language("fr")
        self._cache: dict[str, str | None] = {}

    def term(self, word: str) -> str | None:
        """The index term of one token as the tokenizer found it; None for a stop word."""
        term = self._cache.get(word, _UNSEEN)
        if term is _UNSEEN:
            folded = fold(strip_elision(word.lower()))
            term = None if not folded or folded in self._stops else self._stem_word(folded)
            if len(self._cache) >= self.MAX_CACHE:
                self._cache.clear()
            self._cache[word] = term
        return term

    def _stem_word(self, folded: str) -> str:
        # Snowball stems "potager" to "potag" but "potagers" to "potager": drop the
        # plural mark first, so singular and plural always meet.
        # ("-aux" is left to Snowball, which maps "nationaux" to "national".)
        if not folded.endswith("aux"):
            folded = singular(folded)
        if _is_participle(folded):
            return _trim_trailing_e(folded)
        return _trim_trailing_e(self._stem(folded))

    def __call__(self, tokens):
        pos = 0
        for t in tokens:
            term = self.term(t.text)
            if term is None:
                continue
            t.text = term
            t.stopped = False
            if t.positions:
                t.pos = pos
                pos += 1
            yield t


# -- words as typed ---------------------------------------------------------------------------
# The `exact` field holds every word as typed, compared the way the whole site compares
# words (`comparable`: lower case, accents folded, elision and plural mark dropped) but
# neither stemmed nor stripped of stop words: a quoted phrase is matched there, so
# "monter un projet" never finds "montant", and "comité de gestion" needs its "de".
EXACT_GAP = "¦"  # between title, summary, keywords and text: no phrase spans two of them


@lru_cache(maxsize=300_000)
def exact_term(word: str) -> str:
    """The `exact` term of one word as the tokenizer found it ("" when nothing is left)."""
    return comparable(word)


def exact_terms(text: str) -> list[str]:
    """The `exact` terms of a text, in order (a term's index is its position)."""
    return [t for t in map(exact_term, WORD.findall(text)) if t]


class ExactFilter(Filter):
    """Tokens as `exact_terms` makes them (for queries on the `exact` field)."""

    def __call__(self, tokens):
        pos = 0
        for t in tokens:
            t.text = exact_term(t.text)
            if t.text:
                if t.positions:
                    t.pos = pos
                    pos += 1
                yield t


def exact_analyzer():
    return RegexTokenizer(WORD_PATTERN) | ExactFilter()


class SurfaceFilter(Filter):
    """Lower-cased words without elision, accents kept (for suggestions shown to people)."""

    def __call__(self, tokens):
        for t in tokens:
            t.text = strip_elision(t.text.lower())
            if t.text:
                yield t


_UNSEEN = object()


@lru_cache(maxsize=1)
def french_stop_words() -> frozenset[str]:
    """Whoosh's French stop list, folded, minus the words that carry meaning here."""
    return (frozenset(fold(w) for w in stoplists["fr"]) | EXTRA_STOP_WORDS) - KEPT_WORDS


_INDEX_FILTER = FrenchTermFilter()


def index_terms(text: str) -> list[str]:
    """The terms `french_analyzer()` makes of `text`, in order: a term's index in the list
    is its position. Whoosh indexes such a list as given, so a document's pages are
    analysed once for their page entries and their concatenation serves the document
    entry, without Whoosh's token objects (docs/benchmarks.md)."""
    term = _INDEX_FILTER.term
    return [t for t in map(term, WORD.findall(text)) if t is not None]


def distinct_words(text: str) -> str:
    """Each word once, lower-cased: the `surface` field only needs to know which words a
    document has (for suggestions), so analysing every occurrence would be wasted work."""
    return " ".join(dict.fromkeys(WORD.findall(text.lower())))


def french_analyzer():
    """The analyzer of the searchable text fields: stemmed, folded, without stop words."""
    return RegexTokenizer(WORD_PATTERN) | FrenchTermFilter()


def surface_analyzer():
    """Lower-cased words with their accents, for spelling suggestions shown to people."""
    return RegexTokenizer(WORD_PATTERN) | SurfaceFilter()
