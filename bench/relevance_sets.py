"""Search quality on both judged sets, side by side with the FTS5 reference (docs/relevance.md).

    .venv/bin/python -m bench.relevance_sets                 # build both indexes in a temp folder
    .venv/bin/python -m bench.relevance_sets --keep var/rel  # build once there, then reuse
    .venv/bin/python -m bench.relevance_sets --worst 15

- the sample set: tests/relevance/queries.toml over corpus/ (graded: best 3, good 1);
- the real set: ../shared/realdocs (queries.tsv, binary; topics.tsv, nDCG@10 over every
  relevant document), indexed with no catalogue, as a new user's folder would be.
For each, cresi-search (the real SearchService) and SQLite FTS5 over the same extracted
texts (bench/fts5_judged.py), in the same run. Figures come last as `name: value` lines.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from bench import judged_sets as real
from bench import relevance as sample
from bench.fts5_judged import Fts5Reference

TOPIC_DEPTH = 50  # hits read for a topic's recall


def _index(corpus: Path, folder: Path) -> Path:
    from cresi_search.index.store import IndexStore

    if not IndexStore(folder).exists():
        sample.build_index(corpus, folder)
    return folder


def _cresi_paths(service, q: str, depth: int, filters: dict | None = None) -> list[str]:
    from cresi_search.search import SearchRequest

    res = service.search(SearchRequest(q=q, per_page=depth, filters=dict(filters or {})))
    return [sample.norm_path(h.path) for h in res.results]


def sample_figures(index_dir: Path) -> dict[str, sample.Figures]:
    """success@5, MRR@10, nDCG@10 of both engines on the sample set."""
    queries = sample.load_queries()
    service = sample.open_service(index_dir)
    fts = Fts5Reference(index_dir)
    out = {"cresi": sample.figures(sample.evaluate(service, queries))}
    results = []
    for jq in queries:
        ranked = [sample.norm_path(p) for p in fts.search(jq.q, jq.facets)][: sample.DEPTH]
        results.append(sample.QueryResult(
            jq, ranked, len(ranked), sample.success_at(ranked, jq.best),
            sample.reciprocal_rank(ranked, jq.best), sample.ndcg(ranked, jq),
            sample.first_rank(ranked, jq.best)))
    out["fts5"] = sample.figures(results)
    return out


def real_rankings(index_dir: Path) -> dict[str, tuple[dict, dict]]:
    """Per engine: ranked paths per query and per topic on the real set."""
    queries, topics = real.load_queries(), real.load_topics()
    service = sample.open_service(index_dir)
    fts = Fts5Reference(index_dir)
    engines = {"cresi": lambda q, d: _cresi_paths(service, q, d),
               "fts5": lambda q, d: fts.search(q)[:d]}
    out = {}
    for name, run in engines.items():
        out[name] = ({j.q: run(j.q, real.DEPTH) for j in queries},
                     {j.q: run(j.q, TOPIC_DEPTH) for j in topics})
    return out


def worst_real(rankings: dict, n: int, out=sys.stdout) -> None:
    """The real queries and topics cresi-search serves worst, with FTS5 beside them."""
    items = [(j, "query") for j in real.load_queries()] + [(j, "topic") for j in real.load_topics()]
    scored = []
    for j, kind in items:
        table = 0 if kind == "query" else 1
        ours = rankings["cresi"][table][j.q]
        theirs = rankings["fts5"][table][j.q]
        scored.append((real.ndcg(ours, j.relevant), real.ndcg(theirs, j.relevant), j, kind, ours))
    scored.sort(key=lambda item: (item[0] - item[1], item[0]))
    print(f"Les {n} requêtes réelles les moins bien servies (nDCG@10 cresi / FTS5) :", file=out)
    for ours_n, fts_n, j, kind, ours in scored[:n]:
        found = len(j.relevant & set(ours))
        print(f"- [{kind}:{j.category}] {j.q!r} : {ours_n:.2f} / {fts_n:.2f}, "
              f"{found}/{len(j.relevant)} pertinents dans les {len(ours)} premiers", file=out)
        for i, path in enumerate(ours[:3], 1):
            print(f"    {i}. [{'+' if path in j.relevant else '-'}] {path}", file=out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.relevance_sets", description=__doc__.split("\n\n")[0])
    ap.add_argument("--keep", type=Path, help="folder for both indexes, reused when present")
    ap.add_argument("--worst", type=int, default=10, help="real queries to list (default 10)")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="cresi-relsets-") as tmp:
        base = args.keep or Path(tmp)
        sample_ix = _index(sample.DEFAULT_CORPUS, base / "sample")
        real_ix = _index(real.REALDOCS / "files", base / "real")
        figures = sample_figures(sample_ix)
        rankings = real_rankings(real_ix)
    queries, topics = real.load_queries(), real.load_topics()
    real_figs = {name: real.score(*rankings[name], queries, topics) for name in rankings}
    worst_real(rankings, args.worst)
    print()
    for engine, f in figures.items():
        print(f"sample.{engine}.success@5: {f.success5:.3f}")
        print(f"sample.{engine}.mrr@10: {f.mrr10:.3f}")
        print(f"sample.{engine}.ndcg@10: {f.ndcg10:.3f}")
    for engine, f in real_figs.items():
        print(f"real.{engine}.success@5: {f.success5:.3f}")
        print(f"real.{engine}.mrr@10: {f.mrr10:.3f}")
        print(f"real.{engine}.ndcg@10: {f.ndcg10:.3f}")
        print(f"real.{engine}.topics.ndcg@10: {f.topics_ndcg10:.3f}")
        print(f"real.{engine}.topics.recall@{TOPIC_DEPTH}: {f.topics_recall:.3f}")
    return 0


if __name__ == "__main__":  # the indexer's worker pool spawns processes: keep this guard
    sys.exit(main())
