"""Do team-only documents change how long a visitor's search takes? (docs/staff.md)

Builds one index of generated documents (bench/textgen.py) where a share is marked
"equipe", and times, as an anonymous visitor (the PUBLIC audience of SearchService):
- a word only team-only documents hold, against a word no document holds (both give
  no result: a visitor must not tell them apart);
- a word every document holds, on this index and on one without the team-only
  documents (what the team-only postings add to a visitor's search).
The figures are medians of `--repeat` runs, printed side by side.

    .venv/bin/python -m bench.staff_timing --docs 600 --private 200
"""

from __future__ import annotations

import argparse
import hashlib
import statistics
import tempfile
import time
from pathlib import Path

from bench.common import Figures, log
from bench.textgen import document_pages, plan_document
from cresi_search.index.store import IndexStore
from cresi_search.records import ACCESS_PUBLIC, ACCESS_STAFF, DocumentRecord, Fingerprint
from cresi_search.search import SearchRequest, SearchService
from cresi_search.vocab.taxonomy import load_taxonomy

PRIVATE_WORD = "zorblaxienne"
ABSENT_WORD = "quetzalbrume"
SEED = 7


def record(index: int, private: bool) -> DocumentRecord:
    plan = plan_document(SEED, index)
    pages = tuple(p.text for p in document_pages(SEED, plan))
    if private:
        pages = (pages[0] + f" {PRIVATE_WORD} projet.",) + pages[1:]
    else:
        pages = (pages[0] + " projet.",) + pages[1:]
    digest = hashlib.sha256("".join(pages).encode()).hexdigest()
    return DocumentRecord(
        id=f"d{index:05d}", path=plan.relpath, format=plan.fmt,
        fingerprint=Fingerprint(len(digest), 0, digest), pages=pages, paged=True,
        title=pages[0].split("\n", 1)[0][:120], type=plan.doctype, countries=list(plan.countries),
        themes=list(plan.themes), year=plan.year, access=ACCESS_STAFF if private else ACCESS_PUBLIC,
    )


def build(folder: Path, public: int, private: int) -> SearchService:
    store = IndexStore(folder)
    with store.rebuilding() as writer:
        for i in range(public + private):
            writer.add(record(i, private=i >= public), replace=False)
    return SearchService(store, load_taxonomy(None))


def median_ms(service: SearchService, q: str, repeat: int) -> float:
    service.search(SearchRequest(q=q))  # warm: index state, vocabulary, caches
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        service.search(SearchRequest(q=q))
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=600, help="public documents")
    parser.add_argument("--private", type=int, default=200, help="team-only documents")
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--json")
    args = parser.parse_args()
    figures = Figures("staff_timing")
    with tempfile.TemporaryDirectory() as tmp:
        log(f"index of {args.docs} public + {args.private} team-only documents")
        mixed = build(Path(tmp) / "mixed", args.docs, args.private)
        log(f"index of {args.docs} public documents")
        alone = build(Path(tmp) / "alone", args.docs, 0)
        assert mixed.search(SearchRequest(q=PRIVATE_WORD)).total == 0
        figures.add("docs_public", args.docs)
        figures.add("docs_private", args.private)
        figures.add("private_word_ms", median_ms(mixed, PRIVATE_WORD, args.repeat))
        figures.add("absent_word_ms", median_ms(mixed, ABSENT_WORD, args.repeat))
        figures.add("common_word_mixed_ms", median_ms(mixed, "projet", args.repeat))
        figures.add("common_word_public_only_ms", median_ms(alone, "projet", args.repeat))
        figures.add("browse_mixed_ms", median_ms(mixed, "", args.repeat))
        figures.add("browse_public_only_ms", median_ms(alone, "", args.repeat))
    figures.report(args.json)


if __name__ == "__main__":
    main()
