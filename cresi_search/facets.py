"""The five facets, declared once: everything else (index fields, URL parameters, query
prefixes, facet counts, the API description, `cresi-index status`) is derived from here.

A facet's `name` is its one spelling: the index field, the URL and API parameter, the
key of the facet counts and of a document's sources. `attribute` is where records and
search hits hold its values (`countries` holds the values of the `country` facet).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Facet:
    name: str
    title: str  # French heading on the site
    attribute: str  # attribute of DocumentRecord and SearchHit holding the values
    prefixes: tuple[str, ...] = ()  # folded query prefixes that filter on it ("pays:mali")
    coded: bool = False  # values are codes, shown with labels from the vocabularies
    multiple: bool = False  # a document may have several values
    help: str = ""  # what a value is, for the API description
    by_value: bool = False  # values listed in their own order (newest year first), not by count
    ranged: bool = False  # also filtered by an inclusive range: `<name>_from`, `<name>_to`

    @property
    def range_params(self) -> tuple[str, str]:
        """The URL and API parameters of its range ("year_from", "year_to")."""
        return f"{self.name}_from", f"{self.name}_to"


FACETS: tuple[Facet, ...] = (
    Facet("country", "Pays", "countries", ("pays", "country"), coded=True, multiple=True,
          help="Code pays ISO 3166-1 alpha-2"),
    Facet("theme", "Thème", "themes", ("theme",), coded=True, multiple=True,
          help="Code de thème"),
    Facet("type", "Type de document", "type", ("type",), coded=True,
          help="Code de type de document"),
    Facet("year", "Année", "year", ("annee", "year"), help="Année sur quatre chiffres",
          by_value=True, ranged=True),
    Facet("organisation", "Organisation", "organisation",
          help="Organisation, telle qu'affichée"),
)

FACET_NAMES: tuple[str, ...] = tuple(f.name for f in FACETS)
BY_NAME: dict[str, Facet] = {f.name: f for f in FACETS}
BY_PREFIX: dict[str, Facet] = {p: f for f in FACETS for p in f.prefixes}
RANGED: tuple[Facet, ...] = tuple(f for f in FACETS if f.ranged)


def empty_filters() -> dict[str, list[str]]:
    """Facet name -> selected values, none selected."""
    return {name: [] for name in FACET_NAMES}
