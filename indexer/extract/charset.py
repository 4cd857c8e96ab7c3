"""Turn the bytes of a plain-text or HTML file into text, whatever its encoding.

A French file that is not UTF-8 is almost always Windows-1252 (or, rarely, Mac Roman or
an old DOS code page). charset-normalizer left free picks Central European code pages
for short French texts ("accčs ŕ l'eau"), so it only chooses among Western ones.
"""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
WESTERN = ["cp1252", "latin_1", "iso8859_15", "mac_roman", "cp850"]


def bom_encoding(data: bytes) -> str | None:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    return None


def decode(data: bytes, declared: str | None = None) -> str:
    """Text of `data`: BOM, then UTF-8, then the declared charset, then a Western guess.

    Bytes that are valid UTF-8 are read as UTF-8 whatever a page declares: pages
    labelled iso-8859-1 are often saved in UTF-8, and the reverse.
    """
    bom = bom_encoding(data)
    if bom:
        return data.decode(bom, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    encoding = _known(declared)
    if encoding is None or encoding.startswith("utf"):
        best = from_bytes(data, cp_isolation=WESTERN).best()
        encoding = best.encoding if best else "cp1252"
    return data.decode(encoding, errors="replace")


def _known(name: str | None) -> str | None:
    if not name:
        return None
    try:
        found = codecs.lookup(name.strip().lower()).name
    except LookupError:
        return None
    # Labels "iso-8859-1" and "ascii" mean cp1252 in practice (as browsers read them).
    return "cp1252" if found in ("latin-1", "iso8859-1", "ascii") else found
