"""Facet counts from document-number sets, without reading any stored field.

Rules (docs/search.md): values of one facet combine with OR, facets with AND, and each
facet's counts apply the other facets' selections but not its own, so a person can
still see (and add) the other countries once one is chosen. A period (`year_from`,
`year_to`) is one more selection, under its own key: the year counts apply it, so they
show the years of the period.

Every facet value's documents are read once per searcher from its posting list (a few
hundred small sets); a request then only intersects sets. Walking the stored fields of
every match (Whoosh `groupedby`) costs hundreds of milliseconds on a real corpus.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import reduce

from whoosh.reading import TermNotFound

from cresi_search.facets import BY_NAME, FACET_NAMES
from cresi_search.french.normalise import fold
from cresi_search.index.schema import KIND_DOC
from cresi_search.search.results import FacetValue

MAX_VALUES = 100

Labeller = Callable[[str, str], str]  # (facet, value) -> label shown to people


def term_docs(reader, fieldname: str, text: str) -> frozenset[int]:
    """Entry numbers holding one term of one field."""
    try:
        return frozenset(reader.postings(fieldname, text).all_ids())
    except TermNotFound:
        return frozenset()


class FacetIndex:
    """The document numbers of all documents and of every facet value."""

    def __init__(self, reader) -> None:
        self.documents = term_docs(reader, "kind", KIND_DOC)
        self.values: dict[str, dict[str, frozenset[int]]] = {}
        for facet in FACET_NAMES:
            per_value = {}
            for value in reader.field_terms(facet):
                docs = term_docs(reader, facet, value) & self.documents
                if value and docs:
                    per_value[value] = docs
            self.values[facet] = per_value

    def restricted(self, documents: frozenset[int]) -> "FacetIndex":
        """The same index over some of the documents only (those an audience may see):
        a value none of them has is gone, as if the others were not indexed."""
        out = object.__new__(FacetIndex)
        out.documents = self.documents & documents
        out.values = {}
        for facet, per_value in self.values.items():
            kept = {value: docs & out.documents for value, docs in per_value.items()}
            out.values[facet] = {value: docs for value, docs in kept.items() if docs}
        return out

    def docs_for(self, facet: str, values: Sequence[str]) -> frozenset[int]:
        """Documents having any of the values (OR within a facet)."""
        known = self.values.get(facet, {})
        return frozenset().union(*(known.get(v, frozenset()) for v in values))

    def docs_between(self, facet: str, low: int | None, high: int | None) -> frozenset[int]:
        """Documents with a value from `low` to `high` included (numeric values)."""
        inside = [
            docs for value, docs in self.values.get(facet, {}).items()
            if value.isdigit() and (low is None or int(value) >= low)
            and (high is None or int(value) <= high)
        ]
        return frozenset().union(*inside)


def _intersect(base: frozenset[int], sets: list[frozenset[int]]) -> frozenset[int]:
    return reduce(lambda acc, s: acc & s, sorted(sets, key=len), base)


def range_key(facet: str) -> str:
    """The key of a facet's period among the selection sets."""
    return f"{facet}:range"


def selection_sets(
    index: FacetIndex, selections: Mapping[str, Sequence[str]],
    ranges: Mapping[str, tuple[int | None, int | None]] | None = None,
) -> dict[str, frozenset[int]]:
    """Facet (or period) -> documents allowed by its selection, for those with one."""
    chosen = {f: index.docs_for(f, vals) for f, vals in selections.items() if vals}
    for facet, (low, high) in (ranges or {}).items():
        chosen[range_key(facet)] = index.docs_between(facet, low, high)
    return chosen


def apply_selections(matched: frozenset[int], chosen: dict[str, frozenset[int]]) -> frozenset[int]:
    """The hits: matched documents allowed by every facet (AND across facets)."""
    return _intersect(matched, list(chosen.values()))


def facet_counts(
    index: FacetIndex,
    matched: frozenset[int],
    chosen: dict[str, frozenset[int]],
    selections: Mapping[str, Sequence[str]],
    label: Labeller,
) -> dict[str, list[FacetValue]]:
    """Counts of every facet; each one ignores its own selection (`chosen`, from
    `selection_sets`), not the others nor the periods."""
    out = {}
    for facet in FACET_NAMES:
        others = [docs for f, docs in chosen.items() if f != facet]
        scope = _intersect(matched, others)
        out[facet] = _values(index, facet, scope, selections.get(facet, ()), label)
    return out


def _values(index, facet, scope, selected, label) -> list[FacetValue]:
    counts = {v: len(scope & docs) for v, docs in index.values.get(facet, {}).items()}
    values = [
        FacetValue(v, label(facet, v), n, v in selected)
        for v, n in counts.items()
        if n or v in selected
    ]
    values += [FacetValue(v, label(facet, v), 0, True) for v in selected if v not in counts]
    if BY_NAME[facet].by_value:
        values.sort(key=lambda fv: fv.value, reverse=True)
    else:
        values.sort(key=lambda fv: (-fv.count, fold(fv.label.lower())))
    return values[:MAX_VALUES] + [fv for fv in values[MAX_VALUES:] if fv.selected]
