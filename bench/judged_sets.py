"""The judged sets of real documents (../shared/realdocs): queries and broad topics.

`queries.tsv`: `query<TAB>relevant files (|)<TAB>category: note` — every listed file is
relevant (binary judgements); `topics.tsv`: `query<TAB>every relevant file (|)`, scored
with nDCG@10. Paths are file names inside `files/`, compared in NFC.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REALDOCS = ROOT.parent / "shared" / "realdocs"
DEPTH = 10
SUCCESS_AT = 5


@dataclass(frozen=True)
class Judged:
    q: str
    relevant: frozenset[str]
    category: str = ""


def _nfc(path: str) -> str:
    return unicodedata.normalize("NFC", path.strip())


def _rows(path: Path) -> list[list[str]]:
    rows = []
    for line in path.read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append(line.split("\t"))
    return rows


def load_queries(folder: Path = REALDOCS) -> list[Judged]:
    """The known-item, topical, question… queries of the real set."""
    out = []
    for cells in _rows(folder / "queries.tsv"):
        category = cells[2].split(":", 1)[0].strip() if len(cells) > 2 else ""
        out.append(Judged(cells[0].strip(), frozenset(_nfc(p) for p in cells[1].split("|")), category))
    return out


def load_topics(folder: Path = REALDOCS) -> list[Judged]:
    """The broad topics, with every relevant document."""
    return [Judged(c[0].strip(), frozenset(_nfc(p) for p in c[1].split("|")), "topic")
            for c in _rows(folder / "topics.tsv")]


# -- metrics on binary judgements ------------------------------------------------------------
def success(ranked: Sequence[str], relevant: frozenset[str], k: int = SUCCESS_AT) -> float:
    return 1.0 if any(p in relevant for p in ranked[:k]) else 0.0


def reciprocal_rank(ranked: Sequence[str], relevant: frozenset[str], depth: int = DEPTH) -> float:
    for rank, path in enumerate(ranked[:depth], 1):
        if path in relevant:
            return 1.0 / rank
    return 0.0


def ndcg(ranked: Sequence[str], relevant: frozenset[str], depth: int = DEPTH) -> float:
    dcg = sum(1.0 / math.log2(i + 2) for i, p in enumerate(ranked[:depth]) if p in relevant)
    ideal = sum(1.0 / math.log2(i + 2) for i in range(min(depth, len(relevant))))
    return dcg / ideal if ideal else 0.0


def recall(ranked: Sequence[str], relevant: frozenset[str], total: int | None = None) -> float:
    """Share of the relevant documents among all the hits returned (not only the first page)."""
    return len(relevant & set(ranked)) / len(relevant) if relevant else 0.0


@dataclass(frozen=True)
class SetFigures:
    queries: int
    success5: float
    mrr10: float
    ndcg10: float
    topics_ndcg10: float
    topics_recall: float


def score(query_rankings: dict[str, list[str]], topic_rankings: dict[str, list[str]],
          queries: list[Judged], topics: list[Judged]) -> SetFigures:
    """The figures of one engine on the real set, from its ranked paths per query."""
    n = len(queries) or 1
    t = len(topics) or 1
    return SetFigures(
        queries=len(queries),
        success5=sum(success(query_rankings[j.q], j.relevant) for j in queries) / n,
        mrr10=sum(reciprocal_rank(query_rankings[j.q], j.relevant) for j in queries) / n,
        ndcg10=sum(ndcg(query_rankings[j.q], j.relevant) for j in queries) / n,
        topics_ndcg10=sum(ndcg(topic_rankings[j.q], j.relevant) for j in topics) / t,
        topics_recall=sum(recall(topic_rankings[j.q], j.relevant) for j in topics) / t,
    )
