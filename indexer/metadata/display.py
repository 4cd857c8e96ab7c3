"""The title a document shows on its first page: its largest type, as a librarian reads it.

From the first page's lines and their type sizes (indexer/extract/pdflines.py):
- the title is the group of lines in the largest type that is not debris (page numbers,
  addresses, telephone numbers, e-mails, dates, a country name alone, lines in another
  script), when that type stands out from the body text;
- a line just before it in large type joins it ("Projet de bienfaisance" above
  "L'aube de l'espoir"), unless it is an approval note or a reference ("Procès-verbal n° 3");
- headings that name a part of a document ("EDITORIAL", "Sommaire", "1.1. OBJET") are debris;
- the lines after it join while they stay large and carry the same sentence on
  ("Règlement" / "sur les projets de bienfaisance" / "de l'association…"), the first of them
  even when it starts a new one (a subtitle: "Synthèse des données recueillies en…");
- a newsletter's masthead ("ECHO DE GOUDRIN", "La Pasarela") takes its issue number and
  date from the first page: "ECHO DE GOUDRIN n° 5 (octobre 2019)".
"""

from __future__ import annotations

import re

from cresi_search.french.normalise import fold
from cresi_search.vocab import resolve_country

DISPLAY_RATIO = 1.1  # a title's type is at least this much larger than the body's
PRE_RATIO = 0.5  # a line before the title joins it when its type is at least half as large
AFTER_RATIO = 0.4  # lines after it, when at least this share of the title's size
MAX_TITLE_LINES = 6
MAX_CHARS = 220
SIZE_TOLERANCE = 0.6  # points: two lines of one type size

_MONTHS = "janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|décembre|decembre"
_DATE_ONLY = re.compile(
    rf"^(?:(?:le\s+)?\d{{1,2}}(?:er)?\s+)?(?:{_MONTHS})?\s*[\d/ -]*$|^(?:{_MONTHS})\s*\d{{4}}.*$", re.IGNORECASE
)
_ISSUE_LINE = re.compile(r"^\s*(?:N\s*[°º]|No\.?|Numéro)\s*(\d{1,3})\s*$", re.IGNORECASE)
_ISSUE_IN_TITLE = re.compile(r"\b(?:n\s*[°º]|numéro|no\.)\s*\d", re.IGNORECASE)
_MONTH_YEAR = re.compile(rf"\b({_MONTHS})\s+(\d{{4}})\b", re.IGNORECASE)
_CONTACT = re.compile(
    r"(@|https?://|www\.|\b(?:t[ée]l|tel|fax|cel|mob|portable|courriel|e-mail|email|site)\b\s*[.:]?"
    r"|\bB\.?P\.?\s*:?\s*\d|\+\d{2,3}\s?\d|\b0\d(?:[ .]?\d{2}){4}\b)",
    re.IGNORECASE,
)
_ADDRESS = re.compile(
    r"^\d{1,4}\s*(?:bis|ter)?\s*,?\s*(?:rue|avenue|av\.|bd|boulevard|route|chemin|place|allée|impasse|quai|cours)\b"
    r"|\b\d{5}\s+[A-ZÀ-Ý][\w' -]+$|^(?:rue|avenue|route|place|chemin)\s+\d*",
    re.IGNORECASE,
)
_SECTION = re.compile(r"^\s*(?:\d+(?:\.\d+)*[.)]|[IVX]+\s*[-.–)])\s")  # "1.1. OBJET", "I - POINT"
_REFERENCE = re.compile(r"\bn\s*[°º]|^(?:approuvé|adopté|validé|vu)\b", re.IGNORECASE)
# Headings that name a part of a document, never the document itself.
GENERIC_HEADINGS = frozenset({
    "editorial", "edito", "preambule", "sommaire", "table des matieres", "table de matieres",
    "contenu", "introduction", "avant propos", "avant-propos", "description", "contexte",
    "resume", "conclusion", "remerciements", "presentation", "chapitre", "annexe", "article",
    "titre", "partie", "section", "actualite", "actualites", "mot du president",
    "mot de la presidente", "le mot du president", "edito du president", "couverture",
})
_SECTION_WORDS = frozenset({"actualite", "actualites", "nouvelles", "sommaire", "agenda", "echos"})
_NUMBERED_PART = re.compile(r"^(?:chapitre|annexe|article|titre|partie|section)\s+[\dIVX]+\b.{0,40}$", re.IGNORECASE)
_PAGE = re.compile(r"^(?:p\s*a\s*g\s*e\s*)?\d{1,3}(?:\s*[/|]\s*\d{1,3})?$|^page\s+\d+", re.IGNORECASE)


def is_generic(line: str) -> bool:
    """True for a heading that names a part ("EDITORIAL", "Table de matières", "Chapitre 2",
    "ACTUALITÉ À GOUDRIN": a section of a newsletter, named after its place)."""
    key = re.sub(r"[^a-z ]+", " ", fold(line).lower()).strip()
    key = " ".join(key.split())
    if key in GENERIC_HEADINGS or _NUMBERED_PART.match(line.strip()):
        return True
    head, _, rest = key.partition(" ")
    return head in _SECTION_WORDS and bool(re.match(r"(?:a|au|aux|de|du|des|en)\b", rest)) and len(key.split()) <= 5


