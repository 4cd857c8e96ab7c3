"""The FTS5 reference for the judged sets: SQLite FTS5 over the very texts cresi-search indexed.

One row per document (title, all its page texts) read back from a cresi-search index, the
`unicode61 remove_diacritics 2` tokenizer, the query's words OR-ed, ranked by bm25 — the
plain baseline a search engine has to beat. Facet filters of the sample set's queries are
applied with the facet values of the same index, so both engines see the same metadata.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from pathlib import Path

from cresi_search.facets import FACET_NAMES
from cresi_search.index.schema import KIND_DOC, KIND_PAGE
from cresi_search.index.store import IndexStore

_TOKEN = re.compile(r"\w+", re.UNICODE)


class Fts5Reference:
    """An in-memory FTS5 index of the documents of one cresi-search index."""

    def __init__(self, index_dir: Path) -> None:
        self.db = sqlite3.connect(":memory:")
        self.db.execute("CREATE VIRTUAL TABLE docs USING fts5(path UNINDEXED, title, body, "
                        "tokenize='unicode61 remove_diacritics 2')")
        self.db.execute("CREATE TABLE facet(path TEXT, name TEXT, value TEXT)")
        for path, title, body, facets in _documents(index_dir):
            self.db.execute("INSERT INTO docs(path, title, body) VALUES (?, ?, ?)", (path, title, body))
            self.db.executemany("INSERT INTO facet VALUES (?, ?, ?)",
                                [(path, n, v) for n, vs in facets.items() for v in vs])

    def search(self, q: str, filters: dict[str, list[str]] | None = None, limit: int = 1000) -> list[str]:
        """Paths of the matching documents, best bm25 first."""
        words = _TOKEN.findall(q)
        if not words:
            return []
        expression = " OR ".join(f'"{w}"' for w in words)
        rows = self.db.execute(
            "SELECT path FROM docs WHERE docs MATCH ? ORDER BY bm25(docs), path LIMIT ?",
            (expression, limit),
        ).fetchall()
        paths = [r[0] for r in rows]
        for name, values in (filters or {}).items():
            if values:
                allowed = {r[0] for r in self.db.execute(
                    f"SELECT path FROM facet WHERE name = ? AND value IN ({','.join('?' * len(values))})",
                    (name, *values))}
                paths = [p for p in paths if p in allowed]
        return paths


def _documents(index_dir: Path):
    """(path, title, text, facet values) of every document of the index."""
    ix = IndexStore(Path(index_dir)).open()
    with ix.searcher() as s:
        texts: dict[str, list[tuple[int, str]]] = {}
        for docnum in s.document_numbers(kind=KIND_PAGE):
            f = s.stored_fields(docnum)
            texts.setdefault(f["parent"], []).append((f.get("pagenum") or 0, f.get("page_text", "")))
        for docnum in s.document_numbers(kind=KIND_DOC):
            f = s.stored_fields(docnum)
            pages = [t for _, t in sorted(texts.get(f["id"], []))]
            facets = {name: [v for v in (f.get(name) or "").split(",") if v]
                      for name in FACET_NAMES}
            path = unicodedata.normalize("NFC", f["path"])
            yield path, f.get("title") or "", "\n".join(pages), facets
