"""Which kind of document a file is, weighed as a librarian would.

The taxonomy's type phrases are looked for where a document says what it is: its title
(counts 3), its file name (2; three times that for a name that starts with its genre alone,
"Fiche - …", as staff label their files), the start of its first page (1) and its folders (1, the
nearest; 0.5 the others). A phrase of `indices` (a hint: "rapport", "projet") counts half
a keyword. The shape of the text adds evidence of its own (EVIDENCE): numbered articles
make statutes, a quorum or the members present make minutes, an issue number alone on a
line makes a newsletter, "date limite de dépôt" and "lettre de motivation" a job advert.
The type with the highest total wins; on a tie, the one found first. Below MIN_SCORE, no
type (the caller may then say "autre").
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from cresi_search.french.words import words

if TYPE_CHECKING:
    from cresi_search.vocab.taxonomy import Taxonomy

TITLE_WEIGHT = 3.0
NAME_WEIGHT = 2.0
START_WEIGHT = 1.0
FOLDER_WEIGHT = 1.0  # the nearest folder; the others count half of it
HINT_FACTOR = 0.5
EVIDENCE_WEIGHT = 2.0
MIN_SCORE = 1.0
START_CHARS = 3000  # about a first page
SHAPE_CHARS = 20_000  # where the shape of the text is looked at
FALLBACK = "autre"
DEBUG = False

_ARTICLE = re.compile(r"^\s*(?:Article|ARTICLE|Art\.)\s*(\d+|premier|1er)\b", re.MULTILINE)
_MINUTES = re.compile(
    r"\b(quorum|membres présents|sont présents|présents\s*:|excusés?\s*:|la séance est (?:levée|ouverte)"
    r"|l[’']ordre du jour étant épuisé|secrétaire de séance|président de séance)",
    re.IGNORECASE,
)
_ISSUE = re.compile(r"^\s*(?:N\s*[°º]|No\.?|Numéro)\s*\d{1,3}\s*$", re.MULTILINE | re.IGNORECASE)
_JOB = re.compile(
    r"\b(date limite de (?:dépôt|réception|candidature)|lettre de motivation|curriculum vitae|\bCV\b"
    r"|profil recherché|dossier de candidature|qualifications requises|type de contrat|lieu d[’']affectation)",
    re.IGNORECASE,
)
_RATING = re.compile(r"\b(?:score|note globale|notation)\s*:?\s*\d+(?:[.,]\d+)?\b", re.IGNORECASE)
_RECOMMENDATIONS = re.compile(r"\brecommandations?\b", re.IGNORECASE)
MIN_ARTICLES = 3
TEXT_CAP = 2.0  # what the first page can give one type, however many of its words it has
LABEL_FACTOR = 3.0  # a file name that starts with its genre alone ("Fiche - …", "Guide - …")
HEAD_WORDS = 3  # a phrase starting within the first words of a segment is at its head
ASIDE_FACTOR = 0.25  # a phrase elsewhere ("… pour le projet Monitoring") counts this much
# Segments: the parts of a title around ":", " - ", "–", "(", "|", "__" (file names), and
# the lines of a page.
_SEGMENT = re.compile(r"\s*(?:[:–—(|\n]|\s-\s|_-_|__)\s*")


def path_chunks(path: str) -> tuple[str, list[str]]:
    """(file name without extension, folders from the nearest to the corpus root)."""
    if not path:
        return "", []
    pure = PurePosixPath(path.replace("\\", "/"))
    return pure.stem, list(reversed(pure.parent.parts))


def shape_evidence(text: str) -> Counter[str]:
    """Types the layout of the text points to, each with EVIDENCE_WEIGHT."""
    sample = text[:SHAPE_CHARS]
    found: Counter[str] = Counter()
    if len({m.group(1).lower() for m in _ARTICLE.finditer(sample)}) >= MIN_ARTICLES:
        found["statuts"] += EVIDENCE_WEIGHT
    if len({m.group(1).lower() for m in _MINUTES.finditer(sample)}) >= 2:
        found["compte-rendu-reunion"] += EVIDENCE_WEIGHT
    if _ISSUE.search(text[:START_CHARS]):
        found["lettre-information"] += EVIDENCE_WEIGHT
    if len({m.group(1).lower() for m in _JOB.finditer(sample)}) >= 2:
        found["termes-de-reference"] += EVIDENCE_WEIGHT
    if _RATING.search(sample) and _RECOMMENDATIONS.search(sample):
        found["rapport-evaluation"] += EVIDENCE_WEIGHT
    return found


def _key(segment: str) -> tuple[str, ...]:
    return tuple(w.norm for w in words(segment))


def _heads(text: str) -> list[str]:
    """The segments of a title or of the lines of a page: where a genre word stands when it
    says what the document is ("Koulenga : bilan de l'année 2020", "Guide - Évaluer…")."""
    return [s for s in _SEGMENT.split(text) if s.strip()]


def _phrases(taxonomy: Taxonomy, segment: str):
    """(code, is a hint, at the head of the segment) for each type phrase of a segment."""
    ws = words(segment)
    for start, end, value in taxonomy.type_phrases.find(ws):
        if value is None:
            continue
        code, hint = value
        head = start == 0 if hint else start < HEAD_WORDS  # "Projet de …", "exemple de Convention"
        yield tuple(w.norm for w in ws[start:end]), code, hint, head


def type_scores(taxonomy: Taxonomy, title: str, text: str, path: str) -> list[tuple[str, float]]:
    """(type code, score) of every type pointed to, best first, ties in the order found."""
    name, folders = path_chunks(path)
    chunks = [(title, TITLE_WEIGHT), (name, NAME_WEIGHT), (text[:START_CHARS], START_WEIGHT)]
    chunks += [(folder, FOLDER_WEIGHT if i == 0 else FOLDER_WEIGHT / 2) for i, folder in enumerate(folders)]
    scores: Counter[str] = Counter()
    order: dict[str, int] = {}
    for index, (chunk, weight) in enumerate(chunks):
        page = index == 2
        chunk_scores: Counter[str] = Counter()
        seen: set[tuple[str, ...]] = set()
        named = False  # in a title or a name, the first segment with a phrase at its head names the genre
        segments = _heads(chunk)
        for n, segment in enumerate(segments):
            found = list(_phrases(taxonomy, segment))
            for key, code, hint, head in found:
                if key in seen:
                    continue
                seen.add(key)
                full = head and (page or not named)
                factor = (HINT_FACTOR if hint else 1.0) * (1.0 if full else ASIDE_FACTOR)
                if index == 1 and n == 0 and len(segments) > 1 and not hint and key == _key(segment):
                    factor *= LABEL_FACTOR  # "Fiche - Budget prévisionnel type": the file is labelled
                if DEBUG:
                    print(f"    {weight * factor:5.2f} {code:22s} {' '.join(key)!r} in {segment[:60]!r}")
                chunk_scores[code] += weight * factor
                order.setdefault(code, len(order))
            named = named or any(head for *_, head in found)
        for code, value in chunk_scores.items():
            scores[code] += min(value, TEXT_CAP) if page else value
    for code, weight in shape_evidence(text).items():
        if code in taxonomy.types:
            scores[code] += weight
            order.setdefault(code, len(order))
    return sorted(scores.items(), key=lambda item: (-item[1], order[item[0]]))


def detect_type(taxonomy: Taxonomy, title: str, text: str, path: str) -> str | None:
    """The best type when its score reaches MIN_SCORE, else None."""
    ranked = type_scores(taxonomy, title, text, path)
    if ranked and ranked[0][1] >= MIN_SCORE:
        return ranked[0][0]
    return None
