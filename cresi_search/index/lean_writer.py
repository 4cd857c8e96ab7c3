"""A Whoosh writer without two costs this index does not need (docs/benchmarks.md).

Measured on the benchmark corpus, most of a commit went to two things:

- **Per-block length statistics.** For every posting, Whoosh looks up the document's
  field length to record the shortest and longest document of each block of postings.
  They only tighten the bounds of Whoosh's top-N pruning, and the engine scores every
  hit (docs/relevance.md). Without them a block claims a shortest length of 0: its
  bound can only be higher, so pruning, where a search still uses it, stays correct.
  Scores do not change: they read lengths from the per-document length columns.
- **One pickle call per posting** when the postings of a large batch are sorted on
  disk: Whoosh writes and reads its sorted runs an item at a time. The pool below
  writes them in chunks of 10,000, with the same order and memory bound.
"""

from __future__ import annotations

import pickle
from itertools import islice

from whoosh.codec.whoosh3 import W3Codec
from whoosh.writing import PostingPool, SegmentWriter

RUN_CHUNK = 10_000  # postings per pickle call in a sorted run (about 2 MB)


class ChunkedPostingPool(PostingPool):
    """Whoosh's posting pool, with sorted runs written and read in chunks."""

    def _write_run(self, f, items) -> None:
        items = iter(items)
        while chunk := list(islice(items, RUN_CHUNK)):
            pickle.dump(chunk, f, pickle.HIGHEST_PROTOCOL)
        f.close()

    def _read_run(self, path):
        f = self._open_run(path)
        try:
            while True:
                try:
                    chunk = pickle.load(f)
                except EOFError:
                    return
                yield from chunk
        finally:
            f.close()
            self._remove_run(path)


def open_writer(ix, limitmb: int) -> SegmentWriter:
    """A segment writer on `ix` whose pool holds up to `limitmb` MB of postings."""
    codec = W3Codec()
    # An attribute of this instance, not a subclass: the segments' table of contents
    # keeps naming Whoosh's own codec, so any Whoosh can read the index.
    codec.length_stats = False
    writer = ix.writer(limitmb=limitmb, codec=codec)
    # Whoosh ignores its `poolclass` argument; its pool is empty until the first add.
    writer.pool = ChunkedPostingPool(writer._tempstorage, writer.newsegment, limitmb=limitmb)
    return writer
