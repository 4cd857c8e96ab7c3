"""Finding the year of a document in its names and first page: a detection heuristic.

Dates given as dates (catalogue cells, file properties) are read by `cresi_search.dates`.
Here a four-digit number counts as a year only inside a narrower window: outside it, a
number in a name or a first page is more likely something else (an amount, a reference,
a far target) than the year the document was written.
"""

from __future__ import annotations

import re
from collections import Counter

from cresi_search.french.normalise import fold

DETECTED_YEAR_MIN = 1990  # the window of years detection believes (see above)
DETECTED_YEAR_MAX = 2030
FIRST_PAGE_CHARS = 3000
_WINDOW = 80  # characters before a year read to judge whether it dates the document

_YEAR = re.compile(r"(?<![\d.,/])((?:19|20)\d{2})(?!\d)")
# "2009-2012", "2018 à 2022": a period covered, not the date of the document.
_RANGE = re.compile(r"(?<!\d)(?:19|20)\d{2}\s*(?:-|–|à|au)\s*(?:19|20)\d{2}(?!\d)")
_MONTH_YEAR_NAME = re.compile(r"(?<![\d.])\d{1,2}[./]((?:19|20)\d{2})(?!\d)")
_CONTEXT_WORDS = (
    "rapport", "mission", "bilan", "compte rendu", "compte-rendu", "evaluation", "annee",
    "exercice", "activite", "edition", "mise a jour", "redige", "fait a", "date", "guide",
    "fiche", "version",
)
# Years after these words look back or ahead ("depuis 2015", "d'ici 2030"): never the date.
_NOT_THE_DATE = re.compile(
    r"\b(depuis|avant|apres|jusqu'en|jusqu'a|d'ici|horizon|a partir de|entre|lance en)"
    r"\b[^.;:]{0,20}$"
)
_MONTH_BEFORE = re.compile(
    r"(janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre)\s+$"
)
_GLUED = re.compile(
    r"\b(janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre)"
    r"\s+((?:19|20)\d{2})\d(?!\d)"
)
_DATE_BEFORE = re.compile(r"\d{1,2}[/.-]\d{1,2}[/.-]$")


def _plausible(year: int) -> bool:
    return DETECTED_YEAR_MIN <= year <= DETECTED_YEAR_MAX


def year_in_name(name: str) -> int | None:
    """The latest plausible year in a title or file name, periods ("2009-2012") left aside."""
    name = _MONTH_YEAR_NAME.sub(r" \1", name)  # "subventions_5.2020": May 2020
    years = [int(y) for y in _YEAR.findall(_RANGE.sub(" ", name))]
    years = [y for y in years if _plausible(y)]
    return max(years) if years else None


def year_in_text(text: str, dated_only: bool = False) -> int | None:
    """The year that dates a first page: one next to "rapport", "mission", a month name or
    a date wins; otherwise the year named most often (the first one on a tie). Years of a
    period or after "depuis", "d'ici"… are left aside."""
    folded = _RANGE.sub(" ", fold(text[:FIRST_PAGE_CHARS]).lower())
    folded = _GLUED.sub(r"\1 \2 ", folded)  # "Juillet 20183": July 2018, a note call glued on
    found: list[tuple[int, int]] = []  # (score, year) in text order
    for match in _YEAR.finditer(folded):
        year = int(match.group(1))
        if not _plausible(year):
            continue
        before = folded[max(0, match.start() - _WINDOW) : match.start()]
        if _NOT_THE_DATE.search(before):
            continue
        score = sum(word in before for word in _CONTEXT_WORDS)
        if _MONTH_BEFORE.search(before) or _DATE_BEFORE.search(before):
            score += 2
        found.append((score, year))
    if not found:
        return None
    best = max(score for score, _ in found)
    if best > 0:
        return next(year for score, year in found if score == best)
    if dated_only:  # no year stands next to a date or a word that dates the page
        return None
    counts = Counter(year for _, year in found)
    top = max(counts.values())
    return next(year for _, year in found if counts[year] == top)
