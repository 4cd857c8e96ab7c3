"""Query latency of the real SearchService, side by side with SQLite FTS5 on the same texts.

    .venv/bin/python bench/bench_queries.py --docs 2000 [--copies 1] [--queries 200] [--json FILE] [--profile]

Each query produces what the result page shows: 20 hits with snippet and page number,
the total, and the counts of the facets. The same query then runs on SQLite FTS5 over
the same extracted texts (top 20 with snippet(), counts per facet with GROUP BY). One
warm-up pass first; then every query is timed on both engines, one after the other, so
that both see the same machine load.

`--copies 5 --docs 10000` indexes the 2,000 generated documents five times under
different folders (distinct documents, same texts) instead of generating 10,000.
"""

from __future__ import annotations

import argparse
import cProfile
import statistics
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import Figures, log, percentile, ratio, snapshot_code, verdict  # noqa: E402
from bench.fts5_ref import Fts5Search  # noqa: E402
from bench.indexes import ensure_fts5, ensure_index  # noqa: E402
from bench.profiling import share, top_functions  # noqa: E402
from bench.querymix import MIX_FACETS, Query, make_queries  # noqa: E402

PER_PAGE = 20
TARGETS = {2000: {"median_vs_fts5": 3.0, "p95_ms": 100.0}, 10000: {"p95_ms": 250.0}}

# Where a search spends its time (cProfile cumulative), for --profile.
PROFILE_PARTS = {
    "search (total)": "service.py:_search",
    "matching and fallbacks (fallbacks.find)": "fallbacks.py:find",
    "  match_documents": "fallbacks.py:match_documents",
    "facet counts": "facet_counts.py:facet_counts",
    "ranking one page": "ranking.py:page_of_hits",
    "hits: best pages + snippets": "stored.py:hits_with_snippets",
    "  best_pages": "snippets.py:best_pages",
    "  highlight_text": "snippets.py:highlight_text",
    "spelling suggestion": "fallbacks.py:suggest",
}


@dataclass
class Timings:
    """Milliseconds per query and engine, and what the Whoosh side found."""

    ms: dict[str, list[float]] = field(default_factory=lambda: {"whoosh": [], "fts5": []})
    by_kind: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    by_filters: dict[int, list[float]] = field(default_factory=lambda: defaultdict(list))
    slowest: list[tuple[float, str, int]] = field(default_factory=list)
    totals: list[int] = field(default_factory=list)


def whoosh_search(service, q: Query):
    from cresi_search.search import SearchRequest

    return service.search(SearchRequest(q=q.text, filters=q.by_facet(), per_page=PER_PAGE))


def check_response(response) -> None:
    """The response must carry what the result page shows."""
    assert len(response.results) <= PER_PAGE
    assert set(response.facets) >= set(MIX_FACETS)
    for hit in response.results:
        assert hit.snippet is not None


