"""The reference: SQLite FTS5 over the same extracted texts, answering the same queries.

One row per document (title, body) with the `unicode61 remove_diacritics 2` tokenizer
(no stemming: FTS5 matches fewer forms than the French analyzer), the values of the
facets the query mix filters on (MIX_FACETS) in a plain table. A query returns what the
result page needs from a search engine: the top 20 with a `snippet()` each, and the
counts per facet value over all the matches.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from bench.querymix import MIX_FACETS, Query

_TOKEN = re.compile(r"\w+", re.UNICODE)


@dataclass
class Row:
    title: str
    body: str
    facets: dict[str, list[str]]  # facet -> values


def build(db_path: Path, rows: list[Row]) -> None:
    db_path.unlink(missing_ok=True)
    con = sqlite3.connect(db_path)
    with con:
        con.execute("CREATE VIRTUAL TABLE docs USING fts5(title, body, tokenize='unicode61 remove_diacritics 2')")
        con.execute("CREATE TABLE facet(docid INTEGER, name TEXT, value TEXT)")
        for docid, row in enumerate(rows, start=1):
            con.execute("INSERT INTO docs(rowid, title, body) VALUES (?, ?, ?)", (docid, row.title, row.body))
            con.executemany(
                "INSERT INTO facet VALUES (?, ?, ?)",
                [(docid, name, value) for name, values in row.facets.items() for value in values],
            )
        con.execute("CREATE INDEX facet_doc ON facet(docid)")
        con.execute("CREATE INDEX facet_value ON facet(name, value, docid)")
        con.execute("INSERT INTO docs(docs) VALUES ('optimize')")
    con.close()


def match_expression(text: str) -> str:
    """The query in FTS5 syntax: every word and phrase required, each quoted."""
    parts = []
    for m in re.finditer(r'"([^"]*)"|(\S+)', text):
        words = _TOKEN.findall(m.group(1) if m.group(1) is not None else m.group(2))
        if words:
            parts.append('"' + " ".join(words) + '"')
    return " AND ".join(parts)


@dataclass
class Answer:
    total: int
    hits: list[tuple[int, str, str]]  # rowid, title, snippet
    counts: dict[str, dict[str, int]]


class Fts5Search:
    def __init__(self, db_path: Path) -> None:
        self.con = sqlite3.connect(db_path, check_same_thread=False)

    def search(self, q: Query, limit: int = 20) -> Answer:
        expr = match_expression(q.text)
        filters, params = self._filters(q)
        where = "docs MATCH ?" + filters
        hits = self.con.execute(
            f"SELECT rowid, title, snippet(docs, 1, '<mark>', '</mark>', '…', 24) FROM docs "
            f"WHERE {where} ORDER BY rank LIMIT ?",
            (expr, *params, limit),
        ).fetchall()
        counts: dict[str, dict[str, int]] = {name: {} for name in MIX_FACETS}
        matches = f"SELECT rowid FROM docs WHERE {where}"
        for name, value, n in self.con.execute(
            f"WITH m AS ({matches}) SELECT f.name, f.value, count(*) FROM m JOIN facet f ON f.docid = m.rowid "
            "GROUP BY f.name, f.value",
            (expr, *params),
        ):
            counts[name][value] = n
        total = self.con.execute(f"SELECT count(*) FROM docs WHERE {where}", (expr, *params)).fetchone()[0]
        return Answer(total, hits, counts)

    @staticmethod
    def _filters(q: Query) -> tuple[str, list[str]]:
        sql, params = "", []
        for name, value in q.filters:
            sql += " AND rowid IN (SELECT docid FROM facet WHERE name = ? AND value = ?)"
            params += [name, value]
        return sql, params

    def close(self) -> None:
        self.con.close()
