"""The judged query set of bench/relevance.py, and the metrics that score a ranking.

The set is a TOML file (tests/relevance/queries.toml): per query the text, a category,
the `best` and `good` documents, and optional facet filters keyed by facet name. The
metrics (success@5, reciprocal rank @10, nDCG@10) are defined in bench/relevance.py's
docstring. Everything here is importable from bench.relevance too.
"""

from __future__ import annotations

import math
import tomllib
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from cresi_search.facets import FACET_NAMES

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_QUERIES = ROOT / "tests" / "relevance" / "queries.toml"

CATEGORIES = (
    "accents", "pluriel", "elision", "fautes", "pays", "villes", "synonymes",
    "phrases", "sigles", "questions", "filtres", "outils",
)
SUCCESS_AT = 5
DEPTH = 10  # results looked at: MRR@10, nDCG@10
GAIN_BEST, GAIN_GOOD = 3.0, 1.0

# Keys of queries.toml that filter on a facet: the facet's name.
FACET_KEYS = FACET_NAMES
KNOWN_KEYS = frozenset({"q", "category", "best", "good", "note", *FACET_KEYS})


class QuerySetError(ValueError):
    """The query file is malformed; the message says where."""


def norm_path(path: str) -> str:
    """One spelling of a corpus path: NFC, forward slashes, no leading './'."""
    path = unicodedata.normalize("NFC", path).replace("\\", "/")
    return path[2:] if path.startswith("./") else path


# -- the judged set -----------------------------------------------------------------------
@dataclass(frozen=True)
class JudgedQuery:
    q: str
    category: str
    best: tuple[str, ...]
    good: tuple[str, ...] = ()
    facets: dict[str, list[str]] = field(default_factory=dict)  # facet name -> values
    note: str = ""

    def gain(self, path: str) -> float:
        if path in self.best:
            return GAIN_BEST
        return GAIN_GOOD if path in self.good else 0.0

    def label(self) -> str:
        """The query as shown in reports, with its filters."""
        filters = " ".join(f"{k}={','.join(v)}" for k, v in self.facets.items())
        return f"{self.q} [{filters}]" if filters else self.q


def load_queries(path: Path = DEFAULT_QUERIES) -> list[JudgedQuery]:
    """The judged queries of a TOML file; raises QuerySetError when one is malformed."""
    try:
        data = tomllib.loads(Path(path).read_text("utf-8"))
    except tomllib.TOMLDecodeError as e:
        raise QuerySetError(f"{path}: {e}") from e
    entries = data.get("query")
    if not isinstance(entries, list) or not entries:
        raise QuerySetError(f"{path}: aucune section [[query]]")
    queries = []
    for n, entry in enumerate(entries, 1):
        where = f"{path}: requête n° {n}"
        unknown = set(entry) - KNOWN_KEYS
        if unknown:
            raise QuerySetError(f"{where}: clés inconnues {sorted(unknown)}")
        q, category = entry.get("q"), entry.get("category")
        if not isinstance(q, str) or not q.strip():
            raise QuerySetError(f"{where}: « q » manque ou est vide")
        if category not in CATEGORIES:
            raise QuerySetError(f"{where} ({q!r}): catégorie inconnue {category!r}")
        best = _paths(entry.get("best"), f"{where} ({q!r}) best")
        good = _paths(entry.get("good", []), f"{where} ({q!r}) good")
        if not best:
            raise QuerySetError(f"{where} ({q!r}): « best » est vide")
        if set(best) & set(good):
            raise QuerySetError(f"{where} ({q!r}): un document est à la fois best et good")
        facets = {}
        for key in FACET_KEYS:
            if key in entry:
                values = entry[key]
                if not isinstance(values, list) or not all(isinstance(v, (str, int)) for v in values):
                    raise QuerySetError(f"{where} ({q!r}): « {key} » doit être une liste")
                facets[key] = [str(v) for v in values]
        queries.append(JudgedQuery(q, category, best, good, facets, entry.get("note", "")))
    return queries


def _paths(value: object, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise QuerySetError(f"{where}: une liste de chemins est attendue")
    paths = tuple(norm_path(v) for v in value)
    if len(set(paths)) != len(paths):
        raise QuerySetError(f"{where}: chemin en double")
    return paths


def judged_paths(queries: Iterable[JudgedQuery]) -> set[str]:
    return {p for jq in queries for p in (*jq.best, *jq.good)}


# -- metrics ------------------------------------------------------------------------------
def first_rank(ranked: Sequence[str], wanted: Iterable[str], depth: int = DEPTH) -> int | None:
    """1-based rank of the first wanted document within `depth`, or None."""
    wanted = set(wanted)
    for rank, path in enumerate(ranked[:depth], 1):
        if path in wanted:
            return rank
    return None


def success_at(ranked: Sequence[str], best: Iterable[str], k: int = SUCCESS_AT) -> float:
    return 1.0 if first_rank(ranked, best, k) is not None else 0.0


def reciprocal_rank(ranked: Sequence[str], best: Iterable[str], depth: int = DEPTH) -> float:
    rank = first_rank(ranked, best, depth)
    return 1.0 / rank if rank else 0.0


def ndcg(ranked: Sequence[str], jq: JudgedQuery, depth: int = DEPTH) -> float:
    """nDCG@depth with gain 3 for best, 1 for good; each document counts once."""
    seen: set[str] = set()
    dcg = 0.0
    for i, path in enumerate(ranked[:depth]):
        if path not in seen:
            seen.add(path)
            dcg += jq.gain(path) / math.log2(i + 2)
    ideal = sorted((jq.gain(p) for p in (*jq.best, *jq.good)), reverse=True)[:depth]
    idcg = sum(g / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0
