"""Text layers that are not text: broken font encodings and lost ligatures.

A PDF page can give text that no reader would recognise: control characters where a
math or symbol font has no Unicode map, "Ac#vités" or "ac4vité" where the "ti" ligature
was lost, "9(17(6 YHQWHV" for "VENTES ventes" when a font's codes are glyph numbers
(shifted by 29). `problem(text)` says which, from the words of the page checked against
the French word list of pyspellchecker (and, before calling a page garbled, those of the
other languages a CRESI document is written in); `repair(text)` mends the two cases a
word list can mend. The caller re-reads with PDFium or OCRs what stays garbled.
"""

from __future__ import annotations

import re
from functools import cache

MIN_WORDS = 20  # fewer words than this: too little to judge a page by its words
UNKNOWN_SHARE = 0.5  # more unknown words than this: the page is not text
OTHER_LANGUAGES = ("en", "de", "es", "it", "pt")  # most likely first
GLYPH_SHIFT = 29  # TrueType's standard glyph order starts at "space" = glyph 3
LIGATURES = ("ti", "tt", "fi", "fl", "ff", "ffi", "ffl", "ft", "st", "tti")

_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffd]")
_LETTERS = re.compile(r"[^\W\d_]{3,}")
# A letter, one stray symbol or digit, letters: where a ligature glyph lost its meaning.
_DEBRIS = re.compile(r"(?<![\w#$%&*@])([^\W\d_]+)([#$%&*@\d])([^\W\d_]{2,})(?![\w#$%&*@])")

REASONS = {
    "controls": "caractères de contrôle (police sans table Unicode)",
    "ligatures": "ligatures perdues (« Ac#vités »)",
    "words": "mots illisibles (encodage de police décalé)",
}


@cache
def _words(language: str):
    from spellchecker import SpellChecker

    return SpellChecker(language=language, distance=1).word_frequency


def warm() -> None:
    """Load the French word list now (about 0.5 s), rather than on the first page."""
    _words("fr")


def is_word(word: str, languages: tuple[str, ...] = ("fr",)) -> bool:
    lowered = word.lower()
    return any(lowered in _words(language) for language in languages)


def problem(text: str) -> str | None:
    """Why the text of a page is garbled ("controls", "ligatures", "words"), None if it reads."""
    controls = len(_CONTROLS.findall(text))
    if controls >= 3 and controls * 200 >= len(text):
        return "controls"
    if len(_debris(text)) >= 2:
        return "ligatures"
    words = _LETTERS.findall(text)
    if len(words) >= MIN_WORDS and _unknown_share(words) > UNKNOWN_SHARE:
        return "words"
    return None


def repair(text: str) -> str | None:
    """The text with lost ligatures put back or a glyph shift undone, when the word list
    confirms it; None when neither mends the page."""
    mended = _DEBRIS.sub(_ligature, text)
    if mended != text and problem(mended) is None:
        return mended
    shifted = "".join(_unshift(c) for c in text)
    if problem(shifted) is None and problem(text) is not None:
        words = _LETTERS.findall(shifted)
        if words and _unknown_share(words) < 0.3:
            return shifted
    return None


def _debris(text: str) -> list[str]:
    """The broken words of a page that a ligature makes French again."""
    return [m.group(0) for m in _DEBRIS.finditer(text) if _ligature(m) != m.group(0)]


def _ligature(match: re.Match) -> str:
    left, _, right = match.groups()
    for letters in LIGATURES:
        if is_word(left + letters + right):
            return left + letters + right
    return match.group(0)


def _unknown_share(words: list[str]) -> float:
    """The share of words no word list knows. The other languages' lists (1 s each to
    load on a busy machine) are opened one at a time, only while the page stays unknown."""
    unknown = [w for w in words if not is_word(w)]
    for language in OTHER_LANGUAGES:
        if len(unknown) <= UNKNOWN_SHARE * len(words):
            break
        unknown = [w for w in unknown if not is_word(w, (language,))]
    return len(unknown) / len(words)


def _unshift(char: str) -> str:
    code = ord(char)
    if 3 <= code <= 126 - GLYPH_SHIFT and not char.isspace():
        return chr(code + GLYPH_SHIFT)
    return char
