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
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import Figures, log, percentile, ratio, snapshot_code, verdict  # noqa: E402
from bench.fts5_ref import Fts5Search  # noqa: E402
from bench.indexes import ensure_fts5, ensure_index  # noqa: E402
from bench.profiling import share, top_functions  # noqa: E402
from bench.querymix import Query, make_queries  # noqa: E402

PER_PAGE = 20
TARGETS = {2000: {"median_vs_fts5": 3.0, "p95_ms": 100.0}, 10000: {"p95_ms": 250.0}}

# Where a search spends its time (cProfile cumulative), for --profile.
PROFILE_PARTS = {
    "search (total)": "search.py:_search",
    "matching (search._match)": "search.py:_match",
    "  docs_for_query": "searching.py:docs_for_query",
    "facet counts": "facets.py:facet_counts",
    "ranking top 20": "search.py:_rank",
    "hits: best pages + snippets": "search.py:_hits",
    "  best_pages": "snippets.py:best_pages",
    "  highlight_text": "snippets.py:highlight_text",
    "  stored_fields": "searching.py:stored_fields",
    "spelling suggestion": "search.py:_suggest",
}


def whoosh_search(service, q: Query):
    from cresi_search.search import SearchRequest

    filters = {"country": list(q.countries), "theme": list(q.themes), "type": list(q.types),
               "year": list(q.years)}
    request = SearchRequest(q=q.text, filters=filters, per_page=PER_PAGE)
    return service.search(request)


def check_response(response) -> None:
    """The response must carry what the result page shows."""
    assert len(response.results) <= PER_PAGE
    assert set(response.facets) >= {"country", "theme", "type", "year"}
    for hit in response.results:
        assert hit.snippet is not None


def timed_call(fn, *args) -> tuple[float, object]:
    start = time.perf_counter()
    out = fn(*args)
    return (time.perf_counter() - start) * 1000, out


def main(argv: list[str] | None = None) -> None:
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
    parser.add_argument("--code", type=Path, help="mesurer cette copie modifiée du code (dossier contenant indexer/)")
    args = parser.parse_args(argv)

    code = args.code.resolve() if args.code else snapshot_code()
    sys.path.insert(0, str(code))  # the whole run measures this frozen copy of the code
    from cresi_search.search import SearchService
    from cresi_search.index.store import IndexStore
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
    engines = {"whoosh": lambda q: whoosh_search(service, q), "fts5": fts.search}
    times: dict[str, list[float]] = {"whoosh": [], "fts5": []}
    by_kind: dict[str, list[float]] = defaultdict(list)
    by_filters: dict[int, list[float]] = defaultdict(list)
    slowest: list[tuple[float, str, int]] = []
    totals = []
    for round_ in range(args.rounds):
        for i, q in enumerate(queries):
            order = ("whoosh", "fts5") if (i + round_) % 2 == 0 else ("fts5", "whoosh")
            for name in order:  # neither engine always runs first
                ms, out = timed_call(engines[name], q)
                times[name].append(ms)
                if name == "whoosh":
                    by_kind[q.kind].append(ms)
                    by_filters[q.filters].append(ms)
                    slowest.append((ms, q.label(), out.total))
                    totals.append(out.total)
    whoosh_ms, fts_ms = times["whoosh"], times["fts5"]

    fig = Figures("queries")
    fig.add("code", code.name)
    fig.add("documents", args.docs)
    fig.add("copies", args.copies)
    fig.add("queries", len(queries))
    fig.add("samples", len(whoosh_ms))
    fig.add("hits_median", statistics.median(totals))
    fig.add("zero_hit_queries", sum(1 for t in totals if t == 0))
    for kind, values in sorted(by_kind.items()):
        fig.add(f"whoosh_median_ms[{kind}]", statistics.median(values))
    for n, values in sorted(by_filters.items()):
        fig.add(f"whoosh_median_ms[{n} filtres]", statistics.median(values))
    for ms, label, total in sorted(slowest, reverse=True)[:5]:
        print(f"lente : {ms:7.1f} ms  {total:5d} résultats  {label}")

    if args.profile:
        stats_file = str(index.with_name(index.name + ".queries.pstats"))
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
    targets = TARGETS.get(args.docs, {})
    if "median_vs_fts5" in targets:
        fig.add("median_vs_fts5_target", f"<= {targets['median_vs_fts5']} {verdict(ratio(w_med, f_med) <= targets['median_vs_fts5'])}")
    if "p95_ms" in targets:
        fig.add("p95_target", f"< {targets['p95_ms']} ms {verdict(w_p95 < targets['p95_ms'])}")
    fig.report(args.json)


if __name__ == "__main__":
    main()
