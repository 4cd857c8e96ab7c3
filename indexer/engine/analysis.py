"""French text analysis: one analyzer chain shared by indexing and querying.

Order matters (see docs/french-analysis.md): tokens are lower-cased, elisions are
stripped, accents and ligatures are folded, stop words dropped, and only then stemmed.
Folding before the stemmer is what makes "décentralisée" and "decentralisee" give the
same term whatever the stemmer does with accents.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from whoosh.analysis import (
    Filter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
)
from whoosh.lang.stopwords import stoplists

# Words with an apostrophe stay one token ("aujourd'hui"); elisions are removed below.
TOKEN_PATTERN = r"\w+(?:['’]\w+)*"

ELISION = re.compile(r"^(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu|quoiqu)['’]", re.IGNORECASE)

# Common words missing from Whoosh's French list.
EXTRA_STOP_WORDS = frozenset({"les", "cette", "cet", "quoi", "dont", "ou", "ils", "elles", "leurs", "ceux", "celle", "celles"})

# Stop words that carry meaning for this corpus and must stay searchable.
KEPT_WORDS = frozenset({"ete", "etre", "avoir", "pas", "sans", "contre", "entre"})

_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss", "’": "'"})


@lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """Remove accents and expand ligatures: "Cœur d'Haïti" -> "Coeur d'Haiti"."""
    text = text.translate(_LIGATURES)
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def strip_elision(word: str) -> str:
    """Drop a leading French elision: "l'eau" -> "eau", "qu’il" -> "il"."""
    return ELISION.sub("", word, count=1)


class ElisionFilter(Filter):
    """Strips French elisions (l', d', qu', j'…) from the start of each token."""

    def __call__(self, tokens):
        for t in tokens:
            t.text = strip_elision(t.text)
            if t.text:
                yield t


class TrailingEFilter(Filter):
    """Drops the trailing "e"s the stemmer leaves on folded words ("decentralisee").

    The Snowball rules expect "ée"/"é"; once folded, such endings survive stemming, so
    "décentralisée" and "décentralisé" would differ. Short stems are kept as they are.
    """

    def __call__(self, tokens):
        for t in tokens:
            text = t.text
            while len(text) > 4 and text.endswith("e"):
                text = text[:-1]
            t.text = text
            yield t


class FoldFilter(Filter):
    """Folds accents and ligatures (é→e, œ→oe) so spelling variants share one term."""

    def __call__(self, tokens):
        for t in tokens:
            t.text = fold(t.text)
            yield t


def french_stop_words() -> frozenset[str]:
    """Whoosh's French stop list, folded, minus the words that carry meaning here."""
    return (frozenset(fold(w) for w in stoplists["fr"]) | EXTRA_STOP_WORDS) - KEPT_WORDS


def _base_chain():
    return RegexTokenizer(TOKEN_PATTERN) | LowercaseFilter() | ElisionFilter()


def french_analyzer():
    """The analyzer of the searchable text fields: stemmed, folded, without stop words."""
    return (
        _base_chain()
        | FoldFilter()
        | StopFilter(stoplist=french_stop_words(), minsize=1)
        | StemFilter(lang="fr", cachesize=100_000)
        | TrailingEFilter()
    )


def surface_analyzer():
    """Lower-cased words with their accents, for spelling suggestions shown to people."""
    return _base_chain()
