"""The team's export: a `catalogue.csv` of every indexed document, in the columns that
indexer/catalogue.py reads, so staff can correct it in a spreadsheet and save it as the
folder's catalogue (docs/staff.md).

- values as the index holds them, whatever their source; the column `a_verifier` names
  the columns whose value was guessed (detected, from the folder or file properties),
  which the catalogue reader ignores;
- multiple values separated by ";", codes for type, countries and themes;
- UTF-8 with a BOM and ";" between cells, so a French spreadsheet opens it right;
- a cell a spreadsheet would run as a formula (=, +, -, @…) gets a leading apostrophe
  (cresi_search/spreadsheet.py); the catalogue reader takes it off again;
- `acces`: the catalogue's folder rows come first, as they are; a document's own cell is
  written only when its access differs from what its folder rows give it, so marking a
  folder `equipe` in the saved export still reserves every file below it (a `public`
  written on each row would win over the folder and keep them open).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping

from cresi_search.records import SOURCE_CATALOGUE
from cresi_search.search import DocumentView
from cresi_search.spreadsheet import safe_cell
from indexer.access import inherited_access
from indexer.catalogue import CHECK_COLUMN, COLUMNS, CatalogueEntry

DELIMITER = ";"


def cell(doc: DocumentView, attribute: str) -> str:
    value = getattr(doc, attribute)
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(v.code if hasattr(v, "code") else str(v) for v in value)
    if hasattr(value, "code"):
        return value.code
    return str(value)


def guessed(doc: DocumentView) -> list[str]:
    """The columns whose value is not the catalogue's (and not empty)."""
    return [column for column, attribute in COLUMNS.items()
            if attribute in doc.sources and doc.sources[attribute] != SOURCE_CATALOGUE
            and cell(doc, attribute)]


def catalogue_csv(documents: list[DocumentView], folders: Mapping[str, CatalogueEntry] | None = None) -> bytes:
    """The whole export, ready to download; `folders`: the catalogue's folder rows."""
    folders = folders or {}
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=DELIMITER, quoting=csv.QUOTE_MINIMAL)
    writer.writerow([*COLUMNS, CHECK_COLUMN])
    for path, entry in sorted(folders.items()):
        cells = {column: "" for column in COLUMNS} | {"chemin": path, "acces": entry.access}
        writer.writerow([safe_cell(c) for c in [*cells.values(), ""]])
    for doc in documents:
        row = {column: cell(doc, attribute) for column, attribute in COLUMNS.items()}
        if row["acces"] == inherited_access(folders, doc.path):
            row["acces"] = ""
        writer.writerow([safe_cell(c) for c in [*row.values(), ", ".join(guessed(doc))]])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
