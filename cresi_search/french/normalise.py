"""French text normalisation: the one place that decides how text and words are cleaned.

Two levels, used by every part of cresi-search:
- **text** as it is stored and shown (`clean_text`, `one_line`): Unicode NFC, no control
  characters, single spaces, typographic ligatures expanded (ﬁ -> fi), words cut at a
  line end joined again for printed text (PDF);
- **words** as they are compared (`fold`, `strip_elision`, `singular`, `WORD_PATTERN`):
  accents and letter ligatures folded (œ -> oe), the elision dropped (l'eau -> eau), the
  plural mark dropped. The index analyser, the vocabularies, the catalogue and metadata
  detection all build on these, so "Écoles", "ecole" and "l'école" meet everywhere.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# A word: letters and digits, an inner apostrophe kept ("aujourd'hui"); elisions are
# stripped separately, so "l'eau" is one token that becomes "eau".
WORD_PATTERN = r"\w+(?:['’]\w+)*"
WORD = re.compile(WORD_PATTERN)

# Ligatures of typesetting: PDF fonts emit them and they would split words. Expanded in
# the stored text itself.
TYPOGRAPHIC_LIGATURES = {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"}
# Letters that are ligatures in French spelling: kept in the text, folded for comparison.
LETTER_LIGATURES = {"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss"}

_TEXT_LIGATURES = str.maketrans(TYPOGRAPHIC_LIGATURES)
_FOLD_TABLE = str.maketrans({**TYPOGRAPHIC_LIGATURES, **LETTER_LIGATURES, "’": "'"})

ELISION = re.compile(r"^(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu|quoiqu)['’]", re.IGNORECASE)

# C0/C1 control characters other than whitespace (tab, line breaks): they break the index
# and the page.
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_BLANK_LINES = re.compile(r"\n{3,}")
# A word cut by a hyphen at the end of a line, going on in lower case: join it.
_HYPHEN_CUT = re.compile(r"(?<=\w)[-\u00ad\u2010]\n(?=[a-zà-öø-ÿœæ])")
# A hyphenated compound cut at the hyphen ("Nord-\nKivu"): keep the hyphen.
_COMPOUND_CUT = re.compile(r"(?<=\w)-\n(?=[A-ZÀ-ÖØ-Þ])")


# -- words ----------------------------------------------------------------------------------
@lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """Remove accents and expand ligatures: "Cœur d'Haïti" -> "Coeur d'Haiti"."""
    text = text.translate(_FOLD_TABLE)
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def strip_elision(word: str) -> str:
    """Drop a leading French elision: "l'eau" -> "eau", "qu’il" -> "il"."""
    return ELISION.sub("", word, count=1)


def singular(word: str) -> str:
    """The word without its plural mark: one final "s" or "x" of a word longer than three
    letters ("ordures" -> "ordure", "réseaux" -> "réseau"; "bus" and "prix" stay)."""
    if len(word) > 3 and word[-1] in "sx":
        return word[:-1]
    return word


def comparable(word: str) -> str:
    """The form two spellings of a word share: folded, lower case, no elision, singular.
    "Haïtiennes" -> "haitienne", "l'Eau" -> "eau"."""
    return singular(strip_elision(fold(word).lower()))


def tokens(text: str) -> list[str]:
    """The words of a text, in order, as written."""
    return WORD.findall(text)


# -- text -----------------------------------------------------------------------------------
_SPACED = re.compile(r"^(?:\w[ \u00a0]){3,}\w(?:\s{2,}(?:\w[ \u00a0])*\w)*$")


def join_spaced_letters(line: str) -> str:
    """A heading typeset letter by letter, joined: "S T A T U T S" -> "STATUTS",
    "R A P P O R T  A N N U E L" -> "RAPPORT ANNUEL" (two spaces or more part the words).
    Other lines are returned as they are."""
    stripped = line.strip()
    if not _SPACED.match(stripped):
        return line
    return " ".join(word.replace(" ", "").replace("\u00a0", "") for word in re.split(r"\s{2,}", stripped))


def one_line(text: str) -> str:
    """A heading or a property value: NFC, no control characters, single spaces."""
    return " ".join(_CONTROLS.sub("", unicodedata.normalize("NFC", text)).split())


def clean_text(text: str, *, dehyphenate: bool = False) -> str:
    """NFC, no control characters, single spaces, at most one blank line in a row.

    `dehyphenate` joins words split at line ends ("dévelop-\\npement"): only for text
    laid out in lines by a printer (PDF), never for text typed by hand.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").replace("\v", "\n")
    text = unicodedata.normalize("NFC", text.translate(_TEXT_LIGATURES))
    text = _CONTROLS.sub("", text)
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    text = "\n".join(lines)
    if dehyphenate:
        text = _HYPHEN_CUT.sub("", text)
        text = _COMPOUND_CUT.sub("-", text)
    text = text.replace("\u00ad", "")
    return _BLANK_LINES.sub("\n\n", text).strip()
