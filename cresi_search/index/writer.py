"""Writing records into a generation: one document entry and one entry per page.

`record_to_entries` says what Whoosh stores of a DocumentRecord (docs/index-layout.md);
`RecordWriter` adds and deletes them, through the lean writer of lean_writer.py.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import asdict
from datetime import datetime, timezone
from itertools import chain

from whoosh import index as whoosh_index
from whoosh.writing import IndexWriter

from cresi_search.facets import FACETS
from cresi_search.index.analysis import EXACT_GAP, distinct_words, exact_terms, index_terms
from cresi_search.index.lean_writer import open_writer
from cresi_search.french.normalise import fold
from cresi_search.nearcopy import band_tokens, signature
from cresi_search.index.schema import KIND_DOC, KIND_PAGE, NO_DATE, SURFACE_FIELDS
from cresi_search.records import ACCESS_PUBLIC, ACCESS_STAFF, DocumentRecord

EXCERPT_CHARS = 3000
_LEADING_MARKS = re.compile(r"^[\W_]+")  # "« Guide »" sorts under G


def now_utc() -> str:
    """The time a document enters the index, as stored in `indexed`."""
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")


class RecordWriter:
    """Adds and removes DocumentRecords; `commit()` makes a batch visible to searchers.

    `known_dates` gives, when first needed, document id -> the date it entered the index
    (of the index being updated, or of the live one a rebuild replaces): a document
    written again keeps its date, a new one gets the current time.
    """

    def __init__(self, ix: whoosh_index.Index,
                 known_dates: Callable[[], Mapping[str, str]] | None = None) -> None:
        self._ix = ix
        self._writer: IndexWriter | None = None
        self._known_dates = known_dates
        self._dates: Mapping[str, str] | None = None
        self.pending = 0

    def _indexed(self, record: DocumentRecord) -> str:
        """Its date of entry; a renamed document keeps the one of its former id."""
        if self._dates is None:
            self._dates = self._known_dates() if self._known_dates else {}
        for doc_id in (record.id, *reversed(record.former_ids)):
            if self._dates.get(doc_id):
                return self._dates[doc_id]
        return now_utc()

    def _w(self) -> IndexWriter:
        if self._writer is None:
            # procs=1: extraction already uses the cores. limitmb bounds the postings kept
            # in memory before Whoosh spills sorted runs to disk: measured on 2,000
            # documents, 1 GB was no faster than 256 MB and tripled the job's peak memory.
            self._writer = open_writer(self._ix, limitmb=256)
        return self._writer

    def delete(self, doc_id: str) -> None:
        self._w().delete_by_term("parent", doc_id)
        self.pending += 1

    def add(self, record: DocumentRecord, *, replace: bool = True) -> None:
        w = self._w()
        if replace:
            w.delete_by_term("parent", record.id)
        for fields in record_to_entries(record, self._indexed(record)):
            w.add_document(**fields)
        self.pending += 1

    def commit(self, optimize: bool = False) -> None:
        if self._writer is not None:
            self._writer.commit(optimize=optimize)
            self._writer = None
        self.pending = 0

    def cancel(self) -> None:
        if self._writer is not None:
            self._writer.cancel()
            self._writer = None


def record_to_entries(r: DocumentRecord, indexed: str = "") -> Iterator[dict]:
    """The Whoosh entries of one record: the document entry, then one per page.
    `indexed`: when the document entered the index (default: now).

    Page texts are analysed here, once: their terms index the page entries, and end to
    end (the same terms and positions as analysing the whole text) the document's body.
    """
    text = "\n\n".join(r.pages)
    access = ACCESS_PUBLIC if r.access == ACCESS_PUBLIC else ACCESS_STAFF  # fail closed
    page_terms = [index_terms(page) for page in r.pages]
    near = signature(text)
    yield dict(
        id=r.id,
        kind=KIND_DOC,
        parent=r.id,
        path=r.path,
        sha256=r.fingerprint.sha256,
        size=r.fingerprint.size,
        mtime_ns=r.fingerprint.mtime_ns,
        format=r.format,
        former_ids=",".join(i for i in r.former_ids if i != r.id),
        title=r.title,
        summary=r.summary,
        keywords="; ".join(r.keywords),
        tags="\n".join(r.tags),
        body=list(chain.from_iterable(page_terms)),
        exact=_exact(r),
        near=" ".join(band_tokens(near)),
        access=access,
        **{SURFACE_FIELDS[access]: distinct_words(f"{r.title}\n{r.summary}\n{text}")},
        **facet_values(r),
        sort_date=r.date or (f"{r.year}-00-00" if r.year else NO_DATE),
        sort_title=_LEADING_MARKS.sub("", fold((r.title or r.path).lower())),
        indexed=indexed or now_utc(),
        meta={**_meta(r, text), "near": near},
    )
    for number, (page, terms) in enumerate(zip(r.pages, page_terms), start=1):
        if page.strip():
            yield dict(
                id=f"{r.id}/p{number}",
                kind=KIND_PAGE,
                parent=r.id,
                access=access,
                page_text=terms,
                _stored_page_text=page,
                pagenum=number,
            )


def _meta(r: DocumentRecord, text: str) -> dict:
    """What the pages show of a document beyond its fields, stored only."""
    return {
        "author": r.author,
        "date": r.date,
        "partners": list(r.partners),
        "sources": dict(r.sources),
        "text_layer": r.text_layer,
        "paged": r.paged,
        "page_count": len(r.pages),
        "warnings": list(r.warnings),
        "ocr_pages": list(r.ocr_pages),
        "awaiting_ocr": list(r.awaiting_ocr),
        "repaired_pages": list(r.repaired_pages),
        "scan": r.scan,
        "thumbnail": r.thumbnail,
        "excerpt": text[:EXCERPT_CHARS],
        "fingerprint": asdict(r.fingerprint),
        "signature": r.signature,
    }


def _exact(r: DocumentRecord) -> list[str]:
    """Words as typed of the title, summary, keywords and text, a gap between them."""
    out: list[str] = []
    for part in (r.title, r.summary, "; ".join(r.keywords)):
        out += exact_terms(part)
        out.append(EXACT_GAP)
    for page in r.pages:
        out += exact_terms(page)
    return out


def facet_values(r: DocumentRecord) -> dict[str, str]:
    """The value of each facet field: codes joined by commas, "" when none."""
    out = {}
    for facet in FACETS:
        value = getattr(r, facet.attribute)
        out[facet.name] = ",".join(value) if facet.multiple else str(value or "")
    return out
