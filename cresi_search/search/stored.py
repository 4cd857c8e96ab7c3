"""Document entries' stored fields, read into the objects the read side returns.

The index stores codes; labels come from the vocabularies at read time, so a label
changed in taxonomy.toml shows without reindexing.
"""

from __future__ import annotations

from markupsafe import Markup

from cresi_search.index.schema import KIND_DOC
from cresi_search.records import ACCESS_STAFF, Fingerprint
from cresi_search.search import snippets
from cresi_search.search.building import CompiledQuery
from cresi_search.search.results import DocumentView, SearchHit
from cresi_search.search.searchers import View
from cresi_search.vocab.labels import Vocabularies


def docnum_of(view: View, doc_id: str) -> int | None:
    """The entry number of a document's entry, None for an unknown id, a page's id or a
    document the view's audience may not see (the same None: nothing tells them apart)."""
    if not doc_id or "/" in doc_id:  # page entries have "id/pN" ids
        return None
    docnum = view.searcher.document_number(id=doc_id)
    if not view.visible(docnum) or view.searcher.stored_fields(docnum).get("kind") != KIND_DOC:
        return None
    return docnum


def summary_hit(f: dict, vocab: Vocabularies) -> SearchHit:
    """A hit without snippet, from a document entry's stored fields."""
    meta = f.get("meta") or {}
    return SearchHit(
        id=f["id"], path=f.get("path", ""), title=f.get("title") or f.get("path", ""),
        type=vocab.type_label(f.get("type", "")),
        countries=[vocab.country(c) for c in split(f.get("country"))],
        themes=[vocab.theme(t) for t in split(f.get("theme"))],
        year=int(f["year"]) if (f.get("year") or "").isdigit() else None,
        organisation=f.get("organisation") or None, format=f.get("format", ""),
        indexed=f.get("indexed") or "",
        scan=bool(meta.get("scan")), thumbnail=bool(meta.get("thumbnail")),
        access=f.get("access") or ACCESS_STAFF,
    )


def hits_with_snippets(view: View, docnums: list[int], compiled: CompiledQuery | None,
                       vocab: Vocabularies) -> list[SearchHit]:
    """The hits of a result page, each with the passage of its best page."""
    stored = [view.searcher.stored_fields(n) for n in docnums]
    terms = compiled.terms() if compiled else set()
    best = {}
    if compiled is not None and compiled.pages is not None:
        best = snippets.best_pages(view.searcher, [f["id"] for f in stored], compiled.pages)
    return [_with_snippet(view, f, best.get(f["id"]), terms, vocab) for f in stored]


def _with_snippet(view: View, f: dict, page_docnum: int | None, terms: set[str],
                  vocab: Vocabularies) -> SearchHit:
    hit = summary_hit(f, vocab)
    meta = f.get("meta") or {}
    if page_docnum is not None:
        page = view.searcher.stored_fields(page_docnum)
        snippet = snippets.highlight_text(page.get("page_text", ""), terms)
        if snippet:
            hit.snippet = snippet
            hit.page = page.get("pagenum") if meta.get("paged") else None
            return hit
    hit.snippet = _fallback_snippet(f, terms)
    return hit


def _fallback_snippet(f: dict, terms: set[str]) -> Markup:
    summary = f.get("summary") or ""
    marked = snippets.highlight_text(summary, terms) if summary else None
    if marked:
        return marked
    return snippets.plain_snippet(summary or (f.get("meta") or {}).get("excerpt", ""))


def document_view(f: dict, vocab: Vocabularies) -> DocumentView:
    """Every stored value of one document, with its sources."""
    meta = f.get("meta") or {}
    hit = summary_hit(f, vocab)
    return DocumentView(
        id=hit.id, path=hit.path, format=hit.format, title=hit.title,
        summary=f.get("summary") or "", keywords=split(f.get("keywords"), ";"),
        author=meta.get("author") or "", date=meta.get("date") or "", year=hit.year,
        type=hit.type, countries=hit.countries, themes=hit.themes,
        organisation=hit.organisation, partners=list(meta.get("partners") or []),
        sources=dict(meta.get("sources") or {}), page_count=meta.get("page_count", 0),
        paged=bool(meta.get("paged")), text_layer=meta.get("text_layer", True),
        warnings=list(meta.get("warnings") or []), size=f.get("size"),
        fingerprint=_fingerprint(f), access=hit.access,
        scan=hit.scan, thumbnail=hit.thumbnail,
        ocr_pages=list(meta.get("ocr_pages") or []), awaiting_ocr=list(meta.get("awaiting_ocr") or []),
        repaired_pages=list(meta.get("repaired_pages") or []),
    )


def _fingerprint(f: dict) -> Fingerprint | None:
    try:
        return Fingerprint(int(f["size"]), int(f["mtime_ns"]), str(f["sha256"]))
    except (KeyError, TypeError, ValueError):
        return None


def profile_text(f: dict, vocab: Vocabularies) -> str:
    """The text a document is compared on for "Documents similaires" (its tags are not
    stored: the labels of its countries and themes instead)."""
    hit = summary_hit(f, vocab)
    labels = [lab.label for lab in hit.countries + hit.themes]
    parts = [f.get("title"), f.get("summary"), f.get("keywords"), " ".join(labels),
             (f.get("meta") or {}).get("excerpt")]
    return "\n".join(p for p in parts if p)


def split(value: str | None, sep: str = ",") -> list[str]:
    return [v.strip() for v in (value or "").split(sep) if v.strip()]
