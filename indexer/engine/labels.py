"""Labels and lookups of facet values: country codes and taxonomy codes -> French words.

The index stores codes only; what people read comes from the vocabularies, so a label
changed in taxonomy.toml shows on the site without reindexing.
"""

from __future__ import annotations

from dataclasses import dataclass

from indexer.engine.analysis import fold
from indexer.vocab.countries import country_label, resolve_country


@dataclass(frozen=True)
class Label:
    """A facet value as stored (code) and as shown (label)."""

    code: str
    label: str


class Vocabularies:
    """Labels and resolution of facet values for the search service."""

    def __init__(self, taxonomy) -> None:
        self.taxonomy = taxonomy

    def label(self, facet: str, value: str) -> str:
        if facet == "country":
            return country_label(value)
        if facet == "theme":
            return _term_label(self.taxonomy.themes, value)
        if facet == "type":
            return _term_label(self.taxonomy.types, value)
        return value

    def resolve(self, facet: str, text: str) -> str | None:
        """The code a person means by `text` (a code, a label or a synonym), or None."""
        if facet == "country":
            return resolve_country(text)
        if facet == "theme":
            return self.taxonomy.resolve_theme(text) or _by_label(self.taxonomy.themes, text)
        if facet == "type":
            return self.taxonomy.resolve_type(text) or _by_label(self.taxonomy.types, text)
        return None

    def country(self, code: str) -> Label:
        return Label(code, country_label(code))

    def theme(self, code: str) -> Label:
        return Label(code, _term_label(self.taxonomy.themes, code))

    def type_label(self, code: str) -> Label | None:
        return Label(code, _term_label(self.taxonomy.types, code)) if code else None


def _term_label(terms: dict, code: str) -> str:
    term = terms.get(code)
    return term.label if term is not None else code


def _by_label(terms: dict, text: str) -> str | None:
    wanted = fold(text.strip().lower())
    for code, term in terms.items():
        if wanted in (code, fold(term.label.lower())):
            return code
    return None
