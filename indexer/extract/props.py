"""Clean the metadata files carry in their own properties.

Office suites and PDF producers fill properties with defaults ("Document1",
"Microsoft Word - rapport.doc", author "python-docx"...). Such values would beat the
metadata detected from the text, so they are dropped here, once for every format.
Dates are read by `cresi_search.dates.find_date`, zero dates of old clocks left out.
"""

from __future__ import annotations

import re

from cresi_search.dates import find_date
from cresi_search.french.normalise import one_line
from indexer.model import Properties

_APP_PREFIX = re.compile(
    r"^\s*(microsoft\s+(office\s+)?(word|powerpoint|excel)|word|powerpoint)\s+-\s+", re.IGNORECASE
)
_JUNK_TITLE = re.compile(
    r"^(untitled|sans[ -]titre|no title|titre|title|document|doc|docs|nouveau document"
    r"|new document|word document|microsoft word|document microsoft word|powerpoint presentation"
    r"|présentation|presentation|diapositive|slide|page|draft|brouillon"
    r"|modèle|template|normal|anonymous|unknown|inconnu)[\s_-]*\d{0,2}$",
    re.IGNORECASE,
)
_FILE_NAME = re.compile(
    r"(^[a-z]:\\|^/|\\|\.(docx?|dotx?|odt|ott|rtf|pdf|pptx?|xlsx?|txt|html?|md|indd|qxp|tex|pub)$)",
    re.IGNORECASE,
)
_JUNK_AUTHOR = {
    "python-docx", "anonymous", "anonyme", "unknown", "inconnu", "user", "utilisateur",
    "admin", "administrator", "administrateur", "owner", "propriétaire", "auteur", "author",
    "windows user", "utilisateur windows", "microsoft office user",
    "utilisateur de microsoft office", "default", "pc", "reportlab", "(anonymous)",
}
_JUNK_SUBJECT = {"unspecified", "(unspecified)", "subject", "sujet", "objet"}
_KEYWORD_SPLIT = re.compile(r"[,;\n]+")
# Every format read here is younger than 1980 (HTML 1991, PDF 1993, ODT 2005, DOCX 2007):
# an earlier date in a file's properties is not when it was written but the zero date of
# some clock (1601 for Windows file times, 1899-12-30 for OLE dates, 1904 on old Macs,
# 1970 on Unix). The catalogue, written by people, accepts any year from YEAR_MIN.
PROPERTY_YEAR_MIN = 1980


def _squash(value: object) -> str:
    return one_line(str(value or ""))


def _name_key(name: str) -> str:
    return " ".join(re.split(r"[\s_.-]+", name.lower())).strip()


def clean_title(value: object, file_stem: str = "") -> str:
    """The title, or "" when it is a default, an application prefix or a file name."""
    title = _APP_PREFIX.sub("", _squash(value))
    if len(title) < 3 or not any(ch.isalpha() for ch in title):
        return ""
    if _JUNK_TITLE.match(title) or _FILE_NAME.search(title):
        return ""
    if (" " not in title and "_" in title) or (file_stem and _name_key(title) == _name_key(file_stem)):
        return ""
    return title


def clean_author(value: object) -> str:
    author = _squash(value)
    if author.lower() in _JUNK_AUTHOR or not any(ch.isalpha() for ch in author):
        return ""
    return author


def clean_subject(value: object) -> str:
    subject = _squash(value)
    return "" if subject.lower() in _JUNK_SUBJECT else subject


def split_keywords(*values: object) -> tuple[str, ...]:
    """Keywords split on commas, semicolons and line breaks, without duplicates."""
    seen: dict[str, str] = {}
    for value in values:
        for part in _KEYWORD_SPLIT.split(str(value or "")):
            word = _squash(part).strip(" .")
            if word and word.lower() not in seen:
                seen[word.lower()] = word
    return tuple(seen.values())


def language(value: object) -> str:
    """Primary language subtag, lower case: "fr-FR" -> "fr"; "" when not a language."""
    tag = _squash(value).replace("_", "-").split("-")[0].lower()
    return tag if 2 <= len(tag) <= 3 and tag.isalpha() else ""


def make_properties(
    *,
    title: object = "",
    author: object = "",
    subject: object = "",
    keywords: tuple[str, ...] = (),
    created: object = "",
    lang: object = "",
    file_stem: str = "",
) -> Properties:
    """A `Properties` with every value cleaned; a title equal to `file_stem` is dropped."""
    return Properties(
        title=clean_title(title, file_stem),
        author=clean_author(author),
        subject=clean_subject(subject),
        keywords=keywords,
        created=find_date(created, earliest=PROPERTY_YEAR_MIN),
        language=language(lang),
    )