def timed_call(fn, *args) -> tuple[float, object]:
    start = time.perf_counter()
    out = fn(*args)
    return (time.perf_counter() - start) * 1000, out


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Latence des recherches")
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--copies", type=int, default=1, help="le corpus est fait de K copies de docs/K documents")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=1, help="passes mesurées après l'échauffement")
    parser.add_argument("--rebuild", action="store_true", help="reconstruire l'index")
    parser.add_argument("--reuse-index", action="store_true", help="garder l'index même si le code a changé")
    parser.add_argument("--json", help="écrire les chiffres dans ce fichier JSON")
    parser.add_argument("--profile", action="store_true", help="profiler (cProfile) une passe Whoosh")
    parser.add_argument("--code", type=Path, help="mesurer cette copie modifiée du code (dossier contenant cresi_search/, indexer/, search_app/)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    code = args.code.resolve() if args.code else snapshot_code()
    sys.path.insert(0, str(code))  # the whole run measures this frozen copy of the code
    from cresi_search.index.store import IndexStore
    from cresi_search.search import SearchService
    from cresi_search.vocab.taxonomy import load_taxonomy

    _, index = ensure_index(args.docs, args.seed, args.copies, args.rebuild, args.reuse_index, args.code and code)
    fts = Fts5Search(ensure_fts5(index))
    service = SearchService(IndexStore(index), load_taxonomy(None))
    queries = make_queries(args.queries, args.seed)

    log("échauffement")
    for q in queries:
        check_response(whoosh_search(service, q))
        fts.search(q)
    log(f"{args.rounds} passe(s) mesurée(s) de {len(queries)} requêtes")
    timings = measure({"whoosh": lambda q: whoosh_search(service, q), "fts5": fts.search}, queries, args.rounds)

    fig = Figures("queries")
    for name, value in (("code", code.name), ("documents", args.docs), ("copies", args.copies),
                        ("queries", len(queries))):
        fig.add(name, value)
    add_breakdown(fig, timings)
    if args.profile:
        profile(fig, service, queries, str(index.with_name(index.name + ".queries.pstats")))
    add_comparison(fig, timings, TARGETS.get(args.docs, {}))
    fig.report(args.json)


def measure(engines: dict, queries: list[Query], rounds: int) -> Timings:
    """Every query timed on both engines, one after the other, in alternating order."""
    t = Timings()
    for round_ in range(rounds):
        for i, q in enumerate(queries):
            order = ("whoosh", "fts5") if (i + round_) % 2 == 0 else ("fts5", "whoosh")
            for name in order:  # neither engine always runs first
                ms, out = timed_call(engines[name], q)
                t.ms[name].append(ms)
                if name == "whoosh":
                    t.by_kind[q.kind].append(ms)
                    t.by_filters[len(q.filters)].append(ms)
                    t.slowest.append((ms, q.label(), out.total))
                    t.totals.append(out.total)
    return t


def add_breakdown(fig: Figures, t: Timings) -> None:
    fig.add("samples", len(t.ms["whoosh"]))
    fig.add("hits_median", statistics.median(t.totals))
    fig.add("zero_hit_queries", sum(1 for total in t.totals if total == 0))
    for kind, values in sorted(t.by_kind.items()):
        fig.add(f"whoosh_median_ms[{kind}]", statistics.median(values))
    for n, values in sorted(t.by_filters.items()):
        fig.add(f"whoosh_median_ms[{n} filtres]", statistics.median(values))
    for ms, label, total in sorted(t.slowest, reverse=True)[:5]:
        print(f"lente : {ms:7.1f} ms  {total:5d} résultats  {label}")


def profile(fig: Figures, service, queries: list[Query], stats_file: str) -> None:
    """One Whoosh pass under cProfile: the costliest functions, and PROFILE_PARTS per query."""
    profiler = cProfile.Profile()
    profiler.enable()
    for q in queries:
        whoosh_search(service, q)
    profiler.disable()
    profiler.dump_stats(stats_file)
    print("\n== cProfile d'une passe Whoosh (cumulative)")
    print(top_functions(stats_file, "cumulative", 40))
    print("== tottime")
    print(top_functions(stats_file, "tottime", 25))
    for label, seconds in share(stats_file, PROFILE_PARTS).items():
        fig.add(f"profile_ms_per_query[{label.strip()}]", seconds * 1000 / len(queries))


def add_comparison(fig: Figures, t: Timings, targets: dict[str, float]) -> None:
    whoosh_ms, fts_ms = t.ms["whoosh"], t.ms["fts5"]
    w_med, w_p95 = statistics.median(whoosh_ms), percentile(whoosh_ms, 95)
    f_med, f_p95 = statistics.median(fts_ms), percentile(fts_ms, 95)
    fig.add("whoosh_median_ms", w_med)
    fig.add("whoosh_p95_ms", w_p95)
    fig.add("whoosh_p99_ms", percentile(whoosh_ms, 99))
    fig.add("whoosh_max_ms", max(whoosh_ms))
    fig.add("fts5_median_ms", f_med)
    fig.add("fts5_p95_ms", f_p95)
    fig.add("median_vs_fts5", ratio(w_med, f_med))
    fig.add("p95_vs_fts5", ratio(w_p95, f_p95))
    if "median_vs_fts5" in targets:
        target = targets["median_vs_fts5"]
        fig.add("median_vs_fts5_target", f"<= {target} {verdict(ratio(w_med, f_med) <= target)}")
    if "p95_ms" in targets:
        fig.add("p95_target", f"< {targets['p95_ms']} ms {verdict(w_p95 < targets['p95_ms'])}")


if __name__ == "__main__":
    main()
