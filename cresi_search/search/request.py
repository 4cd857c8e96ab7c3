"""What a search asks for, checked in one place: `SearchRequest.validate()`.

The site's query string and the JSON API both become a SearchRequest (search_app/params.py);
every bound of the read side is here, with its French message.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cresi_search.dates import YEAR_MAX, YEAR_MIN
from cresi_search.facets import FACET_NAMES, RANGED, empty_filters

# relevance; date: newest first; oldest: oldest first; title: by title, A to Z;
# added: latest to enter the index first (the Atom feed's order).
SORTS = ("relevance", "date", "oldest", "title", "added")
SORT_NAMES = {"relevance": "pertinence", "date": "plus récents", "oldest": "plus anciens",
              "title": "titre", "added": "derniers ajoutés"}
MAX_PER_PAGE = 50
MAX_DEPTH = 1000  # results reachable by paging

Range = tuple[int | None, int | None]  # inclusive bounds, None: open


class InvalidRequest(ValueError):
    """A request parameter is out of bounds; the message is French, for people."""


@dataclass
class SearchRequest:
    q: str = ""
    filters: dict[str, list[str]] = field(default_factory=empty_filters)  # facet -> values
    sort: str = "relevance"
    page: int = 1
    per_page: int = 10
    ranges: dict[str, Range] = field(default_factory=dict)  # ranged facet -> (from, to)

    def __post_init__(self) -> None:
        unknown = set(self.filters) - set(FACET_NAMES)
        if unknown:
            raise InvalidRequest(f"Filtre inconnu : {', '.join(sorted(unknown))}.")
        # Each facet present, each value once, in the order given.
        self.filters = {name: list(dict.fromkeys(self.filters.get(name, ()))) for name in FACET_NAMES}
        unknown = set(self.ranges) - {f.name for f in RANGED}
        if unknown:
            raise InvalidRequest(f"Pas de période possible pour : {', '.join(sorted(unknown))}.")
        # Only bounds that are set; bounds given the wrong way round are swapped.
        self.ranges = {name: _ordered(low, high) for name, (low, high) in self.ranges.items()
                       if low is not None or high is not None}

    def validate(self) -> None:
        """Raises InvalidRequest with a French message when a parameter is unusable."""
        if self.sort not in SORTS:
            choices = ", ".join(f"« {s} » ({SORT_NAMES[s]})" for s in SORTS)
            raise InvalidRequest(f"Tri inconnu : choisissez parmi {choices}.")
        if not 1 <= self.per_page <= MAX_PER_PAGE:
            raise InvalidRequest(
                f"Le nombre de résultats par page (per_page) va de 1 à {MAX_PER_PAGE}."
            )
        if self.page < 1:
            raise InvalidRequest("Le numéro de page doit être supérieur ou égal à 1.")
        for year in self.filters["year"]:
            if not (year.isdigit() and len(year) == 4 and YEAR_MIN <= int(year) <= YEAR_MAX):
                raise InvalidRequest(f"Année invalide : « {year[:20]} ».")
        for bound in (b for pair in self.ranges.values() for b in pair if b is not None):
            if not YEAR_MIN <= bound <= YEAR_MAX:
                raise InvalidRequest(f"Année invalide : « {bound} » (de {YEAR_MIN} à {YEAR_MAX}).")

    def first(self) -> int:
        """Index of the page's first hit among all hits."""
        return (self.page - 1) * self.per_page


def _ordered(low: int | None, high: int | None) -> Range:
    if low is not None and high is not None and low > high:
        return high, low
    return low, high