def is_debris(line: str) -> bool:
    """True for a line that is never a title: a page number, contact details, an address,
    a date or a number alone, a country name alone, a line mostly in another script."""
    text = line.strip()
    letters = [ch for ch in text if ch.isalpha()]
    if len(letters) < 3 or _PAGE.match(text) or _ISSUE_LINE.match(text):
        return True
    latin = sum(1 for ch in letters if ord(ch) < 0x250)
    if latin < 0.7 * len(letters):
        return True  # "українською мовою": a link to another language's version
    if _CONTACT.search(text) or _ADDRESS.search(text) or _DATE_ONLY.match(text.strip("()[] .")):
        return True
    if _SECTION.match(text) or is_generic(text):
        return True
    return resolve_country(text) is not None  # "BURKINA FASO", "Sénégal" under a masthead


def _same(a: float, b: float) -> bool:
    return abs(a - b) <= SIZE_TOLERANCE


_OPEN_END = re.compile(
    r"(?:\b(?:de|du|des|la|le|les|et|ou|à|au|aux|en|pour|sur|dans|par|avec|d['’]|l['’]|un|une)|[-–—,:(«“\"])$",
    re.IGNORECASE,
)


def _continues(previous: str, line: str) -> bool:
    first = line.lstrip()[:1]
    return bool(_OPEN_END.search(previous.rstrip())) or first.islower() or first in "«“\"("


def display_title(lines: tuple[tuple[float, str], ...], body: float) -> str:
    """The title in the largest type of the first page, or "" when none stands out."""
    sized = [(size, text) for size, text in lines if not is_debris(text)]
    if not sized or body <= 0:
        return ""
    top = max(size for size, _ in sized)
    if top < body * DISPLAY_RATIO:
        return ""
    index = next(i for i, (size, text) in enumerate(lines) if _same(size, top) and not is_debris(text))
    end = index
    while end + 1 < len(lines) and end - index < MAX_TITLE_LINES - 1:
        size, text = lines[end + 1]
        if not _same(size, top) or is_debris(text):
            break
        end += 1
    parts = [text for _, text in lines[index : end + 1]]
    before = _line_before(lines, index, top, body)
    after = [] if _issue(lines) else _lines_after(lines, end, top, body)
    title = _join([*before, " ".join(parts), *after])
    return _with_issue(title, lines)[:MAX_CHARS].strip(" :–-")


def _line_before(lines, index: int, top: float, body: float) -> list[str]:
    if index == 0:
        return []
    size, text = lines[index - 1]
    if size < max(PRE_RATIO * top, body * DISPLAY_RATIO) or is_debris(text) or _REFERENCE.search(text):
        return []  # an approval note or "Procès-verbal n° 3 du …" above the title
    if index >= 2 and _same(lines[index - 2][0], size):
        return []  # a paragraph in large type above the title, not a line of it
    return [text]


def _lines_after(lines, end: int, top: float, body: float) -> list[str]:
    found: list[str] = []
    previous = lines[end][1]
    for size, text in lines[end + 1 : end + 1 + MAX_TITLE_LINES]:
        if _DATE_ONLY.match(text.strip("()[] .")) and previous.rstrip().endswith(("–", "-", ":", ",")):
            found.append(text)  # "Mission eau dans le Cercle de Douentza –" / "février 2009"
            break
        if size < max(AFTER_RATIO * top, body * DISPLAY_RATIO) or is_debris(text):
            break
        if found and not _continues(previous, text):
            break
        found.append(text)
        previous = text
    return found


def _join(parts: list[str]) -> str:
    """Groups of lines joined: with a space when one carries the other on, else " : "."""
    title = ""
    for part in parts:
        if not title:
            title = part
        elif _continues(title, part) or title.rstrip().endswith((":", "–", "-")):
            title = f"{title} {part}"
        else:
            title = f"{title} : {part}"
    return re.sub(r"\s+", " ", title).strip()


def _issue(lines) -> str:
    """The issue number of a newsletter, printed alone on its line ("N° 5", "N °30")."""
    for _, text in lines:
        match = _ISSUE_LINE.match(text)
        if match:
            return match.group(1)
    return ""


def _with_issue(title: str, lines) -> str:
    number = _issue(lines)
    if not number or _ISSUE_IN_TITLE.search(title):
        return title
    title = f"{title} n° {number}"
    date = _MONTH_YEAR.search(" ".join(text for _, text in lines))
    if date:
        title += f" ({date.group(1).lower()} {date.group(2)})"
    return title


def same_words(a: str, b: str) -> bool:
    """True when two spellings differ only by spaces, case and accents ("LaPasarela")."""
    squash = lambda s: re.sub(r"\W+", "", fold(s).lower())  # noqa: E731
    return bool(squash(a)) and squash(a) == squash(b)
