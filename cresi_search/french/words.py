"""Names and keywords found in French text, word by word (countries, themes, types).

Text and vocabulary go through the same normalisation — accents folded, lower case,
elision removed ("l'eau" -> "eau"), one final "s" or "x" dropped ("ordures" -> "ordure")
— so a keyword written once in the singular also finds its plural, with or without
accents. Multi-word names ("Port-au-Prince", "eau potable") match as word sequences,
hence always on word boundaries.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from cresi_search.french.normalise import WORD, comparable, strip_elision

T = TypeVar("T")


@dataclass(frozen=True)
class Word:
    """One word of a text: its normalised form and whether it was written with a capital."""

    norm: str
    capital: bool


def words(text: str) -> list[Word]:
    """The words of a text in order, underscores counting as spaces (file names)."""
    cache = _WORDS
    result = []
    for raw in WORD.findall(text.replace("_", " ")):
        word = cache.get(raw, _UNSEEN)
        if word is _UNSEEN:
            word = _word(raw)
            if len(cache) >= _CACHE_SIZE:
                cache.clear()
            cache[raw] = word
        if word is not None:
            result.append(word)
    return result


def _word(raw: str) -> Word | None:
    raw = strip_elision(raw)
    norm = comparable(raw)
    return Word(norm, raw[:1].isupper()) if norm else None


# Detection reads every word of every document: a word seen before costs one look-up.
_WORDS: dict[str, Word | None] = {}
_CACHE_SIZE = 300_000
_UNSEEN = object()


def phrase(text: str) -> tuple[str, ...]:
    """The normalised word sequence of a name or keyword."""
    return tuple(w.norm for w in words(text))


class PhraseMatcher(Generic[T]):
    """Finds known phrases in a word list, longest first, without overlaps.

    A phrase can map to None: it is then recognised only to be ignored ("golfe de
    Guinée" is not Guinea, "par rapport à" is not a report).
    """

    def __init__(self, entries: Iterable[tuple[str, T | None]] = ()) -> None:
        self._phrases: dict[tuple[str, ...], T | None] = {}
        self._first_words: set[str] = set()
        self._longest = 0
        for text, value in entries:
            self.add(text, value)

    def add(self, text: str, value: T | None, replace: bool = False) -> None:
        """Registers a phrase; the first value given for a phrase is kept unless `replace`."""
        key = phrase(text)
        if not key or (key in self._phrases and not replace):
            return
        self._phrases[key] = value
        self._first_words.add(key[0])
        self._longest = max(self._longest, len(key))

    def get(self, text: str) -> T | None:
        """The value of a phrase given as a whole (None when unknown or ignored)."""
        return self._phrases.get(phrase(text))

    def __contains__(self, text: str) -> bool:
        return phrase(text) in self._phrases

    def find(self, ws: Sequence[Word]) -> Iterator[tuple[int, int, T | None]]:
        """Yields (start, end, value) for each match, scanning left to right."""
        norms = [w.norm for w in ws]
        i = 0
        while i < len(norms):
            if norms[i] in self._first_words:
                for size in range(min(self._longest, len(norms) - i), 0, -1):
                    key = tuple(norms[i : i + size])
                    if key in self._phrases:
                        yield i, i + size, self._phrases[key]
                        i += size
                        break
                else:
                    i += 1
            else:
                i += 1
