"""What finding copies of one document costs (docs/search.md § 8).

- the text fingerprint (cresi_search/nearcopy.py) of generated texts of growing length,
  against the rest of writing the same record (record_to_entries without it);
- on one index of generated documents (bench/textgen.py) of which `--pairs` are written
  twice with a sentence added (near-identical copies): building the groups of an index
  state (`Copies`) within all that is built once per index state (`IndexState`, which
  includes it), and a browse and a search with and without copies in the index.
Figures are medians of `--repeat` runs, printed side by side.

    .venv/bin/python -m bench.duplicates --docs 1000 --pairs 50
"""

from __future__ import annotations

import argparse
import hashlib
import statistics
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from bench.common import Figures, log
from bench.textgen import document_pages, plan_document
from cresi_search.index.store import IndexStore
from cresi_search.index.writer import record_to_entries
from cresi_search.nearcopy import signature
from cresi_search.records import DocumentRecord, Fingerprint
from cresi_search.search import SearchRequest, SearchService
from cresi_search.search.duplicates import Copies
from cresi_search.search.searchers import IndexState
from cresi_search.vocab.taxonomy import load_taxonomy

SEED = 11


def record(index: int) -> DocumentRecord:
    plan = plan_document(SEED, index)
    pages = tuple(p.text for p in document_pages(SEED, plan))
    digest = hashlib.sha256("".join(pages).encode()).hexdigest()
    return DocumentRecord(
        id=f"d{index:05d}", path=plan.relpath, format=plan.fmt,
        fingerprint=Fingerprint(len(digest), 0, digest), pages=pages, paged=True,
        title=pages[0].split("\n", 1)[0][:120], type=plan.doctype, countries=list(plan.countries),
        themes=list(plan.themes), year=plan.year,
    )


def twin(r: DocumentRecord) -> DocumentRecord:
    pages = (*r.pages[:-1], r.pages[-1] + " Version relue.")
    digest = hashlib.sha256("".join(pages).encode()).hexdigest()
    return replace(r, id=r.id + "-odt", path=r.path.rsplit(".", 1)[0] + ".odt", format="odt", pages=pages,
                   fingerprint=Fingerprint(len(digest), 0, digest))


def build(folder: Path, docs: int, pairs: int) -> SearchService:
    store = IndexStore(folder)
    with store.rebuilding() as writer:
        for i in range(docs):
            r = record(i)
            writer.add(r, replace=False)
            if i < pairs:
                writer.add(twin(r), replace=False)
    return SearchService(store, load_taxonomy(None))


def median_ms(work, repeat: int) -> float:
    work()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        work()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def fingerprint_figures(figures: Figures, repeat: int) -> None:
    base = record(0)
    words = " ".join(base.pages).split()
    for size in (1_000, 10_000, 100_000):
        text = " ".join(words[i % len(words)] for i in range(size))
        figures.add(f"signature_{size}_words_ms", median_ms(lambda: signature(text), repeat))
    figures.add("record_to_entries_ms", median_ms(lambda: list(record_to_entries(base)), repeat))
    figures.add("its_signature_ms", median_ms(lambda: signature("\n\n".join(base.pages)), repeat))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--pairs", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--json")
    args = parser.parse_args()
    figures = Figures("duplicates")
    fingerprint_figures(figures, args.repeat)
    with tempfile.TemporaryDirectory() as tmp:
        log(f"index of {args.docs} documents, {args.pairs} of them twice")
        with_copies = build(Path(tmp) / "copies", args.docs, args.pairs)
        log(f"index of {args.docs} documents")
        alone = build(Path(tmp) / "alone", args.docs, 0)
        assert with_copies.search(SearchRequest()).total == alone.search(SearchRequest()).total == args.docs
        for name, service in (("with_copies", with_copies), ("without", alone)):
            ix = service.store.open()
            with ix.searcher() as s:
                reader = s.reader()
                paths = {n: s.stored_fields(n).get("path", "") for n in s.document_numbers(kind="doc")}
                groups = Copies(reader, paths).groups
                figures.add(f"copies_build_{name}_ms", median_ms(lambda: Copies(reader, paths), args.repeat))
                figures.add(f"index_state_build_{name}_ms", median_ms(lambda: IndexState(s), args.repeat))
            figures.add(f"groups_{name}", len(groups))
            figures.add(f"browse_{name}_ms", median_ms(lambda: service.search(SearchRequest()), args.repeat))
            figures.add(f"search_{name}_ms", median_ms(lambda: service.search(SearchRequest(q="projet eau")),
                                                     args.repeat))
    figures.report(args.json)


if __name__ == "__main__":
    main()
