"""What a search asks for, checked in one place: `SearchRequest.validate()`.

The site's query string and the JSON API both become a SearchRequest (search_app/params.py);
every bound of the read side is here, with its French message.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cresi_search.dates import YEAR_MAX, YEAR_MIN
from cresi_search.facets import FACET_NAMES, empty_filters

SORTS = ("relevance", "date")
MAX_PER_PAGE = 50
MAX_DEPTH = 1000  # results reachable by paging


class InvalidRequest(ValueError):
    """A request parameter is out of bounds; the message is French, for people."""


@dataclass
class SearchRequest:
    q: str = ""
    filters: dict[str, list[str]] = field(default_factory=empty_filters)  # facet -> values
    sort: str = "relevance"
    page: int = 1
    per_page: int = 10

    def __post_init__(self) -> None:
        unknown = set(self.filters) - set(FACET_NAMES)
        if unknown:
            raise InvalidRequest(f"Filtre inconnu : {', '.join(sorted(unknown))}.")
        # Each facet present, each value once, in the order given.
        self.filters = {name: list(dict.fromkeys(self.filters.get(name, ()))) for name in FACET_NAMES}

    def validate(self) -> None:
        """Raises InvalidRequest with a French message when a parameter is unusable."""
        if self.sort not in SORTS:
            raise InvalidRequest("Tri inconnu : choisissez « relevance » ou « date ».")
        if not 1 <= self.per_page <= MAX_PER_PAGE:
            raise InvalidRequest(
                f"Le nombre de résultats par page (per_page) va de 1 à {MAX_PER_PAGE}."
            )
        if self.page < 1:
            raise InvalidRequest("Le numéro de page doit être supérieur ou égal à 1.")
        if self.page * self.per_page > MAX_DEPTH:
            raise InvalidRequest(f"Seuls les {MAX_DEPTH} premiers résultats sont consultables.")
        for year in self.filters["year"]:
            if not (year.isdigit() and len(year) == 4 and YEAR_MIN <= int(year) <= YEAR_MAX):
                raise InvalidRequest(f"Année invalide : « {year[:20]} ».")

    def first(self) -> int:
        """Index of the page's first hit among all hits."""
        return (self.page - 1) * self.per_page
