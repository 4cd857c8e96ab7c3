"""Who made a document: organisation, partners and author named on its first page."""

from __future__ import annotations

import re
from collections.abc import Callable

from cresi_search.french.normalise import fold
from cresi_search.vocab import resolve_country

FIRST_PAGE_CHARS = 3000
BODY_CHARS = 30_000  # where the mentions of a body are counted
TITLE_MENTIONS = 3  # a body named in the title, the file name or first on the page counts this many
CRESI = "Centre de ressources essonnien de la solidarité internationale (CRESI)"

# Words that make an author property read as an organisation rather than a person.
ORGANISATION_WORDS = frozenset({
    "association", "asso", "comite", "conseil", "commune", "mairie", "ville", "departement",
    "collectif", "federation", "ong", "syndicat", "centre", "union", "cooperative", "fondation",
    "agence", "ministere", "region", "cresi", "service", "groupement", "reseau", "club",
    "institut", "universite", "jumelage", "amicale", "prefecture",
})

_CAPITALISED = r"[A-ZÀ-ÖØ-Þ][\w’'-]*"
_LINK = r"(?:(?:de|du|des|la|le|les|et|pour|en|sur|sans|à|au|aux|dans)[ \t]+|d[’']|l[’'])"
_LOWER = r"(?!(?:association|comité|commune|ville|mairie|avec|chez)\b)[a-zà-ÿ][\w-]*"
# Capitalised words, with little words and at most one lower-case word between two of them
# ("Ponts d'amitié Lisses-Bohicon", "Chemins partagés Essonne-Atlas"); one line only.
_NAME = rf"{_CAPITALISED}(?:[ \t]+{_LINK}*(?:{_LOWER}[ \t]+{_LINK}*)?{_CAPITALISED})*"

_PATTERNS: tuple[tuple[re.Pattern[str], str | None], ...] = (
    (re.compile(r"\bConseil (?:départemental|général) de l[’']Essonne\b"), None),
    (re.compile(r"\bCentre de ressources essonnien de la solidarité internationale\b|\bCRESI\b"), CRESI),
    (re.compile(rf"\b[Aa]ssociation\s+({_NAME})"), "Association {0}"),
    (re.compile(rf"\bComité de jumelage\s+{_LINK}?{_NAME}"), None),
    (re.compile(rf"\b(?:Commune|Ville|Mairie) (?:de\s+|d[’']){_NAME}"), None),
)
# Words a body's name starts with, before its sigle ("Association…", "Plateforme…").
_BODY_WORDS = (ORGANISATION_WORDS - {"centre", "service"}) | frozenset({  # health centres are places
    "plateforme", "organisation", "coordination", "mouvement", "alliance", "banque", "fonds",
    "office", "initiative", "observatoire", "programme", "maison", "bureau", "confederation",
})
_LINK_WORDS = frozenset({"de", "du", "des", "la", "le", "les", "l", "d", "et", "pour", "en", "au", "aux",
                         "dans", "sur", "a", "sans", "par"})
