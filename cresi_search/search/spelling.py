"""The words of the index as people write them: spelling suggestions and prefixes.

The `surface` fields keep lower-cased words with their accents. Suggestions are found
in folded space (so "cooperatoin" finds "cooperation") and shown in the most frequent
accented form ("coopération"): a stemmed field would suggest stems instead.
Built once per index state and audience, from the surface fields that audience may read
(anonymous visitors: only `surface`, the words of public documents).
"""

from __future__ import annotations

from bisect import bisect_left
from itertools import islice

from whoosh.spelling import ListCorrector

from cresi_search.french.normalise import fold

MIN_WORD_CHARS = 4
MAX_CANDIDATES = 8


class Vocabulary:
    """Folded word -> (most frequent accented form, total frequency)."""

    def __init__(self, reader, fields: tuple[str, ...] = ("surface",)) -> None:
        weights: dict[str, float] = {}  # accented word -> frequency over the fields
        for name in fields:
            if name not in reader.schema:
                continue
            for btext, info in reader.iter_field(name):
                word = btext.decode("utf-8") if isinstance(btext, bytes) else btext
                weights[word] = weights.get(word, 0.0) + info.weight()
        best: dict[str, tuple[float, str]] = {}
        totals: dict[str, float] = {}
        for word, weight in weights.items():
            key = fold(word)
            totals[key] = totals.get(key, 0.0) + weight
            if key not in best or weight > best[key][0]:
                best[key] = (weight, word)
        self._forms = {key: word for key, (_, word) in best.items()}
        self._freq = totals
        self._sorted = sorted(self._forms)
        self._corrector = ListCorrector(self._sorted)

    def __len__(self) -> int:
        return len(self._sorted)

    def __contains__(self, word: str) -> bool:
        return fold(word.lower()) in self._freq

    def accented(self, folded: str) -> str:
        return self._forms.get(folded, folded)

    def with_prefix(self, folded_prefix: str, limit: int) -> list[str]:
        """Up to `limit` folded words starting with the prefix, most frequent first."""
        start = bisect_left(self._sorted, folded_prefix)
        matches = []
        for word in islice(self._sorted, start, None):
            if not word.startswith(folded_prefix):
                break
            matches.append(word)
        matches.sort(key=lambda w: -self._freq[w])
        return matches[:limit]

    def correct(self, word: str, max_edits: int | None = None) -> str | None:
        """The accented correction of a misspelt word, or None when it looks fine.

        With `max_edits`, only a correction within that many edits (a swap of two
        neighbouring letters is one) is returned.
        """
        folded = fold(word.lower())
        if len(folded) < MIN_WORD_CHARS or not folded.isalpha() or folded in self._freq:
            return None
        if not self._sorted:  # Whoosh's ListCorrector fails on an empty list
            return None
        maxdist = 2 if len(folded) > 5 else 1
        candidates = self._corrector.suggest(
            folded, limit=MAX_CANDIDATES, maxdist=maxdist, prefix=1
        )
        candidates += [w for w in _swaps(folded) if w in self._freq]  # "sfxa" -> "sfax"
        if not candidates:
            return None
        best = min(candidates, key=lambda c: (edit_distance(folded, c), -self._freq[c], c))
        if max_edits is not None and edit_distance(folded, best) > max_edits:
            return None
        return self._forms[best]


def _swaps(word: str) -> list[str]:
    """The word with two neighbouring letters swapped, at each position."""
    return [word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(len(word) - 1)]


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance with adjacent transpositions (small words only)."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        row = [i] + [0] * len(b)
        for j, cb in enumerate(b, start=1):
            cost = 0 if ca == cb else 1
            row[j] = min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                row[j] = min(row[j], prev2[j - 2] + 1)
        prev2, prev = prev, row
    return prev[-1]
