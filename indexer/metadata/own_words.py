"""What a document says of itself, used to mend the title chosen from its first page.

- Statutes name their association in a set clause of their first article ("… une
  association régie par la loi du 1er juillet 1901, ayant pour titre : X", "dénommée X",
  "a pour nom X"). A librarian catalogues "Statuts de l'association X"; so does
  `statutes_title` when the first page shows no title (a "PRÉAMBULE", sentences), and
  `named_genre` completes a bare "STATUTS" or "RÈGLEMENT INTÉRIEUR" heading with the name.
- A heading can hold a typing error that the text does not repeat ("LIENS CUTULRELS" in the
  heading, "LIENS CULTURELS" in article 1). `respelt` writes such a word as the document
  spells it elsewhere: a title word in no word list that the text never uses again (in any
  form: "mangroves" is a use of "mangrove"), for the one word of the text that is one edit
  away (pyspellchecker, over the document's own words) or has the same letters in another
  order, and that the text uses at least twice.
"""

from __future__ import annotations

import re
from collections import Counter

from cresi_search.french.normalise import comparable, fold
from indexer.extract.garbled import is_word
from indexer.metadata.paths import file_stem

OPENING_CHARS = 20_000  # article 1 and the words a heading is checked against
MIN_USES = 2  # the text's spelling of a word: used at least this often
MIN_RESPELT = 5  # shorter words are left as they are (sigles, abbreviations)
MAX_RESPELT = 3  # words respelt in one title at most: beyond, the heading is no typo

_NAMING_CLAUSE = re.compile(
    r"\b(?:ayant|a|porte|prend|prendra)\s+(?:pour|le|la)\s+(?:titre|nom|d[ée]nomination)(?:\s+de)?"
    r"|\bd[ée]nomm[ée]e?\b|\bsous\s+(?:le\s+nom|la\s+d[ée]nomination)\s+(?:de\s+)?"
    r"|\bd[ée]nomination\s+(?:de\s+l['’]association\s+)?(?:est|sera)\b",
    re.IGNORECASE,
)
_QUOTED = re.compile(r"\s*:?\s*(?:«\s*([^»]{2,80}?)\s*»|\"([^\"]{2,80}?)\"|“([^”]{2,80}?)”)")
# An unquoted name: from a capital or a figure up to the end of the clause.
_BARE = re.compile(
    r"\s*:?\s*([A-ZÀ-Ý0-9][^,;.\n()«»\"]{1,80}?(?:\s*\([A-ZÀ-Ý0-9 .&'-]{2,20}\))?)"
    r"(?=\s*(?:[,;.\n(]|$|conform|r[ée]gie\b|ci-apr|dont\b|qui\b|et\s+r[ée]gie|d[ée]clar))"
)
_STATUTES = re.compile(r"\bstatuts?\b", re.IGNORECASE)
_BARE_GENRE = re.compile(
    r"^(?:les\s+)?(?:statuts|r[èe]glement\s+int[ée]rieur|statuts\s+et\s+r[èe]glement\s+int[ée]rieur)$",
    re.IGNORECASE,
)
_LETTERS = re.compile(r"[^\W\d_]+")


def association_name(text: str) -> str:
    """The name statutes give their association in their naming clause, or ""."""
    flat = " ".join(text[:OPENING_CHARS].split())
    for clause in _NAMING_CLAUSE.finditer(flat):
        rest = flat[clause.end():]
        quoted = _QUOTED.match(rest)
        if quoted:
            return next(group for group in quoted.groups() if group).strip()
        bare = _BARE.match(rest)
        if bare:
            return bare.group(1).strip()
    return ""


def statutes_title(path: str, text: str) -> str:
    """ "Statuts de l'association X" for statutes (so named by their file or first lines)
    that name their association; "" otherwise."""
    if not (_STATUTES.search(file_stem(path).replace("_", " ")) or _STATUTES.search(text[:300])):
        return ""
    name = association_name(text)
    return _of_association("Statuts", name) if name else ""


def named_genre(title: str, text: str) -> str:
    """A bare "STATUTS" or "Règlement intérieur" heading with the association's name."""
    if not _BARE_GENRE.match(title.strip(" .:")):
        return title
    name = association_name(text)
    return _of_association(title.strip(" .:"), name) if name else title


def _of_association(genre: str, name: str) -> str:
    """ "Statuts de l'Association malienne…", "… de l'association KOULENGA", "… de
    l'association « Les Amis de Douentza »" (a name of several words in quotes)."""
    if fold(name).lower().startswith("association"):
        return f"{genre} de l'{name}"
    return f"{genre} de l'association {f'« {name} »' if ' ' in name else name}"


def respelt(title: str, text: str) -> str:
    """`title` with the words it misspells written as the document writes them. The text is
    counted only when the title has a long word no word list knows (most titles have none)."""
    unknown = [word for word in dict.fromkeys(_LETTERS.findall(title))
               if len(word) >= MIN_RESPELT and not is_word(word.lower())]
    if not unknown:
        return title
    words = _LETTERS.findall(text[:OPENING_CHARS])
    forms = Counter(comparable(word) for word in words)  # "mangroves" is a use of "mangrove"
    suspects = [word for word in unknown if forms[comparable(word)] <= 1]
    if not suspects or len(suspects) > MAX_RESPELT:
        return title
    uses = Counter(word.lower() for word in words)
    spellings = [word for word, n in uses.items() if n >= MIN_USES]
    checker = _checker(spellings)
    for word in suspects:
        better = _spelling(word.lower(), spellings, checker)
        if better:
            title = re.sub(rf"\b{re.escape(word)}\b", _same_case(better, word), title)
    return title


def _checker(spellings: list[str]):
    """A pyspellchecker over the document's own words, one edit away at most."""
    from spellchecker import SpellChecker

    checker = SpellChecker(language=None, distance=1)
    checker.word_frequency.load_words(spellings)
    return checker


def _spelling(word: str, spellings: list[str], checker) -> str:
    """The document's spelling of `word`: the one word of `spellings` with the same first
    letter, one edit away (`checker`) or made of the same letters in another order
    ("cutulrels", "culturels"); "" when there is none or several."""
    letters = sorted(word)
    found = set(checker.known(checker.edit_distance_1(word)))
    found.update(s for s in spellings if len(s) == len(word) and sorted(s) == letters)
    found = {s for s in found if s[:1] == word[:1] and comparable(s) != comparable(word)}
    return found.pop() if len(found) == 1 else ""


def _same_case(word: str, model: str) -> str:
    if model.isupper():
        return word.upper()
    return word[:1].upper() + word[1:] if model[:1].isupper() else word
