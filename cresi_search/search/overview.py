"""What the collection holds, for the home page and /explorer: documents per value of
every facet, and one facet crossed with another (themes by country), from the facet
sets of the index state (facet_counts.py) without reading a stored field."""

from __future__ import annotations

from dataclasses import dataclass

from cresi_search.search.facet_counts import FacetIndex, Labeller, facet_counts
from cresi_search.search.results import FacetValue


@dataclass
class Overview:
    documents: int
    counts: dict[str, list[FacetValue]]  # facet -> its values, in the facet's order
    rows: str  # the crossed facets: rows x columns
    columns: str
    cross: dict[str, dict[str, int]]  # row value -> column value -> documents (no zeros)

    def cell(self, row: str, column: str) -> int:
        return self.cross.get(row, {}).get(column, 0)


def overview(index: FacetIndex, label: Labeller, rows: str, columns: str) -> Overview:
    """Counts of every facet over all documents, and `rows` crossed with `columns`."""
    counts = facet_counts(index, index.documents, {}, {}, label)
    cross = {}
    for row, row_docs in index.values.get(rows, {}).items():
        cells = {col: len(row_docs & col_docs)
                 for col, col_docs in index.values.get(columns, {}).items()}
        cross[row] = {col: n for col, n in cells.items() if n}
    return Overview(len(index.documents), counts, rows, columns, cross)