_SIGLE = re.compile(r"([\w’'-]+)\s*\(\s*([A-Z][A-Za-z0-9&]{1,9})\s*\)")
_QUOTED = re.compile(
    r"\b(?i:association)(?:\s+(?i:de\s+bienfaisance|culturelle|humanitaire|loi\s+1901))?\s*"
    r"(?:dénommée\s*:?\s*)?[«\"“]\s*([^»\"”\n]{3,60}?)\s*[»\"”]"
    r"|\bdénommée\s*:?\s*[«\"“]?\s*([A-Z][A-Z0-9’' -]{2,40}[A-Z0-9])\b"
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


def _first_named(page: str) -> list[tuple[int, str, str]]:
    """(position, name, words to count it by) of the bodies the usual patterns name."""
    found = []
    for pattern, template in _PATTERNS:
        for match in pattern.finditer(page):
            value = match.group(0) if template is None else template.format(*match.groups())
            value = re.sub(r"\s+", " ", value).strip()
            core = match.group(1) if match.groups() else match.group(0)
            found.append((match.start(), value, re.sub(r"\s+", " ", core).strip()))
    return found


def _defined_sigles(page: str) -> list[tuple[int, str, str]]:
    """Bodies written out before their sigle: "la Plateforme des ONG nationales actives dans
    l'humanitaire (PONAH)" -> that name with its sigle, counted by the sigle."""
    found = []
    for match in _SIGLE.finditer(page):
        sigle = match.group(2)
        before = re.findall(r"[\w’'-]+", page[max(0, match.start() - 160) : match.start(1) + len(match.group(1))])
        for start in range(len(before) - 1, -1, -1):
            name = before[start:]
            if _initials(name) == sigle.upper() and name[0][0].isupper() and fold(name[0]).lower() in _BODY_WORDS:
                text = " ".join(name)
                found.append((match.start(), f"{text} ({sigle})", sigle))
                break
    return found


def _initials(name_words: list[str]) -> str:
    significant = [re.sub(r"^[ldLD][’']", "", w) for w in name_words]
    return "".join(w[0].upper() for w in significant if w and fold(w).lower() not in _LINK_WORDS)


def _quoted(page: str) -> list[tuple[int, str, str]]:
    """Associations named between quotes or after "dénommée" ("l'association « Liens
    culturels »", "dénommée : MUSEEAFRICART-TOGO")."""
    found = []
    for match in _QUOTED.finditer(page):
        name = (match.group(1) or match.group(2)).strip()
        found.append((match.start(), _spelling(name, page), name))
    return found


def _title_head(title: str, text: str, is_genre: Callable[[str], bool]) -> list[tuple[int, str, str]]:
    """The name heading a title ("KOULENGA : compte rendu de l'assemblée générale"), when it
    is a proper name the text repeats, not the document's genre or a place."""
    parts = re.split(r"\s+[:–—-]\s+|\s*:\s+", title, maxsplit=1)
    head = parts[0].strip(" «»\"")
    ws = head.split()
    if len(parts) < 2 or not 1 <= len(ws) <= 4 or any(not w[0].isupper() for w in ws if w[0].isalpha()):
        return []
    if re.search(r"\d", head) or is_genre(head) or resolve_country(head):
        return []
    if len(re.findall(rf"(?<!\w){re.escape(head)}(?!\w)", text, re.IGNORECASE)) < 2:
        return []
    return [(-1, _spelling(head, text), head)]


def _spelling(name: str, text: str) -> str:
    """A name as the text writes it when not in capitals ("KOULENGA" -> "Koulenga")."""
    if not name.isupper() or len(name) <= 5:
        return name
    for match in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text, re.IGNORECASE):
        if not match.group(0).isupper():
            return match.group(0)
    return name.title()


def _mentions(core: str, text: str) -> int:
    """How many times a name is written, as given or in capitals ("Sur" is not "sur")."""
    if not core:
        return 0
    forms = {re.escape(core), re.escape(core.upper())}
    return len(re.findall(rf"(?<!\w)(?:{'|'.join(forms)})(?!\w)", text))


def detect_organisation(text: str, title: str = "", name: str = "",
                        is_genre: Callable[[str], bool] = lambda _: False) -> str:
    """The issuing body: of the bodies the first page names (association, council, a body
    written out before its sigle, a name between quotes) or that heads the title, the one
    the document names most (the title and the file name count TITLE_MENTIONS), then the
    first; the first the page names counts TITLE_MENTIONS more. With its sigle when the
    document uses it. `name` is the file name."""
    page, body = text[:FIRST_PAGE_CHARS], text[:BODY_CHARS]
    if title and not page.lstrip().startswith(title[:40]):
        page = f"{title}\n{page}"  # a body the title names
    candidates = [*_first_named(page), *_defined_sigles(page), *_quoted(page), *_title_head(title, body, is_genre)]
    candidates = [c for c in candidates if fold(c[2]).lower() not in _LINK_WORDS]  # "Association Sur"
    if not candidates:
        return ""

    first = min((c for c in candidates if c[0] >= 0), default=None, key=lambda c: c[0])
    cores: dict[str, set[str]] = {}
    order: dict[str, int] = {}
    for position, value, core in candidates:
        cores.setdefault(value, set()).add(core)
        order[value] = min(order.get(value, position), position)

    def weight(value: str) -> tuple[int, int]:
        named = sum(_mentions(core, body) + TITLE_MENTIONS * (_mentions(core, title) + _mentions(core, name))
                    for core in cores[value])
        if first is not None and value == first[1]:
            named += TITLE_MENTIONS  # the first body the page names is often who writes
        return -named, order[value]

    value = min(cores, key=weight)
    return _with_sigle(value, f"{title}\n{name}\n{body}")


def _with_sigle(value: str, text: str) -> str:
    """"Initiative humanitaire internationale (IHI)" when the document also says "IHI"."""
    if "(" in value:
        return value
    sigle = _initials(re.findall(r"[\w’'-]+", value))
    if len(sigle) >= 3 and re.search(rf"(?<!\w){sigle}(?!\w)", text):
        return f"{value} ({sigle})"
    return value


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
