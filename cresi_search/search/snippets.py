"""Snippets: the best page of each hit, highlighted with <mark>, escaped.

For the hits of the current result page, the page query (any clause, on `page_text`)
scores only their page entries: its matcher skips straight to each of them. The best
page of each hit is the only text highlighted. A hit with no matching page (a
title-only match, a scan) shows its summary or the start of its text instead
(stored.py). On a document's own page, `ranked_pages` gives its best pages.
"""

from __future__ import annotations

from collections.abc import Iterable

from markupsafe import Markup, escape
from whoosh import highlight
from whoosh import query as wq
from whoosh.reading import TermNotFound

from cresi_search.search.building import text_analyzer
from cresi_search.index.schema import KIND_PAGE

FRAGMENT_CHARS = 200
SURROUND_CHARS = 60
HIGHLIGHT_CHARLIMIT = 20_000  # pages are short; this bounds a pathological one
PLAIN_CHARS = 240


class MarkFormatter(highlight.Formatter):
    """Matched words in <mark>, everything else HTML-escaped, "…" where text was cut."""

    between = " … "

    def _text(self, text: str) -> str:
        return str(escape(text))

    def format_token(self, text, token, replace=False) -> str:
        return f"<mark>{escape(highlight.get_text(text, token, replace))}</mark>"

    def format(self, fragments, replace=False) -> str:
        if not fragments:
            return ""
        out = self.between.join(self.format_fragment(f, replace) for f in fragments)
        text = fragments[0].text
        before, after = text[: fragments[0].startchar], text[fragments[-1].endchar :]
        out = (self._text(before) if _is_punctuation(before) else "… ") + out
        return out + (self._text(after) if _is_punctuation(after) else " …")


def _is_punctuation(text: str) -> bool:
    """True for what is left of a text outside a fragment when it holds no word."""
    return len(text) < 12 and not any(ch.isalnum() for ch in text)


def highlight_text(text: str, terms: Iterable[str], top: int = 2) -> Markup | None:
    """Fragments of `text` around the terms, or None when no term occurs in it."""
    terms = frozenset(terms)
    if not text or not terms:
        return None
    fragmenter = highlight.ContextFragmenter(
        maxchars=FRAGMENT_CHARS, surround=SURROUND_CHARS, charlimit=HIGHLIGHT_CHARLIMIT
    )
    html = highlight.highlight(text, terms, text_analyzer(), fragmenter, MarkFormatter(), top=top)
    return Markup(html) if html else None


def plain_snippet(text: str, limit: int = PLAIN_CHARS) -> Markup:
    """The start of a text, escaped, cut at a word boundary."""
    text = " ".join((text or "").split())
    if len(text) > limit:
        cut = text[:limit]
        text = (cut[: cut.rfind(" ")] if " " in cut else cut) + " …"
    return escape(text)


def pages_query(parent_ids: Iterable[str], text_query: wq.Query) -> wq.Query:
    parents = wq.Or([wq.Term("parent", pid) for pid in parent_ids])
    return wq.And([wq.Term("kind", KIND_PAGE), parents, text_query])


def owners(reader, parent_ids: Iterable[str]) -> dict[int, str]:
    """Entry number -> document id, for the entries (document and pages) of the ids."""
    out: dict[int, str] = {}
    for pid in parent_ids:
        try:
            out.update(dict.fromkeys(reader.postings("parent", pid).all_ids(), pid))
        except TermNotFound:
            continue
    return out


def best_pages(searcher, parent_ids: list[str], text_query: wq.Query) -> dict[str, int]:
    """Document id -> entry number of its best-scoring page.

    Only the entries of the hits are scored: the query's matcher skips straight to each
    of them, instead of intersecting with the parents' postings.
    """
    if not parent_ids:
        return {}
    owner = owners(searcher.reader(), parent_ids)
    scores: dict[int, float] = {}
    for sub, offset in searcher.leaf_searchers():
        matcher = text_query.matcher(sub, sub.context())
        end = offset + sub.doc_count_all()
        for docnum in sorted(d for d in owner if offset <= d < end):
            if not matcher.is_active():
                break
            local = docnum - offset
            if matcher.id() < local:
                matcher.skip_to(local)
            if matcher.is_active() and matcher.id() == local:
                scores[docnum] = matcher.score()
    best: dict[str, int] = {}
    for docnum, _score in sorted(scores.items(), key=lambda item: -item[1]):
        pid = owner[docnum]
        if pid not in best:
            best[pid] = docnum
    return best


def ranked_pages(searcher, parent_id: str, text_query: wq.Query, limit: int) -> list[int]:
    """Entry numbers of the best pages of one document, best first."""
    results = searcher.search(pages_query([parent_id], text_query), limit=limit)
    return [docnum for docnum, _score in results.items()]
