"""Controlled vocabulary: countries (ISO codes, French labels, aliases) and the
themes and document types of the CRESI taxonomy, with their detection in French text."""

from cresi_search.vocab.countries import (
    aliases,
    country_label,
    country_labels,
    detect_countries,
    resolve_country,
)
from cresi_search.vocab.taxonomy import (
    Taxonomy,
    TaxonomyError,
    Term,
    find_taxonomy,
    load_taxonomy,
    parse_taxonomy,
)

__all__ = [
    "Taxonomy",
    "TaxonomyError",
    "Term",
    "aliases",
    "country_label",
    "country_labels",
    "detect_countries",
    "find_taxonomy",
    "load_taxonomy",
    "parse_taxonomy",
    "resolve_country",
]
