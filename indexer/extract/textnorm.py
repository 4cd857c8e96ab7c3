"""Text clean-up shared by the extractors: Unicode form, spaces, line breaks."""

from __future__ import annotations

import re
import unicodedata

# Typographic ligatures that PDF fonts emit and that would split words for the tokenizer.
_LIGATURES = str.maketrans(
    {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"}
)
# C0/C1 control characters other than whitespace (tab, line breaks): they break the index
# and the page.
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_BLANK_LINES = re.compile(r"\n{3,}")
# A word cut by a hyphen at the end of a line, going on in lower case: join it.
_HYPHEN_CUT = re.compile(r"(?<=\w)[-\u00ad\u2010]\n(?=[a-zà-öø-ÿœæ])")
# A hyphenated compound cut at the hyphen ("Nord-\nKivu"): keep the hyphen.
_COMPOUND_CUT = re.compile(r"(?<=\w)-\n(?=[A-ZÀ-ÖØ-Þ])")


def one_line(text: str) -> str:
    """A heading or a property value: NFC, no control characters, single spaces."""
    return " ".join(_CONTROLS.sub("", unicodedata.normalize("NFC", text)).split())


def normalise(text: str, *, dehyphenate: bool = False) -> str:
    """NFC, no control characters, single spaces, at most one blank line in a row.

    `dehyphenate` joins words split at line ends ("dévelop-\\npement"): only for text
    laid out in lines by a printer (PDF), never for text typed by hand.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").replace("\v", "\n")
    text = unicodedata.normalize("NFC", text.translate(_LIGATURES))
    text = _CONTROLS.sub("", text)
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    text = "\n".join(lines)
    if dehyphenate:
        text = _HYPHEN_CUT.sub("", text)
        text = _COMPOUND_CUT.sub("-", text)
    text = text.replace("\u00ad", "")
    return _BLANK_LINES.sub("\n\n", text).strip()
