"""Search quality on real documents nobody here wrote (../shared/realdocs), beside FTS5.

The folder is indexed with no catalogue, as a new user's would be; the judged queries and
topics are a documentalist's (bench/judged_sets.py). The floors sit just under the
figures reached (docs/relevance.md); the FTS5 reference is computed on the same texts.
"""

from __future__ import annotations

import pytest

from bench import judged_sets as real
from bench.relevance_sets import real_rankings

# With OCR (docs/ocr.md) the 7 scans are searchable: topics nDCG@10 0.805 -> 0.819 and
# recall 0.927 -> 0.960, MRR@10 0.956 -> 0.938 (three queries, docs/relevance.md §6).
FLOORS = {"success5": 0.97, "mrr10": 0.93, "topics_ndcg10": 0.84}
ABOVE_FTS5 = 0.10  # topics nDCG@10 over the FTS5 reference, at least (the target)

pytestmark = pytest.mark.skipif(not real.REALDOCS.is_dir(), reason="../shared/realdocs absent")


@pytest.fixture(scope="module")
def figures(realdocs_index):
    rankings = real_rankings(realdocs_index)
    queries, topics = real.load_queries(), real.load_topics()
    return {name: real.score(*rankings[name], queries, topics) for name in rankings}


def test_the_judged_files_are_all_indexed(realdocs_index):
    from cresi_search.index.store import IndexStore

    indexed = set(IndexStore(realdocs_index).stored_documents())
    judged = {p for j in real.load_queries() + real.load_topics() for p in j.relevant}
    assert judged <= indexed, sorted(judged - indexed)


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_floor(figures, name):
    got = getattr(figures["cresi"], name)
    assert got >= FLOORS[name], f"{name} : {got:.3f} < {FLOORS[name]} (FTS5 : {getattr(figures['fts5'], name):.3f})"


def test_better_than_fts5_on_the_same_texts(figures):
    ours, theirs = figures["cresi"], figures["fts5"]
    assert ours.success5 >= theirs.success5 and ours.mrr10 >= theirs.mrr10
    assert ours.topics_ndcg10 >= theirs.topics_ndcg10 + ABOVE_FTS5, (ours, theirs)


def test_metrics_by_hand():
    relevant = frozenset({"a", "b"})
    assert real.success(["x", "x", "x", "x", "b"], relevant) == 1.0
    assert real.success(["x"] * 5 + ["a"], relevant) == 0.0
    assert real.reciprocal_rank(["x", "a"], relevant) == 0.5
    assert real.ndcg(["a", "b"], relevant) == pytest.approx(1.0)
    assert real.ndcg(["x", "a"], relevant) == pytest.approx((1 / 1.584962500721156) / (1 + 1 / 1.584962500721156))
