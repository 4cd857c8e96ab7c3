"""Which documents match, and what to do when none holds every word (docs/search.md).

A document matches when it holds any of the query's groups of words (question words
and stop words set aside): never is a good document lost because it lacks a word. Filters
typed in the query ("pays:mali", "année:2015") are required. Those holding every group come first (`Match.complete`); the others follow and the
page names the words each one lacks. `find` is the whole policy, on the parsed query:
1. the query as typed;
2. when no document holds every word and a misspelt word is within one edit of a word
   of the index, the corrected query ("sfxa" -> "Sfax"), said on the page;
`suggest` offers a corrected query when few documents hold every word.
Each group of words and the excluded words are matched once per query, and past the
request's time budget the groups not reached yet are left out (the page says so).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, replace

from whoosh import query as wq

from cresi_search.search.building import CompiledQuery, combine, documents_query
from cresi_search.search.facet_counts import apply_selections
from cresi_search.search.searchers import View
from cresi_search.search.spelling import Vocabulary
from cresi_search.search.syntax import Clause, ParsedQuery, without_filler

AUTO_CORRECT_EDITS = 1  # with no complete hit, a correction this close is searched at once

Compiler = Callable[[ParsedQuery], CompiledQuery]


@dataclass
class Match:
    """Documents matching a query's text, before facet selections."""

    docs: frozenset[int]  # hold a group of words at least, and no excluded word
    complete: frozenset[int]  # of those, the ones holding every group
    query: wq.Query | None  # what scores them; None: browse (no text query)
    scored: bool
    groups: tuple[frozenset[int] | None, ...] = ()  # documents of each group (None: no words)
    unusable: bool = False  # words typed but nothing searchable left in them
    stopped: bool = False  # the time budget ran out: only the first groups were matched

    def missing(self, docnum: int) -> list[int]:
        """Indexes of the groups the document lacks."""
        return [i for i, docs in enumerate(self.groups) if docs is not None and docnum not in docs]


@dataclass
class Found:
    """The outcome of `find`: the query whose results are shown and its matches."""

    compiled: CompiledQuery
    match: Match
    hits: frozenset[int]  # match.docs allowed by the facet selections
    complete: frozenset[int]  # hits holding every group of words
    typed_complete: int  # complete hits of the query as typed, before any correction
    correction: ParsedQuery | None = None  # the corrected query searched instead


def find(view: View, compile_query: Compiler, typed: ParsedQuery, raw: str,
         chosen: dict[str, frozenset[int]], deadline: float = math.inf) -> Found:
    """The query as typed; else, when no document holds every word, its one-edit correction.
    Past `deadline` (time.monotonic()), the groups of words not matched yet are left out."""
    compiled = compile_query(without_filler(typed))
    match = match_documents(view, compiled, raw, deadline)
    found = _found(compiled, match, chosen)
    if found.complete or not typed.groups:
        return found
    correction = corrected(view.state.vocabulary, typed, max_edits=AUTO_CORRECT_EDITS)
    if correction is not None:
        fixed = compile_query(without_filler(correction))
        better = _found(fixed, match_documents(view, fixed, raw, deadline), chosen)
        if better.complete:
            return replace(better, typed_complete=0, correction=correction)
    return found


def _found(compiled: CompiledQuery, match: Match, chosen: dict[str, frozenset[int]]) -> Found:
    hits = apply_selections(match.docs, chosen)
    complete = hits & match.complete
    return Found(compiled, match, hits, complete, len(complete))


def match_documents(view: View, compiled: CompiledQuery, raw: str,
                    deadline: float = math.inf) -> Match:
    """Documents holding any group of words and none of the excluded ones, one per group
    of copies of a document (duplicates.py): totals and facet counts count entries shown."""
    match = _match_documents(view, compiled, raw, deadline)
    docs, complete = view.state.copies.collapse(match.docs, match.complete)
    return replace(match, docs=docs, complete=complete)


def _match_documents(view: View, compiled: CompiledQuery, raw: str, deadline: float) -> Match:
    documents = view.state.facets.documents
    if not raw.strip():
        return Match(documents, documents, None, scored=False)
    positive, negative = compiled.any_clause, compiled.negative
    if positive is None and negative is None:
        return Match(frozenset(), frozenset(), None, scored=False, unusable=True)
    excluded = _docs(view, negative) if negative is not None else frozenset()
    groups = _group_docs(view, compiled, deadline)
    stopped = any(g is not None and d is None for g, d in zip(compiled.groups, groups))
    if stopped:  # rank on the groups matched in time only
        positive = combine(wq.Or, [g for g, d in zip(compiled.groups, groups) if d is not None])
    required = [d for d, r in zip(groups, compiled.required) if d is not None and r]
    optional = [d for d, r in zip(groups, compiled.required) if d is not None and not r]
    allowed = frozenset.intersection(documents, *required) - excluded
    query = documents_query(positive, negative)
    if not optional:  # only filters and excluded words: every document they allow
        return Match(allowed, allowed, query, positive is not None, groups, stopped=stopped)
    docs = allowed & frozenset().union(*optional)
    complete = allowed.intersection(*optional)
    return Match(docs, complete, query, scored=True, groups=groups, stopped=stopped)


def _group_docs(view: View, compiled: CompiledQuery,
                deadline: float) -> tuple[frozenset[int] | None, ...]:
    """The documents of each group of words, None for a group with no words or one not
    reached before the deadline (the first group always is)."""
    out: list[frozenset[int] | None] = []
    for group in compiled.groups:
        late = bool(out) and time.monotonic() > deadline
        out.append(_docs(view, group) if group is not None and not late else None)
    return tuple(out)


def _docs(view: View, q: wq.Query) -> frozenset[int]:
    """The document entries matching `q`."""
    return frozenset(view.searcher.docs_for_query(documents_query(q))) & view.state.facets.documents


def corrected(vocabulary: Vocabulary, parsed: ParsedQuery,
              max_edits: int | None = None) -> ParsedQuery | None:
    """The query with its misspelt words corrected (accented words from the index),
    or None when no word needs it. Filters, prefixes and excluded words are kept.

    With `max_edits` (the automatic correction), quoted words are kept too: quotes are how
    a person asks for a word as typed.
    """
    changed = False

    def fix(c: Clause) -> Clause:
        nonlocal changed
        if c.negated or c.field not in ("", "title") or c.kind == "prefix" or c.named:
            return c
        if c.kind == "phrase" and max_edits is not None:
            return c
        words = [vocabulary.correct(w, max_edits) or w for w in c.text.split()]
        if words != c.text.split():
            changed = True
            return replace(c, text=" ".join(words))
        return c

    fixed = parsed.replaced(fix)
    return fixed if changed else None


def suggest(view: View, compile_query: Compiler, typed: ParsedQuery, found: int,
            chosen: dict[str, frozenset[int]]) -> str | None:
    """A corrected query whose words all match more documents than the query as
    typed (`found` documents hold all its words)."""
    correction = corrected(view.state.vocabulary, typed)
    if correction is None:
        return None
    text = correction.render()
    compiled = compile_query(without_filler(correction))
    better = _found(compiled, match_documents(view, compiled, text), chosen)
    return text if len(better.complete) > found else None
