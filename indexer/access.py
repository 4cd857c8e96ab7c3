"""Which catalogue row says who may see a file: the `acces` column (docs/staff.md).

- the file's own row, when its `acces` cell is filled (`public` or `equipe`);
- otherwise the row of the deepest folder above it (`chemin` ending with "/");
- otherwise public, the default.
A file row whose `acces` cell is empty follows its folder: only a written `public`
makes a file of a team-only folder public.

Fail closed: when the catalogue could not be read to its end, a folder row may be in the
part not read. A file whose own row does not give its access then keeps the stricter of
what the part read says and what the index had (team-only for a file not indexed yet).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

from cresi_search.records import ACCESS_PUBLIC, ACCESS_STAFF
from cresi_search.vocab import load_taxonomy
from indexer.catalogue import CatalogueEntry, normalise_relpath, read_catalogue


def folder_row(catalogue: Mapping[str, CatalogueEntry], relpath: str) -> CatalogueEntry | None:
    """The row of the deepest folder above `relpath` that the catalogue describes."""
    parts = normalise_relpath(relpath).split("/")[:-1]
    for depth in range(len(parts), 0, -1):
        row = catalogue.get("/".join(parts[:depth]) + "/")
        if row is not None:
            return row
    return None


def stricter(a: str, b: str) -> str:
    """The access that shows a document to fewer people; anything unknown is team-only."""
    return ACCESS_PUBLIC if a == b == ACCESS_PUBLIC else ACCESS_STAFF


def entry_for(
    catalogue: Mapping[str, CatalogueEntry],
    relpath: str,
    *,
    complete: bool = True,
    indexed_access: str | None = None,
) -> CatalogueEntry | None:
    """The catalogue entry of one file, its `access` the one that applies to it; None
    when the catalogue says nothing of it (public).

    `complete`: False when the catalogue was read only in part; `indexed_access` is then
    the access the index holds for this file (None: not indexed yet)."""
    path = normalise_relpath(relpath)
    own = catalogue.get(path)
    if own is not None and own.access:
        return own
    folder = folder_row(catalogue, path)
    access = folder.access if folder is not None else ""
    if not complete:
        access = stricter(access or ACCESS_PUBLIC, indexed_access or ACCESS_STAFF)
    if not access:
        return own
    return replace(own or CatalogueEntry(path=path, row=0), access=access)


def record_access(entry: CatalogueEntry | None) -> str:
    """The access a document gets from its entry: public only when the entry says so or
    says nothing."""
    if entry is None or entry.access in ("", ACCESS_PUBLIC):
        return ACCESS_PUBLIC
    return ACCESS_STAFF


def folder_rows(corpus: Path) -> dict[str, CatalogueEntry]:
    """The folder rows of the corpus's catalogue, by path (ending with "/")."""
    entries, _ = read_catalogue(corpus, load_taxonomy(None))
    return {path: entry for path, entry in entries.items() if path.endswith("/")}


def inherited_access(folders: Mapping[str, CatalogueEntry], relpath: str) -> str:
    """The access a file gets when its own row leaves `acces` empty."""
    row = folder_row(folders, relpath)
    return row.access if row is not None else ACCESS_PUBLIC
