"""Choosing a document title as a librarian would, from the best evidence there is.

In order: the largest type of the first page (display.py), or the title property when it
says the same at greater length; the title property; the first heading (DOCX, ODT, HTML);
the first line of the text that reads like a title; for statutes, "Statuts de l'association"
and the name their first article gives it; the file name, cleaned. Debris is
never a title: producer defaults ("Converted Document", "Microsoft Word - …", a file name),
sentences, addresses, dates, page numbers, lines in another script, generic headings.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from cresi_search.french.normalise import fold, join_spaced_letters
from cresi_search.records import SOURCE_DETECTED, SOURCE_FOLDER, SOURCE_PROPERTIES
from indexer.metadata.display import display_title, is_debris, is_generic, same_words
from indexer.extract.garbled import is_word
from indexer.metadata.own_words import OPENING_CHARS, named_genre, respelt, statutes_title
from indexer.metadata.paths import file_stem, readable_name
from indexer.model import Extracted

MAX_TITLE = 160
_JUNK_TITLE = re.compile(
    r"^(microsoft (word|powerpoint|excel)\b|untitled|sans titre|document\s*\d*$|diapositive\s*\d*$|"
    r"presentation powerpoint|powerpoint presentation|titre$|title$|converted document$|"
    r"\(?anonymous\)?$|couverture\b|cover\b|page \d+$)"
)
_FILE_NAME = re.compile(r"\.[a-z0-9]{2,4}$", re.IGNORECASE)  # "Statistique LH_20.ods"
# A line that opens a sentence is not a title: pronouns, conjunctions, notes of approval.
_SENTENCE_START = re.compile(
    r"^(?:il|elle|ils|elles|nous|vous|on|je|j['’]|ce|cette|c['’]|mais|et|or|donc|si|quand|afin|merci"
    r"|approuvé|adopté|vu|conformément|malgré|depuis|suite|dans le cadre|en ce|le présent|la présente)\b",
    re.IGNORECASE,
)
_VERB = re.compile(r"\b(?:est|sont|ont|avons|avez|sera|seront|pourra|pourront|devra|devront|était|étaient|doit|doivent|peut|peuvent|vous|nous)\b", re.IGNORECASE)
MAX_TITLE_WORDS = 25
FIRST_PAGE_CHARS = 3000
_ISSUE_NUMBER = re.compile(r"\bn\s*[°º]\s*\d", re.IGNORECASE)
TOP_LINES = 10
SCAN_NAME_WORDS = 3  # a scan's file name of this many words beats its OCR'd first line
FULL_PROPERTY_WORDS = 4  # a title is among the first lines of the first page
_MARKUP = re.compile(r"^[\s#*>_|=•·-]+|[\s*_|=]+$")
_PAGE_MARK = re.compile(r"^(page\s*)?\d+(\s*/\s*\d+)?$", re.IGNORECASE)


def clean_line(line: str) -> str:
    """A line without Markdown marks and extra spaces."""
    return re.sub(r"\s+", " ", _MARKUP.sub("", line)).strip()


def shorten(text: str, limit: int = MAX_TITLE) -> str:
    """Cut at a word boundary with an ellipsis when longer than `limit`."""
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(" ,;:.–-")
    return cut + "…"


def property_title(title: str) -> str:
    """The title property, unless it is a software default ("Microsoft Word - doc1.docx")."""
    title = clean_line(title)
    folded = fold(title).lower()
    if len(title) < 3 or _JUNK_TITLE.match(folded) or _FILE_NAME.search(title) or is_debris(title):
        return ""
    return shorten(title)


def heading_title(headings: tuple[str, ...]) -> str:
    """The first heading with some letters in it."""
    for heading in headings:
        text = clean_line(join_spaced_letters(heading))
        if sum(ch.isalpha() for ch in text) >= 3 and not is_debris(text):
            return shorten(text)
    return ""


def reads_like_title(line: str) -> bool:
    """A line that could be a title: starts with a capital or a figure, is no sentence,
    no debris, no generic heading, and not too long."""
    first = line[:1]
    if not (first.isupper() or first.isdigit()) or is_debris(line) or _SENTENCE_START.match(line):
        return False
    if _VERB.search(line):
        return False  # "Les membres fondateurs ont décidé de créer…"
    n_words = len(line.split())
    if n_words > MAX_TITLE_WORDS or (line.rstrip().endswith(".") and n_words >= 6):
        return False
    return not is_generic(line)


def first_line_title(text: str) -> str:
    """The first line near the top that reads like a title, with the lines it continues on
    (PDF titles are often wrapped over two or three lines). A line that runs on into a
    paragraph is a sentence, not a title."""
    lines = [clean_line(join_spaced_letters(line)) for line in text.splitlines()]
    lines = [line for line in lines if line][:TOP_LINES]
    for index, line in enumerate(lines):
        if _PAGE_MARK.match(line) or sum(ch.isalpha() for ch in line) < 8 or len(line.split()) < 2:
            continue
        if not reads_like_title(line):
            continue
        title = line
        for following in lines[index + 1 :]:
            if (is_debris(following) and not following.startswith("(")) or not _continues(title, following):
                break
            if len(title) + len(following) > MAX_TITLE:
                title = ""  # a paragraph
                break
            title = f"{title} {following}"
        if title and not (title.endswith(".") and len(title.split()) >= 6):
            return shorten(title, MAX_TITLE)
    return ""


_OPEN_END = re.compile(
    r"(?:\b(?:de|du|des|la|le|les|et|ou|à|au|aux|en|pour|sur|dans|par|avec|d['’]|l['’])|[-–—,:(])$",
    re.IGNORECASE,
)


def _continues(title: str, line: str) -> bool:
    """True when `line` carries on `title`: it ends on "de", a dash…, or the line goes on
    in lower case or with a parenthesis."""
    return bool(_OPEN_END.search(title)) or line[0].islower() or line[0] == "("


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"\w+", fold(text).lower()) if len(w) > 2}


def _display_or_property(extracted: Extracted) -> tuple[str, str]:
    """(source, title) from the largest type of the first page, or from the property when it
    says the same at greater length ("La Pasarela" for "LaPasarela")."""
    shown = display_title(extracted.first_lines, extracted.body_size)
    prop = property_title(extracted.properties.title)
    if not shown or len(prop.split()) >= FULL_PROPERTY_WORDS:
        return SOURCE_PROPERTIES, prop  # a title someone wrote out in full
    if prop:
        head = shown.split(" n° ")[0]
        if same_words(prop, head):
            return SOURCE_DETECTED, shown.replace(head, prop, 1)
        if _words(shown) < _words(prop):
            return SOURCE_PROPERTIES, prop
    return SOURCE_DETECTED, shorten(shown)


_SERIES_NAME = re.compile(
    r"^(?P<series>.*?\b(?:journal|bulletin|lettre|gazette|écho|echo|newsletter|nouvelles|revue)\b.*?[^\d\s])"
    r"\s*(?:n\s*[°º]\s*|no\.?\s*|numéro\s*)?(?P<number>\d{1,3})\s*$",
    re.IGNORECASE,
)
# The name a newsletter gives itself: "le journal « Echo du village »", "L'« Echo du village »
# de ce numéro".
_SELF_NAME = re.compile(
    r"\b(?:journal|bulletin|lettre d['’]informations?|newsletter|revue)\s+«\s*([^»\n]{3,40}?)\s*»"
    r"|«\s*([^»\n]{3,40}?)\s*»\s+de\s+ce\s+num[ée]ro\b",
    re.IGNORECASE,
)


def issue_title(path: str, text: str, heading: str) -> str:
    """A newsletter named by its file name ("Journal de Goudrin 3"): "Journal de Goudrin n° 3",
    after the name it gives itself in its text ("« Echo du village » : …") or before its
    first heading ("… : LA VIE À GOUDRIN", not a section's: "ACTUALITÉ À GOUDRIN"); "" when
    the file name names no issue."""
    match = _SERIES_NAME.match(readable_name(path, last_part=True))
    if not match:
        return ""
    series = re.sub(r"\s*(?:n\s*[°º]|no\.?|numéro)\s*$", "", match.group("series"), flags=re.IGNORECASE)
    title = f"{series.strip(' -_')} n° {int(match.group('number'))}"
    named = _SELF_NAME.search(" ".join(text[:FIRST_PAGE_CHARS].split()))
    if named:
        return f"« {named.group(1) or named.group(2)} » : {title}"
    return f"{title} : {heading}" if heading and not is_generic(heading) else title


def title_candidates(extracted: Extracted, first_page: str, path: str,
                     names_genre: Callable[[str], bool] = lambda _: False) -> list[tuple[str, Callable[[], str]]]:
    """The title's candidates, best first, as (source, function giving it or "").
    `names_genre` says whether words are the name of a document type ("avis de recrutement")."""
    chosen = _display_or_property(extracted)
    if _ISSUE_NUMBER.search(chosen[1]) is None:
        # OCR misreads the small print of a cover: its first line is no heading to rely on.
        printed = next((page for n, page in enumerate(extracted.pages, 1) if page.strip() and n not in extracted.ocr_pages), "")
        heading = chosen[1] or first_line_title(printed[:FIRST_PAGE_CHARS])
        issue = issue_title(path, first_page, heading)
        if issue:
            chosen = (SOURCE_DETECTED if extracted.has_text else SOURCE_FOLDER, issue)
    opening = _opening(extracted.pages)
    candidates = [
        (chosen[0], lambda: chosen[1]),
        (SOURCE_DETECTED, lambda: heading_title(extracted.headings)),
        (SOURCE_DETECTED, lambda: first_line_title(first_page)),
        (SOURCE_DETECTED, lambda: statutes_title(path, opening)),
        (SOURCE_FOLDER, lambda: readable_name(path)),
    ]
    if extracted.scanned and len(_NAME_WORD.findall(file_stem(path).split("__")[-1])) >= SCAN_NAME_WORDS:
        candidates.insert(2, candidates.pop())  # OCR misreads; a named file says it
    return [(source, lambda f=f, source=source: _completed(f(), source, first_page, path, opening, names_genre))
            for source, f in candidates]


def _opening(pages: tuple[str, ...]) -> str:
    """The first OPENING_CHARS of the text, without joining every page of a long document."""
    taken, size = [], 0
    for page in pages:
        taken.append(page)
        size += len(page) + 2
        if size >= OPENING_CHARS:
            break
    return "\n\n".join(taken)[:OPENING_CHARS]


_ISSUER = re.compile(r"\s+[–—-]\s+[^–—]+$")  # "APPEL À CANDIDATURE – CREATIVE ASSOCIATES"
_EDITION = re.compile(r"\s*(?:\b(?:19|20)\d{2}(?:\s*[-/]\s*\d{2,4})?|n\s*[°º]\s*\d+)\s*$", re.IGNORECASE)
SUBJECT_LINES = 4  # the subject and the lines it runs on to


def with_subject(title: str, first_page: str, names_genre: Callable[[str], bool]) -> str:
    """A heading that only names the genre ("AVIS DE RECRUTEMENT", "TERMES DE RÉFÉRENCE",
    "APPEL À PROJETS 2024 – Département de l'Essonne") followed by its subject, the title-like
    line printed under it: "AVIS DE RECRUTEMENT : Chargé(e) de projet eau à Douentza". The
    name after a dash says who issues it (the organisation facet), as a catalogue's statement
    of responsibility does, and leaves the title when the subject comes in."""
    genre = _ISSUER.sub("", title)
    if not names_genre(_EDITION.sub("", genre).strip(" :–-")):
        return title
    lines = [clean_line(join_spaced_letters(line)) for line in first_page.splitlines()]
    lines = [line for line in lines if line][:TOP_LINES]
    parts = [i for i, line in enumerate(lines) if line in title]
    if not parts:
        return title
    below = lines[parts[-1] + 1 :][:SUBJECT_LINES]
    subject = first_line_title("\n".join(below)) if below and reads_like_title(below[0]) else ""
    if not subject.startswith(below[0] if below else "\0"):
        return title
    return shorten(f"{genre} : {subject}")


_NAME_WORD = re.compile(r"[^\W_]+")  # the words of a file name as written ("pv-ag": 2)
_MEETING = re.compile(r"proc[eè]s[- ]verbal|assembl[ée]e g[ée]n[ée]rale|conseil d.administration|\br[ée]union\b",
                      re.IGNORECASE)
_DAY_DATE = re.compile(
    r"\b(\d{1,2}(?:er)?\s+(?:janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre"
    r"|novembre|décembre|decembre)\s+\d{4}|\d{1,2}/\d{1,2}/\d{4})\b", re.IGNORECASE)
MIN_PART_WORDS = 3


def _completed(title: str, source: str, first_page: str, path: str, opening: str,
               names_genre: Callable[[str], bool]) -> str:
    """A title with what a librarian adds: the document's own spelling where its heading
    misspells a word and the association's name after a bare "STATUTS" (own_words.py), the
    subject under a heading that only names the genre, the date of a meeting's minutes
    ("Procès-verbal de l'assemblée générale … du 27 février 2025"), and the part a file
    name says when the title is a series' heading that shares none of its words ("Projet de
    bienfaisance « L'aube de l'espoir »" for "10. Situation précaire ou difficile.odt"), if
    the name is made of French words ("memo hydro UECI" is a file name, not a subtitle)."""
    if not title or source == SOURCE_FOLDER:
        return title
    title = named_genre(respelt(title, opening), opening)
    if source == SOURCE_DETECTED:
        title = with_subject(title, first_page, names_genre)
    if _MEETING.search(title) and not _DAY_DATE.search(title):
        date = _DAY_DATE.search(first_page)
        if date:
            title = f"{title} du {date.group(1)}"
    part = readable_name(path, last_part=True).lstrip("0123456789. -_")
    part_words = {w for w in _words(part) if len(w) > 3}
    readable = all(w.isdigit() or is_word(w) for w in re.findall(r"[^\W_]+", part) if len(w) > 3)
    if len(part_words) >= MIN_PART_WORDS and readable and not part_words & _words(title):
        title = f"{title} : {part}"
    return shorten(title)
