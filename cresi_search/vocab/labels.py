"""Labels and lookups of facet values: country codes and taxonomy codes -> French words.

The index stores codes only; what people read comes from the vocabularies, so a label
changed in taxonomy.toml shows on the site without reindexing.
"""

from __future__ import annotations

from dataclasses import dataclass

from cresi_search.vocab.countries import country_label, resolve_country
from cresi_search.vocab.taxonomy import Taxonomy


@dataclass(frozen=True)
class Label:
    """A facet value as stored (code) and as shown (label)."""

    code: str
    label: str


class Vocabularies:
    """Labels and resolution of facet values for the search service."""

    def __init__(self, taxonomy: Taxonomy) -> None:
        self.taxonomy = taxonomy

    def label(self, facet: str, value: str) -> str:
        if facet == "country":
            return country_label(value)
        if facet == "theme":
            return self.taxonomy.theme_label(value)
        if facet == "type":
            return self.taxonomy.type_label(value)
        return value

    def resolve(self, facet: str, text: str) -> str | None:
        """The code a person means by `text` (a code, a label or a synonym), or None."""
        if facet == "country":
            return resolve_country(text)
        if facet == "theme":
            return self.taxonomy.resolve_theme(text)
        if facet == "type":
            return self.taxonomy.resolve_type(text)
        return None

    def country(self, code: str) -> Label:
        return Label(code, country_label(code))

    def theme(self, code: str) -> Label:
        return Label(code, self.taxonomy.theme_label(code))

    def type_label(self, code: str) -> Label | None:
        return Label(code, self.taxonomy.type_label(code)) if code else None

