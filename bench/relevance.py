"""Search quality on the judged query set: success@5, MRR@10 and nDCG@10 (docs/relevance.md).

Runs every query of tests/relevance/queries.toml through the real search service
(`SearchService.search`, the one behind the site and the JSON API) on an index of the
sample corpus, and prints the figures overall and by category, then the worst queries
with what came first instead. The figures come last, as `name: value` lines.

    .venv/bin/python -m bench.relevance                      # index corpus/ into a temp folder
    .venv/bin/python -m bench.relevance --index var/relidx   # build once there, then reuse it
    .venv/bin/python -m bench.relevance --category fautes --json out.json

Metrics, per query, on the first page of results:
- success@5: 1 when at least one `best` document is among the first 5 results;
- reciprocal rank @10: 1/rank of the first `best` document, 0 beyond rank 10;
- nDCG@10: gain 3 for a `best` document, 1 for a `good` one, log2 discount, divided by
  the gain of the ideal ranking of all judged documents.
Overall figures are plain means over the queries (MRR@10 is the mean reciprocal rank).

The judged set and the metrics live in bench/judged.py and are importable from here;
tests/test_relevance.py imports them, with running one query and evaluating a set,
from bench.relevance.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from bench.judged import (  # noqa: F401 (the judged set and metrics are public here too)
    CATEGORIES,
    DEFAULT_QUERIES,
    DEPTH,
    FACET_KEYS,
    GAIN_BEST,
    GAIN_GOOD,
    KNOWN_KEYS,
    ROOT,
    SUCCESS_AT,
    JudgedQuery,
    QuerySetError,
    first_rank,
    judged_paths,
    load_queries,
    ndcg,
    norm_path,
    reciprocal_rank,
    success_at,
)

DEFAULT_CORPUS = ROOT / "corpus"


# -- running queries ----------------------------------------------------------------------
@dataclass
class QueryResult:
    query: JudgedQuery
    ranked: list[str]  # paths of the first DEPTH results
    total: int
    success5: float
    rr10: float
    ndcg10: float
    best_rank: int | None  # rank of the first best document within DEPTH
    relaxed: bool = False
    suggestion: str | None = None

    def to_dict(self) -> dict:
        d = asdict(self)
        d["query"] = {"q": self.query.q, "category": self.query.category, **self.query.facets}
        return d


def build_index(corpus: Path, index_dir: Path) -> int:
    """Index `corpus` into `index_dir` with the real pipeline; returns the document count."""
    from indexer.config import Settings
    from indexer.update import run

    report = run(Settings(corpus=Path(corpus).resolve(), index=Path(index_dir).resolve()))
    if report.skipped:
        reasons = "; ".join(f"{s['path']}: {s['reason']}" for s in report.skipped)
        print(f"attention : fichiers non indexés : {reasons}", file=sys.stderr)
    return report.documents


def open_service(index_dir: Path, taxonomy_path: Path | None = None):
    """The search service of the site over `index_dir`."""
    from cresi_search.index.store import IndexStore
    from cresi_search.search import SearchService
    from cresi_search.vocab.taxonomy import load_taxonomy

    return SearchService(IndexStore(Path(index_dir)), load_taxonomy(taxonomy_path))


def search_paths(service, jq: JudgedQuery, depth: int = DEPTH):
    """The search response of one judged query (first page of `depth` results)."""
    from cresi_search.search import SearchRequest

    req = SearchRequest(q=jq.q, per_page=depth, filters={k: list(v) for k, v in jq.facets.items()})
    return service.search(req)


def run_query(service, jq: JudgedQuery, depth: int = DEPTH) -> QueryResult:
    resp = search_paths(service, jq, depth)
    ranked = [norm_path(h.path) for h in resp.results][:depth]
    return QueryResult(
        query=jq, ranked=ranked, total=resp.total,
        success5=success_at(ranked, jq.best), rr10=reciprocal_rank(ranked, jq.best, depth),
        ndcg10=ndcg(ranked, jq, depth), best_rank=first_rank(ranked, jq.best, depth),
        relaxed=bool(getattr(resp, "relaxed", False)), suggestion=getattr(resp, "suggestion", None),
    )


def evaluate(service, queries: Iterable[JudgedQuery]) -> list[QueryResult]:
    return [run_query(service, jq) for jq in queries]


# -- summaries ----------------------------------------------------------------------------
@dataclass
class Figures:
    queries: int
    success5: float
    mrr10: float
    ndcg10: float


def figures(results: Sequence[QueryResult]) -> Figures:
    n = len(results)
    if not n:
        return Figures(0, 0.0, 0.0, 0.0)
    return Figures(
        n,
        sum(r.success5 for r in results) / n,
        sum(r.rr10 for r in results) / n,
        sum(r.ndcg10 for r in results) / n,
    )


def by_category(results: Sequence[QueryResult]) -> dict[str, Figures]:
    groups: dict[str, list[QueryResult]] = defaultdict(list)
    for r in results:
        groups[r.query.category].append(r)
    order = [c for c in CATEGORIES if c in groups] + sorted(set(groups) - set(CATEGORIES))
    return {c: figures(groups[c]) for c in order}


def worst(results: Sequence[QueryResult], n: int = 10) -> list[QueryResult]:
    """The n worst queries: no best in the top 5 first, then by reciprocal rank, nDCG."""
    return sorted(results, key=lambda r: (r.success5, r.rr10, r.ndcg10))[:n]


def figure_lines(overall: Figures, cats: dict[str, Figures]) -> list[str]:
    lines = [
        f"queries: {overall.queries}",
        f"success@5: {overall.success5:.3f}",
        f"mrr@10: {overall.mrr10:.3f}",
        f"ndcg@10: {overall.ndcg10:.3f}",
    ]
    for c, f in cats.items():
        lines.append(f"success@5[{c}]: {f.success5:.3f}")
    for c, f in cats.items():
        lines.append(f"mrr@10[{c}]: {f.mrr10:.3f}")
    for c, f in cats.items():
        lines.append(f"ndcg@10[{c}]: {f.ndcg10:.3f}")
    return lines


def report(results: Sequence[QueryResult], n_worst: int = 10, out=sys.stdout) -> None:
    overall, cats = figures(results), by_category(results)
    p = lambda s="": print(s, file=out)  # noqa: E731
    p(f"{'catégorie':12s} {'requêtes':>8s} {'succès@5':>9s} {'MRR@10':>7s} {'nDCG@10':>8s}")
    for c, f in cats.items():
        p(f"{c:12s} {f.queries:8d} {f.success5:9.3f} {f.mrr10:7.3f} {f.ndcg10:8.3f}")
    p(f"{'ensemble':12s} {overall.queries:8d} {overall.success5:9.3f} {overall.mrr10:7.3f} {overall.ndcg10:8.3f}")
    p()
    p(f"Les {min(n_worst, len(results))} requêtes les moins bien servies :")
    for r in worst(results, n_worst):
        rank = f"meilleur document au rang {r.best_rank}" if r.best_rank else f"meilleur document absent des {DEPTH} premiers"
        extra = " (résultats élargis : aucun document n'a tous les mots)" if r.relaxed else ""
        p(f"- [{r.query.category}] {r.query.label()!r} : {r.total} résultats, {rank}, nDCG {r.ndcg10:.2f}{extra}")
        if r.suggestion:
            p(f"    suggestion proposée : {r.suggestion!r}")
        for i, path in enumerate(r.ranked[:3], 1):
            mark = {GAIN_BEST: "best", GAIN_GOOD: "good"}.get(r.query.gain(path), "—")
            p(f"    {i}. [{mark}] {path}")
        if not r.ranked:
            p("    (aucun résultat)")
        p(f"    attendu : {r.query.best[0]}" + (f" (+{len(r.query.best) - 1})" if len(r.query.best) > 1 else ""))
    p()
    for line in figure_lines(overall, cats):
        p(line)


def to_json(results: Sequence[QueryResult]) -> dict:
    overall, cats = figures(results), by_category(results)
    return {
        "overall": asdict(overall),
        "categories": {c: asdict(f) for c, f in cats.items()},
        "queries": [r.to_dict() for r in results],
    }


# -- command line -------------------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.relevance", description=__doc__.split("\n\n")[0])
    ap.add_argument("--index", type=Path, help="index folder to reuse (built there first if it holds no index)")
    ap.add_argument("--rebuild", action="store_true", help="update the --index folder from the corpus before searching")
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="corpus folder (default: corpus/)")
    ap.add_argument("--queries", type=Path, default=DEFAULT_QUERIES, help="judged query file")
    ap.add_argument("--category", action="append", choices=CATEGORIES, help="only this category (repeatable)")
    ap.add_argument("--json", type=Path, metavar="FILE", help="also write every query's results and figures as JSON")
    ap.add_argument("--worst", type=int, default=10, metavar="N", help="how many worst queries to list (default 10)")
    args = ap.parse_args(argv)

    queries = load_queries(args.queries)
    if args.category:
        queries = [jq for jq in queries if jq.category in args.category]

    with tempfile.TemporaryDirectory(prefix="cresi-relevance-") as tmp:
        if args.index is None:
            index_dir = Path(tmp) / "index"
            t0 = time.monotonic()
            n = build_index(args.corpus, index_dir)
            print(f"index de {n} documents construit en {time.monotonic() - t0:.1f} s", file=sys.stderr)
        else:
            index_dir = args.index
            from cresi_search.index.store import IndexStore

            if args.rebuild or not IndexStore(index_dir).exists():
                n = build_index(args.corpus, index_dir)
                print(f"index de {n} documents dans {index_dir}", file=sys.stderr)
        service = open_service(index_dir)
        t0 = time.monotonic()
        results = evaluate(service, queries)
        elapsed = time.monotonic() - t0

    print(f"{len(results)} requêtes en {elapsed:.2f} s", file=sys.stderr)
    if args.json:
        args.json.write_text(json.dumps(to_json(results), ensure_ascii=False, indent=1), "utf-8")
    report(results, args.worst)
    return 0


if __name__ == "__main__":  # the indexer's worker pool spawns processes: keep this guard
    sys.exit(main())
