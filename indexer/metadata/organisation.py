"""Who made a document: organisation, partners and author named on its first page."""

from __future__ import annotations

import re

from cresi_search.french.normalise import fold

FIRST_PAGE_CHARS = 3000
CRESI = "Centre de ressources essonnien de la solidarité internationale (CRESI)"

# Words that make an author property read as an organisation rather than a person.
ORGANISATION_WORDS = frozenset({
    "association", "asso", "comite", "conseil", "commune", "mairie", "ville", "departement",
    "collectif", "federation", "ong", "syndicat", "centre", "union", "cooperative", "fondation",
    "agence", "ministere", "region", "cresi", "service", "groupement", "reseau", "club",
    "institut", "universite", "jumelage", "amicale", "prefecture",
})

_CAPITALISED = r"[A-ZÀ-ÖØ-Þ][\w’'-]*"
_LINK = r"(?:(?:de|du|des|la|le|les|et|pour|en|sur|sans|à|aux)[ \t]+|d[’']|l[’'])"
_NAME = rf"{_CAPITALISED}(?:[ \t]+{_LINK}*{_CAPITALISED})*"  # one line only

_PATTERNS: tuple[tuple[re.Pattern[str], str | None], ...] = (
    (re.compile(r"\bConseil (?:départemental|général) de l[’']Essonne\b"), None),
    (re.compile(r"\bCentre de ressources essonnien de la solidarité internationale\b|\bCRESI\b"), CRESI),
    (re.compile(rf"\b[Aa]ssociation\s+({_NAME})"), "Association {0}"),
    (re.compile(rf"\bComité de jumelage\s+{_LINK}?{_NAME}"), None),
    (re.compile(rf"\b(?:Commune|Ville|Mairie) (?:de\s+|d[’']){_NAME}"), None),
)
_PARTNERS = re.compile(r"^[\W_]*Partenaires?(?: [a-zé]+)?[\W_]*:\s*(.+)$", re.IGNORECASE | re.MULTILINE)
_AUTHOR = re.compile(
    r"^[\W_]*(?:(?:Auteure?s?|Rédaction|Rédact(?:eur|rice)s?)[\s*_]*:|Rédigée?s? par)\s*(.+)$",
    re.IGNORECASE | re.MULTILINE,
)


def looks_like_organisation(name: str) -> bool:
    """True for "Association Orge-Sahel" or "La Mairie de Grigny", False for "Claire Martin"
    or "Anne Roy et Paul Vidal, cabinet Ensemble Conseil": the name must start like one."""
    first_words = [w for w in re.findall(r"\w+", fold(name).lower()) if w not in ("l", "la", "le", "les")][:1]
    return any(word in ORGANISATION_WORDS for word in first_words)


def detect_organisation(text: str) -> str:
    """The first organisation named on the first page (association, council, commune…)."""
    page = text[:FIRST_PAGE_CHARS]
    best: tuple[int, str] | None = None
    for pattern, template in _PATTERNS:
        match = pattern.search(page)
        if match and (best is None or match.start() < best[0]):
            if template is None:
                value = match.group(0)
            else:
                value = template.format(*match.groups())
            best = (match.start(), re.sub(r"\s+", " ", value).strip())
    return best[1] if best else ""


def _clean(value: str) -> str:
    return re.sub(r"\s+", " ", value.strip(" *_.;")).strip()


def detect_partners(text: str) -> list[str]:
    """Partners listed on a "Partenaires : A, B ; C" line of the first page."""
    match = _PARTNERS.search(text[:FIRST_PAGE_CHARS])
    if not match:
        return []
    parts = [_clean(p) for p in re.split(r"[;,]", match.group(1))]
    return list(dict.fromkeys(p for p in parts if len(p) >= 3))


def detect_author(text: str) -> str:
    """The author named on an "Auteur : …" or "Rédigé par …" line of the first page."""
    match = _AUTHOR.search(text[:FIRST_PAGE_CHARS])
    if not match:
        return ""
    author = _clean(match.group(1))
    return author if 3 <= len(author) <= 120 else ""
